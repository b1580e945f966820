/** The processes: their keys (BPMN process ids, checked against processes/ by test/unit/contract.test.ts) and Chinese names. */

/** Process definition keys (BPMN process ids). */
export const PROCESS = {
  /** 社会救助一门受理 */
  socialAssistanceApplication: 'social-assistance-application',
  /** 联席会议 */
  jointConference: 'joint-conference',
  /** 临时救助（救急难） */
  temporaryAssistance: 'temporary-assistance',
  /** 月度资金发放 */
  monthlyPayroll: 'monthly-payroll',
  /** 月度发放定时检查 (daily timer start) */
  monthlyPayrollSchedule: 'monthly-payroll-schedule',
  /** 冬春救助 (manual start, or a daily timer start on the configured day) */
  winterSpringCampaign: 'winter-spring-campaign',
  /** 冬春救助定时检查 (daily timer start) */
  winterSpringCampaignSchedule: 'winter-spring-campaign-schedule',
  /** 物价联动价格临时补贴 (started when 发改 enters a month's price figures) */
  priceLinkage: 'price-linkage',
  /** 救助标准年度调整（自然增长） */
  standardAdjustment: 'standard-adjustment',
  /** 救助标准年度调整定时检查 (daily timer start) */
  standardAdjustmentSchedule: 'standard-adjustment-schedule',
  /** 定期核查 (one recipient: re-verification → village re-visit → civil affairs' decision) */
  periodicReview: 'periodic-review',
  /** 定期核查定时启动 (daily timer start) */
  periodicReviewSchedule: 'periodic-review-schedule',
} as const;
export type ProcessKey = (typeof PROCESS)[keyof typeof PROCESS];

/** Chinese names of the processes, as lists, filters and statistics show them. */
export const PROCESS_NAMES: Record<string, string> = {
  [PROCESS.socialAssistanceApplication]: '社会救助一门受理',
  [PROCESS.jointConference]: '联席会议',
  [PROCESS.temporaryAssistance]: '临时救助（救急难）',
  [PROCESS.monthlyPayroll]: '月度资金发放',
  [PROCESS.periodicReview]: '定期核查',
  [PROCESS.winterSpringCampaign]: '冬春救助',
  [PROCESS.priceLinkage]: '物价联动',
  [PROCESS.standardAdjustment]: '救助标准调整',
  [PROCESS.monthlyPayrollSchedule]: '月度发放定时检查',
  [PROCESS.winterSpringCampaignSchedule]: '冬春救助定时检查',
  [PROCESS.periodicReviewSchedule]: '定期核查定时启动',
  [PROCESS.standardAdjustmentSchedule]: '救助标准年度调整定时检查',
};

/** The processes 已办 can be filtered by (GET /api/worklist/done?processKey=). */
export const DONE_PROCESS_KEYS = [PROCESS.socialAssistanceApplication, PROCESS.temporaryAssistance, PROCESS.jointConference] as const;

/** The user tasks of the joint-conference model (BPMN ids), each completed with its own form. */
export const CONFERENCE_TASK = {
  /** 召集人决定 */
  decision: 'Task_ConvenorDecision',
  /** 部门意见 */
  opinion: 'Task_DepartmentOpinion',
  /** 会议纪要 */
  minutes: 'Task_Minutes',
  /** 议定事项落实 */
  item: 'Task_ImplementItem',
} as const;
export type ConferenceTaskKey = (typeof CONFERENCE_TASK)[keyof typeof CONFERENCE_TASK];
