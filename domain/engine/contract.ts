/**
 * The contract between BPMN models and workers, declared once: process keys,
 * external-task topics and BPMN error codes. A test checks every model in
 * processes/ against these lists, and every topic against a worker.
 */

/** Process definition keys: declared with their Chinese names in contracts/ (the web reads them too). */
export { PROCESS } from '../../contracts/processes.js';

/** Decision definition keys (DMN decision ids in processes/*.dmn), evaluated by business rule tasks. */
export const DECISION = {
  /** 申请材料: documents required per assistance kind (COLLECT). */
  applicationDocuments: 'application-documents',
  /** 低保/特困资格认定: income and assets against the standard in force, right after verification (FIRST). */
  dibaoEligibility: 'dibao-eligibility',
  /** 转介部门: departments referred and why, from household facts and kinds requested (COLLECT). */
  caseReferrals: 'case-referrals',
  /** 临时救助审批层级与先行救助 (UNIQUE). */
  temporaryApproval: 'temporary-approval',
  /** 物价联动启动条件: CPI or food price YoY against the county's thresholds (FIRST). */
  priceLinkageTrigger: 'price-linkage-trigger',
} as const;

/** External-task topics, `<area>.<verb>`. */
export const TOPIC = {
  /** 材料完整性审查: list what is missing (一次性告知). */
  caseCheckDocuments: 'case.check-documents',
  /** 分类派单: decide the lead department, the referrals and the village. */
  caseClassify: 'case.classify',
  /** 转介相关部门: open the referrals the referral decision matched (beside the 低保 path). */
  referralOpen: 'referral.open',
  /** 家庭经济状况核对: query one department data source (one instance per source). */
  verificationQuery: 'verification.query',
  /** 核对报告: merge the sources into the per-capita income. */
  verificationReport: 'verification.report',
  /** 发布公示 */
  noticePublish: 'notice.publish',
  /** 公示期满 */
  noticeEnd: 'notice.end',
  /** 台账登记 */
  ledgerRecord: 'ledger.record',
  /** 临时救助 · 审批层级: township or county by the amount. */
  temporaryAssess: 'temporary.assess',
  /** 临时救助 · 发放: the one-off payment, once per case. */
  temporaryPay: 'temporary.pay',
  /** 时限预警: raise the due levels of the escalation ladder of a user task (催办/黄牌/红牌). */
  escalationRaise: 'escalation.raise',
  /** 资金发放指令: write the idempotent payment instruction. */
  paymentInstruct: 'payment.instruct',
  /** 办结归档: close the case with its outcome and written reason. */
  caseClose: 'case.close',
  /** 联席会议 · 发出会议通知: the matter is convened; list the departments asked for an opinion. */
  conferenceConvene: 'conference.convene',
  /** 联席会议 · 告知不予召集: close the matter with the convenor's reason. */
  conferenceDecline: 'conference.decline',
  /** 联席会议 · 分派议定事项: list the agreed items with their departments and deadlines. */
  conferenceAssign: 'conference.assign',
  /** 联席会议 · 通报: write the report and close the matter. */
  conferenceReport: 'conference.report',
  /** 月度发放 · 每日检查: start the month's payroll once its payment day has come. */
  payrollSchedule: 'payroll.schedule',
  /** 月度发放 · 生成发放名册 from the register at the standards in force. */
  payrollBuild: 'payroll.build',
  /** 月度发放 · 财政拨付后: the bank files are issued, the 延压 clock starts. */
  payrollInstruct: 'payroll.instruct',
  /** 月度发放 · 延压预警: returns still missing N working days after the payment date. */
  payrollDelay: 'payroll.delay',
  /** 月度发放 · 对账: anomalies and the townships with failed lines. */
  payrollSettle: 'payroll.settle',
  /** 月度发放 · 本月发放结束 */
  payrollClose: 'payroll.close',
  /** 冬春救助 · 每日检查: from the configured start day on, begin this season's campaign once per county. */
  campaignSchedule: 'campaign.schedule',
  /** 冬春救助 · 确定摸底的村和审核的乡镇 (the multi-instance collections and the county's groups). */
  campaignPrepare: 'campaign.prepare',
  /** 冬春救助 · 登记救助: approved money relief into the payroll's ledger, in-kind relief recorded. */
  campaignRecord: 'campaign.record',
  /** 物价联动 · 记录本月决定 (with its inputs) and open the month's subsidy once. */
  priceDecide: 'price.decide',
  /** 物价联动 · 列入月度发放: one payment line per household, at most once a month. */
  pricePay: 'price.pay',
  /** 标准调整 · 每日检查: on the county's adjustment day, open next year's review once. */
  standardSchedule: 'standard.schedule',
  /** 标准调整 · 新标准执行: the approved amounts become standards from their month. */
  standardApply: 'standard.apply',
  /** 定期核查 · 每日检查: start the month's review round once its review day has come. */
  reviewSchedule: 'review.schedule',
  /** 定期核查 · 复核: query the verification sources about the household again. */
  reviewVerify: 'review.verify',
} as const;
export type Topic = (typeof TOPIC)[keyof typeof TOPIC];

