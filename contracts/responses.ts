/**
 * Shapes of the server's JSON answers that the web reads, declared once here
 * (the row shapes the services declare themselves are in views.ts, the
 * statistics in statistics.ts, the realtime messages in realtime.ts).
 */
import type { MemberFacts } from './household-facts.js';
import type { AlertMessage } from './realtime.js';
import type { Role } from './roles.js';

export type { MemberFacts };
export type { CaseListItem, InboxItem } from './lists.schema.js';

export interface Profile {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  department: { code: string; name: string };
  unit: { code: string; name: string };
  /** The county the account works in (the province for the 系统管理员（全省）). */
  county: { code: string; name: string };
  groups: string[];
  mustChangePassword: boolean;
}

export interface Page<T> {
  total: number;
  items: T[];
}

export interface TaskDetail {
  taskId: string;
  name: string;
  taskKey: string;
  created: string;
  due: string | null;
  assignee: string | null;
  claimedByMe: boolean;
  caseId: string | null;
}

export interface TimelineEvent {
  at: string;
  kind: string;
  step: string;
  actor: string | null;
  department: string | null;
  opinion: string | null;
}

export interface HistoryActivity {
  activityId: string;
  /** The engine task of a user task (when the server provides it). */
  taskId?: string | null;
  name: string | null;
  type: string;
  start: string;
  end: string | null;
  assignee: string | null;
}

/** The tracking diagram's data, computed by the server (ProcessGraph.takenFlows). */
export interface CaseTracking {
  /** Activity ids (gateways included) that ran to their end. */
  completed: string[];
  /** Activity ids still open. */
  current: string[];
  /** Sequence flows the case took. */
  takenFlows: string[];
}

export interface CaseFile {
  id: string;
  caseNo: string;
  status: string;
  statusName: string;
  outcome: string | null;
  outcomeName: string | null;
  outcomeReason: string | null;
  assistanceTypes: string[];
  assistanceTypeNames: string[];
  reason: string;
  leadDepartment: string | null;
  leadDepartmentName: string | null;
  registeredAt: string;
  registeredUnit: string;
  closedAt: string | null;
  processInstanceId: string | null;
  processState: string | null;
  household: {
    id: string;
    householdNo: string;
    headName: string;
    headIdNumber: string;
    phone: string | null;
    address: string;
    bankCardNo: string | null;
    village: string;
    monthlyIncomeYuan: number;
    disasterImpact?: string;
    disasterImpactName?: string;
    /** factNames: 家庭情况 in words (残疾人证二级, 在读初中 …). */
    members: { id: string; name: string; idNumber: string; relation: string; factNames?: string[]; facts?: MemberFacts | null }[];
  };
  timeline: TimelineEvent[];
  payment: null | {
    monthlyAmountYuan: number;
    householdSize: number;
    standardYuan: number;
    perCapitaIncomeYuan: number;
    startMonth: string;
    status: string;
  };
  history: HistoryActivity[];
  tracking: CaseTracking;
  documents: { required: { code: string; name: string; submitted: boolean }[]; missing: { code: string; name: string }[] };
  verification: VerificationReport[];
  homeVisits: { visitedAt: string; findings: string; recommend: boolean }[];
  democraticReviews: { heldAt: string; participants: number; votesFor: number; votesAgainst: number; passed: boolean }[];
  notices: { noticeNo: string; publishedAt: string; endsAt: string; status: 'open' | 'ended' | 'objected' | string; content: string }[];
  objections: { receivedAt: string; content: string; upheld: boolean | null; resolution: string | null }[];
  referrals: { department: string; departmentName: string | null; status: 'pending' | 'done' | 'withdrawn' | string; reason?: string | null; opinion: string | null; handledAt: string | null }[];
  /** 临时救助 (null for other applications). */
  temporary?: null | {
    amountYuan: number;
    emergency: boolean;
    source: 'window' | 'village_report' | string;
    sourceName: string;
    approvalLevel: 'township' | 'county' | null;
    approvalLevelName: string | null;
    payment: null | { amountYuan: number; paidFirst: boolean; paidAt: string };
  };
  ledger: null | { certificateNo: string; townshipCode: string; monthlyAmountYuan: number; startMonth: string | null };
  /** 联席会议议题 raised about this case, with their outcome (通报 or the reason not to convene). */
  conferences?: { id: string; matterNo: string; title: string; status: string; statusName: string; outcome: string | null; report: string | null; raisedAt: string; closedAt: string | null; readable: boolean }[];
}

