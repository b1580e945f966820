/** Shapes of the server's JSON answers (see server/routes). */
export type Role = 'clerk' | 'handler' | 'head' | 'village' | 'coordinator' | 'leader' | 'admin';

export interface Profile {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  department: { code: string; name: string };
  unit: { code: string; name: string };
  groups: string[];
  mustChangePassword: boolean;
}

export interface Page<T> {
  total: number;
  items: T[];
}

export interface InboxItem {
  taskId: string;
  name: string;
  taskKey: string;
  created: string;
  due: string | null;
  overdue: boolean;
  assignee: string | null;
  claimedByMe: boolean;
  case: { id: string; caseNo: string; assistanceTypes: string[]; householdHead: string; status: string } | null;
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

export interface CaseListItem {
  id: string;
  caseNo: string;
  status: string;
  statusName: string;
  outcome: string | null;
  outcomeName: string | null;
  assistanceTypeNames: string[];
  registeredAt: string;
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
    members: { id: string; name: string; idNumber: string; relation: string }[];
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
  documents: { required: { code: string; name: string; submitted: boolean }[]; missing: { code: string; name: string }[] };
  verification: VerificationReport[];
  homeVisits: { visitedAt: string; findings: string; recommend: boolean }[];
  democraticReviews: { heldAt: string; participants: number; votesFor: number; votesAgainst: number; passed: boolean }[];
  notices: { noticeNo: string; publishedAt: string; endsAt: string; status: 'open' | 'ended' | 'objected' | string; content: string }[];
  objections: { receivedAt: string; content: string; upheld: boolean | null; resolution: string | null }[];
  referrals: { department: string; departmentName: string | null; status: 'pending' | 'done' | string; opinion: string | null; handledAt: string | null }[];
  ledger: null | { certificateNo: string; townshipCode: string; monthlyAmountYuan: number; startMonth: string | null };
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
  departments: { code: string; name: string; isLead?: boolean; sortOrder?: number }[];
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
  status: string;
  processInstanceId: string | null;
}

/** 预警 levels of the escalation ladder, plus a 督办催办 sent by a person. */
export type AlertLevel = 'remind' | 'warning' | 'escalation' | 'manual';

/** An alert as pushed over socket.io (`alert.raised`) and listed by GET /api/alerts. */
export interface AlertMessage {
  id: number;
  level: AlertLevel;
  levelName: string;
  taskId: string;
  taskName: string;
  caseId: string | null;
  businessKey: string | null;
  /** Department code (or the village committee) the task belongs to. */
  department: string | null;
  message: string;
  dueAt: string | null;
  createdAt: string;
  /** Sent again on (re)connection because this browser had not seen it yet. */
  replayed?: true;
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