/** Messages the server correlates to waiting instances (by business key). */
export const MESSAGE = {
  /** 公示期内收到异议 */
  noticeObjection: 'NoticeObjection',
  /** 申请人撤回申请 */
  caseWithdrawn: 'CaseWithdrawn',
  /** 月度发放: every township's bank return is imported */
  payrollReturned: 'PayrollReturned',
} as const;

/** BPMN error codes thrown by workers and caught by models. */
export const BPMN_ERROR = {
  /** 资金核算: household per-capita income is not below the local standard, nothing to pay. */
  INCOME_ABOVE_STANDARD: 'INCOME_ABOVE_STANDARD',
} as const;
export type BpmnErrorCode = keyof typeof BPMN_ERROR;

/**
 * The county (县级行政区) a unit belongs to: division codes nest, the first six
 * digits name the county (130999 county, 130999001 township, 130999001201
 * village). Every candidate group of a department or a county-level role
 * carries it, so the engine itself keeps two counties' inboxes apart.
 */
export function countyCodeOf(unitCode: string): string {
  return unitCode.slice(0, 6);
}

/**
 * Candidate-group naming: `dept:<county>:<code>` (handlers and heads of a
 * department of one county), `role:<county>:<role>` (a role within one county,
 * e.g. its leaders), `unit:<unit code>:<role>` (a role within one unit; unit
 * codes are unique across counties).
 */
export const group = {
  dept: (county: string, code: string) => `dept:${county}:${code}`,
  role: (county: string, code: string) => `role:${county}:${code}`,
  unitRole: (unitCode: string, role: string) => `unit:${unitCode}:${role}`,
};

/** A candidate group read back: its kind, county (null for a group written before counties were named) and code. */
export interface ParsedGroup {
  kind: 'dept' | 'role' | 'unit';
  county: string | null;
  /** department code, role, or for `unit:` the unit code */
  code: string;
  /** for `unit:` groups, the role */
  role?: string;
}

export function parseGroup(g: string): ParsedGroup | null {
  const parts = g.split(':');
  const [kind] = parts;
  if (kind === 'unit' && parts.length === 3) return { kind, county: countyCodeOf(parts[1]!), code: parts[1]!, role: parts[2]! };
  if (kind !== 'dept' && kind !== 'role') return null;
  if (parts.length === 3) return { kind, county: parts[1]!, code: parts[2]! };
  if (parts.length === 2) return { kind, county: null, code: parts[1]! };
  return null;
}

/** The department codes of a task's `dept:` candidate groups. */
export function departmentsOfGroups(groups: string[]): string[] {
  return groups
    .map(parseGroup)
    .filter((p): p is ParsedGroup => p?.kind === 'dept')
    .map((p) => p.code);
}

/** The county a task's candidate groups name (the first that names one), or null. */
export function countyOfGroups(groups: string[]): string | null {
  for (const g of groups) {
    const c = parseGroup(g)?.county;
    if (c) return c;
  }
  return null;
}