/** 家庭经济状况核对报告 (one per round). */
export interface VerificationReport {
  round: number;
  householdSize: number;
  totalMonthlyIncomeYuan: number;
  perCapitaIncomeYuan: number;
  flags: string[];
  summary: string;
  sources: { source: string; name: string; monthlyIncomeYuan: number; summary: string; flags: string[] }[];
}

/** A notice on the public 公示 page (already masked by the server). */
export interface PublicNotice {
  noticeNo: string;
  content: string;
  publishedAt: string;
  objectionDeadline: string;
}

export interface Meta {
  assistanceTypes: { code: string; name: string }[];
  departments: { code: string; name: string; isLead?: boolean; sortOrder?: number; active?: boolean }[];
  units: { code: string; name: string; level: 'province' | 'city' | 'county' | 'township' | 'village'; parentCode: string | null }[];
}

export interface HouseholdOption {
  id: string;
  householdNo: string;
  headName: string;
  headIdNumber: string;
  unitCode: string;
}

export interface RegisterResult {
  id: string;
  caseNo: string;
  /** 查询码 of the 受理通知书, returned this once. */
  lookupCode: string;
  status: string;
  processInstanceId: string | null;
}

export interface AlertItem extends AlertMessage {
  acknowledged: boolean;
}

export type AccountabilityDecision = '免责' | '约谈' | '通报批评' | '问责';

/** One record of the 问责台账, opened by a 红牌 escalation. */
export interface AccountabilityRecord {
  id: string;
  taskId: string;
  taskName: string;
  processInstanceId: string;
  caseId: string | null;
  businessKey: string | null;
  departmentCode: string | null;
  handlerId: string | null;
  /** Who the record names: the assignee, or the candidates of an unclaimed task, and their supervisors. */
  responsible: { id: string; name: string; kind: 'assignee' | 'candidate' | 'head' }[];
  dueAt: string;
  /** Working days late when escalated, as a decimal string (e.g. "2.25"). */
  lateWorkingDays: string;
  explanation: string | null;
  decision: AccountabilityDecision | null;
  decisionReason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  openedAt: string;
}

export interface AccountabilityEvent {
  kind: 'opened' | 'explained' | 'decided' | string;
  actorName: string | null;
  content: string | null;
  at: string;
}

export interface AccountabilityDetail extends AccountabilityRecord {
  events: AccountabilityEvent[];
}

export type TimeUnit = 'workday' | 'hour';

/** 办理时限规则 of one step. */
export interface TimeLimitRule {
  id: string;
  processKey: string;
  taskKey: string;
  stepName: string;
  amount: number;
  unit: TimeUnit;
  remindBeforeAmount: number;
  remindBeforeUnit: TimeUnit;
  graceAmount: number;
  graceUnit: TimeUnit;
  updatedBy: string | null;
  updatedAt: string;
  /** The county whose rule this is ('' = the installation default). */
  countyCode: string;
  /** True when the county set this step's limit itself (恢复默认 removes it). */
  own: boolean;
  /** The installation default the county inherits. */
  defaults: Pick<TimeLimitRule, 'amount' | 'unit' | 'remindBeforeAmount' | 'remindBeforeUnit' | 'graceAmount' | 'graceUnit'>;
}

