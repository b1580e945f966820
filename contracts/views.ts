/**
 * The shapes of list rows the services answer with, in a module without
 * TypeORM, so the web's type-check (vue-tsc) can import them without pulling
 * the entities into its program. The services re-export them. Each is inferred
 * from the zod schema the answer is checked with (contracts/answers/*).
 */
import type { z } from 'zod';
import type * as admin from './answers/admin.js';
import type * as campaign from './answers/campaign.js';
import type * as meta from './answers/meta.js';
import type * as process from './answers/process.js';
import type * as tasks from './answers/tasks.js';

export type { DoneItem } from './lists.schema.js';

export type InitiatedItem = z.infer<typeof tasks.initiatedItemSchema>;

/** The task page's options besides 办理 (GET /api/tasks/:id/actions). */
export type TaskActionOptions = z.infer<typeof tasks.taskActionOptionsSchema>;

/** One row of 抄送我的. */
export type CopyItem = z.infer<typeof tasks.copyItemSchema>;

/** An account as the admin list shows it (no hash, no lockout internals beyond whether it is locked). */
export type UserView = z.infer<typeof admin.userViewSchema>;

/** One line of the 乡镇台账 / 村级名册: a recipient of the register, or a paid 临时救助 case. */
export type LedgerRow = z.infer<typeof meta.ledgerRowSchema>;

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
export type IncidentView = z.infer<typeof process.incidentViewSchema>;

/** One test case of a decision: inputs and the matched rules' outputs expected (in any order). */
export type DecisionTestCase = z.infer<typeof process.decisionTestCaseSchema>;

/** The result of one test case on the candidate version. */
export type TestCaseResult = z.infer<typeof process.testCaseResultSchema>;

/** A real evaluation whose outcome the candidate version changes. */
export type ReplayChange = z.infer<typeof process.replayChangeSchema>;

/** What 检查 answers for a candidate decision version. */
export type CheckReport = z.infer<typeof process.checkReportSchema>;

/** 版本与迁移: one deployed version of a process, with its running instances in the admin's county. */
export type VersionRow = z.infer<typeof process.versionRowSchema>;

/** One deployed version of a decision (DMN). */
export type DecisionVersionRow = z.infer<typeof process.decisionVersionRowSchema>;

/** One step of a migration plan: a source activity, the target activity it maps to (null: none), in Chinese. */
export type MigrationMappingRow = z.infer<typeof process.migrationMappingRowSchema>;

/** A migration plan as the admin reviews it before executing. */
export type MigrationPlanView = z.infer<typeof process.migrationPlanViewSchema>;

/** A running instance of one version, as the admin picks instances to migrate. */
export type VersionInstanceRow = z.infer<typeof process.versionInstanceRowSchema>;

/** One migration as recorded and read back: the batch's progress and each instance's outcome. */
export type MigrationView = z.infer<typeof process.migrationViewSchema>;

/** 冬春救助进度 of one township on the coordinators' monitor (GET /api/monitor/campaigns). */
export type CampaignTownshipProgress = z.infer<typeof campaign.campaignTownshipProgressSchema>;

/** One running 冬春救助 campaign on the monitor, with its townships and the county's totals. */
export type CampaignMonitorItem = z.infer<typeof campaign.campaignMonitorItemSchema>;

/** One county as the 县（区） page of the 系统管理员（全省） lists it (GET /api/admin/counties). */
export type CountyView = z.infer<typeof admin.countyViewSchema>;

/** A unit a new county may go under: the province or one of its cities. */
export type CountyParent = z.infer<typeof admin.countyParentSchema>;
