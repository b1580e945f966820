/**
 * The shapes of list rows the services answer with, in a module without
 * TypeORM, so the web's type-check (vue-tsc) can import them without pulling
 * the entities into its program. The services re-export them.
 */
import type { Role } from './roles.js';

export type { DoneItem } from './lists.schema.js';

export interface InitiatedItem {
  kind: 'case' | 'conference';
  id: string;
  number: string;
  title: string;
  detail: string;
  status: string;
  statusName: string;
  closed: boolean;
  createdAt: string;
  closedAt: string | null;
}

/** The task page's options besides 办理 (GET /api/tasks/:id/actions). */
export interface TaskActionOptions {
  /** Who may receive a 转办, 委派 or 加签: the users of the task's candidate groups. */
  candidates: { username: string; displayName: string; departmentName: string }[];
  /** Who may receive a 抄送: the staff who may already read the case. */
  copyTargets: { username: string; displayName: string; departmentName: string }[];
  /** Departments a department task may be transferred to (empty for a village or window task). */
  departments: { code: string; name: string }[];
  /** The earlier steps 退回 may go back to, nearest first, each with its rule (empty when the step has none). */
  returnTargets: { key: string; name: string; rule: string }[];
  /** A 委派 in progress. */
  delegation: { owner: string; delegate: string; toMe: boolean } | null;
  /** Co-signers (加签) who have not signed yet. */
  cosigners: string[];
  /** Set when this task is itself a 加签 request. */
  cosign: { parentName: string; note: string } | null;
}

/** One row of 抄送我的. */
export interface CopyItem {
  id: string;
  taskId: string;
  taskName: string;
  caseId: string | null;
  note: string;
  createdAt: string;
  readAt: string | null;
  fromName: string | null;
  fromDepartment: string | null;
  caseNo: string | null;
  headName: string | null;
}

/** An account as the admin list shows it (no hash, no lockout internals beyond whether it is locked). */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentCode: string;
  departmentName: string;
  unitCode: string;
  unitName: string;
  active: boolean;
  locked: boolean;
  mustChangePassword: boolean;
  createdAt: string;
}

/** One line of the 乡镇台账 / 村级名册: a recipient of the register, or a paid 临时救助 case. */
export interface LedgerRow {
  householdNo: string;
  /** Masked (张**). */
  headName: string;
  villageCode: string;
  villageName: string;
  /** dibao_urban · dibao_rural · tekun · temporary */
  kind: string;
  kindName: string;
  householdSize: number;
  /** The monthly amount; for 临时救助 the one-off payment. */
  amountYuan: number;
  /** YYYY-MM: the first month paid (临时救助: the month it was paid). */
  since: string;
  /** active · suspended · terminated · paid (临时救助) */
  status: string;
  statusName: string;
  certificateNo: string | null;
  /** The month (YYYY-MM) of the last decided 定期核查; null before the first (and for 临时救助). */
  lastReview: string | null;
}

/** The ledger's kinds (its 类别 filter) and their names. */
export const LEDGER_KIND_NAMES = { dibao_urban: '城市低保', dibao_rural: '农村低保', tekun: '特困供养', temporary: '临时救助' } as const;
/** The ledger's statuses (its 状态 filter): the register's, and paid for a 临时救助 case. */
export const LEDGER_STATUS_NAMES = { active: '在保', suspended: '暂停', terminated: '终止', paid: '已发放' } as const;

/** The columns of the ledger page, its XLSX export and its print sheet, in order. */
export const LEDGER_COLUMNS: readonly { key: Exclude<keyof LedgerRow, 'villageCode' | 'kind' | 'status'>; label: string; width: number }[] = [
  { key: 'householdNo', label: '户编号', width: 20 },
  { key: 'headName', label: '户主', width: 10 },
  { key: 'villageName', label: '村（社区）', width: 12 },
  { key: 'kindName', label: '救助类别', width: 12 },
  { key: 'householdSize', label: '人数', width: 6 },
  { key: 'amountYuan', label: '金额（元）', width: 12 },
  { key: 'since', label: '起始月份', width: 10 },
  { key: 'statusName', label: '状态', width: 8 },
  { key: 'certificateNo', label: '救助证编号', width: 20 },
  { key: 'lastReview', label: '最近核查', width: 12 },
];

/** One incident as the admins' page shows it. */
export interface IncidentView {
  id: string;
  type: string;
  typeName: string;
  processKey: string;
  processName: string;
  processInstanceId: string;
  activityId: string;
  activityName: string;
  /** The error in Chinese where known. */
  message: string;
  /** The engine's (or the worker's) original message. */
  rawMessage: string | null;
  occurredAt: string;
  caseId: string | null;
  caseNo: string | null;
  businessKey: string | null;
}