/** 工作日历 of one year: days off and make-up working weekend days. */
export interface CalendarYearData {
  year: number;
  holidays: string[];
  workdays: string[];
  source: string | null;
  updatedAt: string | null;
}

/** An open step offered in the 督办催办 dialog. */
export interface UrgeTarget {
  /** null: the step is open but its task could not be identified (it cannot be urged from here). */
  taskId: string | null;
  name: string;
  due?: string | null;
  /** Who handles it now, e.g. “待签收”. */
  holder?: string | null;
}

/** GET /api/conferences: one matter (联席会议议题). */
export interface ConferenceListItem {
  id: string;
  matterNo: string;
  title: string;
  status: string;
  statusName: string;
  outcome: string | null;
  departments: { code: string; name: string }[];
  raisedAt: string;
  closedAt: string | null;
}

export interface ConferenceItem {
  id: string;
  seq: number;
  content: string;
  department: { code: string; name: string };
  deadline: string;
  status: 'open' | 'done';
  statusName: string;
  overdue: boolean;
  completionNote: string | null;
  completedBy: string | null;
  completedAt: string | null;
  supervisions: number;
}

export interface ConferenceTask {
  taskId: string;
  taskKey: string;
  name: string;
  created: string;
  due: string | null;
  assignee: string | null;
  claimedByMe: boolean;
  department: { code: string; name: string } | null;
  item: { id: string; seq: number; content: string; deadline: string } | null;
}

/** GET /api/conferences/:id: the matter file (议题卷宗). */
export interface ConferenceFile extends ConferenceListItem {
  background: string;
  relatedCase: { id: string; caseNo: string } | null;
  outcomeName: string | null;
  raisedBy: string | null;
  decision: { convene: boolean; opinion: string | null; by: string | null; at: string | null } | null;
  opinions: { department: { code: string; name: string }; opinion: string | null; by: string | null; at: string | null }[];
  minutes: { text: string; by: string | null; at: string | null } | null;
  items: ConferenceItem[];
  report: string | null;
  timeline: { at: string; kind: string; step: string | null; actor: string | null; department: string | null; itemId: string | null; opinion: string | null }[];
  processInstanceId: string | null;
  processState: string | null;
  history: HistoryActivity[];
  myTasks: ConferenceTask[];
}

/** GET /api/admin/departments */
export interface AdminDepartment {
  code: string;
  name: string;
  isLead: boolean;
  sortOrder: number;
  active: boolean;
  userCount: number;
}

/** GET /api/admin/processes */
export interface ProcessVersion {
  id: string;
  key: string;
  name: string;
  version: number;
  latest: boolean;
  suspended: boolean;
  deploymentId: string;
  deploymentName: string | null;
  deployedAt: string | null;
  runningInstances: number;
  failedJobs: number;
  incidents: number;
}

/** 求助有门: what the public lookup shows (no personal data beyond the masked name). */
export interface LookupResult {
  caseNo: string;
  applicant: string;
  assistanceTypeNames: string[];
  registeredAt: string;
  statusName: string;
  stages: { name: string; due: string | null; overdue: boolean }[];
  outcomeName: string | null;
  closedAt: string | null;
}

/** 附件: a scan of a material or a home-visit photo. */
export interface Attachment {
  id: string;
  kind: 'material' | 'home_visit';
  kindName: string;
  documentCode: string | null;
  documentName: string | null;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  uploadedByName: string;
  createdAt: string;
}

/** 系统参数: one setting as the admin page shows it (GET /api/admin/settings): the value in force for the county, and whether it is the county's own. */
export interface SettingView {
  key: string;
  name: string;
  valueYuan: number;
  /** The installation default the county inherits when it has no value of its own. */
  defaultYuan: number;
  /** The county whose value this is; null for the installation default (the 系统管理员（全省）'s page). */
  countyCode: string | null;
  /** True when the county set its own value (恢复默认 removes it). */
  own: boolean;
  updatedBy: string | null;
  updatedAt: string | null;
}