/** One test case of a decision: inputs and the matched rules' outputs expected (in any order). */
export interface DecisionTestCase {
  name: string;
  inputs: Record<string, string | number | boolean | null>;
  expected: Record<string, string | number | boolean | null>[];
}

/** The result of one test case on the candidate version. */
export interface TestCaseResult {
  name: string;
  passed: boolean;
  expected: Record<string, unknown>[];
  actual: Record<string, unknown>[] | null;
  error: string | null;
}

/** A real evaluation whose outcome the candidate version changes. */
export interface ReplayChange {
  evaluatedAt: string;
  caseNo: string | null;
  inputs: Record<string, unknown>;
  before: Record<string, unknown>[];
  after: Record<string, unknown>[] | null;
  error: string | null;
}

/** What 检查 answers for a candidate decision version. */
export interface CheckReport {
  passed: boolean;
  testCases: TestCaseResult[];
  replay: { evaluated: number; skipped: number; changed: ReplayChange[] };
}

/** 版本与迁移: one deployed version of a process, with its running instances in the admin's county. */
export interface VersionRow {
  id: string;
  key: string;
  name: string;
  version: number;
  latest: boolean;
  deployedAt: string | null;
  /** Who deployed it: the platform at start (`doudi`), a decision edit's approver, or the deployment's source. */
  deployedBy: string | null;
  runningInstances: number;
}

/** One deployed version of a decision (DMN). */
export interface DecisionVersionRow {
  id: string;
  key: string;
  name: string;
  version: number;
  latest: boolean;
  deployedAt: string | null;
  deployedBy: string | null;
}

/** One step of a migration plan: a source activity, the target activity it maps to (null: none), in Chinese. */
export interface MigrationMappingRow {
  sourceActivityId: string;
  sourceName: string;
  targetActivityId: string | null;
  targetName: string | null;
  /** The engine's validation failures of this instruction, summarised in Chinese. */
  failures: string[];
}

/** A migration plan as the admin reviews it before executing. */
export interface MigrationPlanView {
  processKey: string;
  processName: string;
  source: { id: string; version: number };
  target: { id: string; version: number };
  mappings: MigrationMappingRow[];
  /** Steps of the target version that no source step maps to (new steps). */
  newTargetSteps: { activityId: string; name: string }[];
  valid: boolean;
  failures: string[];
}

/** A running instance of one version, as the admin picks instances to migrate. */
export interface VersionInstanceRow {
  id: string;
  businessKey: string | null;
  /** The steps it waits in now, in Chinese. */
  steps: string[];
}

/** One migration as recorded and read back: the batch's progress and each instance's outcome. */
export interface MigrationView {
  id: string;
  processKey: string;
  processName: string;
  sourceVersion: number;
  targetVersion: number;
  startedBy: string;
  startedAt: string;
  /** running: the batch still has jobs; finished: it has none left. */
  state: 'running' | 'finished';
  progress: { total: number; completed: number; failed: number; remaining: number } | null;
  instances: { id: string; businessKey: string | null; outcome: 'moved' | 'not-moved' | 'ended' }[];
  moved: number;
  notMoved: number;
  ended: number;
  rerunOf: string | null;
}

/** 冬春救助进度 of one township on the coordinators' monitor (GET /api/monitor/campaigns). */
export interface CampaignTownshipProgress {
  code: string;
  name: string;
  villages: number;
  /** Villages whose survey is in; of them, reportedLate after its time limit. */
  reported: number;
  reportedLate: number;
  /** Villages whose survey is open past its due date, and within it. */
  late: number;
  pending: number;
  /** The township's review: done, open past its due date, open, or not yet opened (villages still reporting). */
  review: 'done' | 'late' | 'pending' | 'waiting';
  reviewName: string;
}

/** One running 冬春救助 campaign on the monitor, with its townships and the county's totals. */
export interface CampaignMonitorItem {
  id: string;
  campaignNo: string;
  season: string;
  statusName: string;
  createdAt: Date | string;
  villages: number;
  reported: number;
  reportedLate: number;
  late: number;
  pending: number;
  townshipsReviewed: number;
  townships: CampaignTownshipProgress[];
}

/** One county as the 县（区） page of the 系统管理员（全省） lists it (GET /api/admin/counties). */
export interface CountyView {
  code: string;
  name: string;
  parentName: string | null;
  townships: number;
  villages: number;
  admins: string[];
}

/** A unit a new county may go under: the province or one of its cities. */
export interface CountyParent {
  code: string;
  name: string;
  level: string;
}
