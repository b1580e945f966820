/** Display helpers: dates in Beijing time, money, due badges, code → Chinese names. */
import { ALERT_LEVEL_NAMES } from '../../contracts/realtime';

const dtf = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const df = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

function parts(f: Intl.DateTimeFormat, d: Date): Record<string, string> {
  const o: Record<string, string> = {};
  for (const p of f.formatToParts(d)) o[p.type] = p.value;
  return o;
}

/** 2025-03-01 14:05 (Beijing time), or — */
export function fmtDateTime(v: string | Date | null | undefined): string {
  if (!v) return '—';
  const d = typeof v === 'string' ? new Date(v) : v;
  if (Number.isNaN(d.getTime())) return '—';
  const p = parts(dtf, d);
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}

/** 2025-03-01 (Beijing time), or — */
export function fmtDate(v: string | Date | null | undefined): string {
  if (!v) return '—';
  const d = typeof v === 'string' ? new Date(v) : v;
  if (Number.isNaN(d.getTime())) return '—';
  const p = parts(df, d);
  return `${p.year}-${p.month}-${p.day}`;
}

/** ¥1,234.50 */
export function fmtYuan(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return `¥${v.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** The due badge of a task: overdue, due soon, or plenty of time. */
export function dueInfo(due: string | null, now = Date.now()): { text: string; type: 'danger' | 'warning' | 'success' | 'info' } {
  if (!due) return { text: '未设期限', type: 'info' };
  const ms = Date.parse(due) - now;
  const hours = Math.abs(ms) / 3_600_000;
  const span = hours >= 24 ? `${Math.floor(hours / 24)} 天` : hours >= 1 ? `${Math.floor(hours)} 小时` : `${Math.max(1, Math.floor(hours * 60))} 分钟`;
  if (ms < 0) return { text: `已逾期 ${span}`, type: 'danger' };
  if (ms < 24 * 3_600_000) return { text: `剩余 ${span}`, type: 'warning' };
  return { text: `剩余 ${span}`, type: 'success' };
}

export const STATUS_TAG: Record<string, 'primary' | 'success' | 'info' | 'warning' | 'danger'> = {
  registered: 'info',
  in_progress: 'primary',
  closed: 'success',
};
export const OUTCOME_TAG: Record<string, 'primary' | 'success' | 'info' | 'warning' | 'danger'> = {
  approved: 'success',
  rejected: 'danger',
  withdrawn: 'info',
};

export const PROCESS_STATE_NAMES: Record<string, string> = {
  ACTIVE: '运行中',
  COMPLETED: '已结束',
  SUSPENDED: '已挂起',
  EXTERNALLY_TERMINATED: '已终止',
  INTERNALLY_TERMINATED: '已终止',
  UNKNOWN: '暂无法获取',
};

export const ACTIVITY_TYPE_NAMES: Record<string, string> = {
  startEvent: '开始',
  endEvent: '结束',
  noneEndEvent: '结束',
  userTask: '人工办理',
  serviceTask: '系统处理',
  boundaryError: '异常分支',
  boundaryEvent: '边界事件',
  boundaryTimer: '时限事件',
  intermediateTimer: '定时等待',
  callActivity: '子流程',
  subProcess: '子流程',
  errorEndEvent: '异常结束',
  multiInstanceBody: '并行办理',
  eventSubProcess: '事件子流程',
  messageStartEvent: '消息触发',
  boundaryMessage: '消息事件',
  intermediateMessageCatch: '等待消息',
};

export const PAYMENT_STATUS_NAMES: Record<string, string> = {
  instructed: '已下达发放指令',
  paid: '已发放',
  returned: '已退回',
};

export const EVENT_KIND: Record<string, { name: string; type: 'primary' | 'success' | 'warning' | 'danger' | 'info' }> = {
  registered: { name: '受理', type: 'primary' },
  classified: { name: '派单', type: 'info' },
  task_claimed: { name: '签收', type: 'info' },
  task_completed: { name: '办理', type: 'primary' },
  payment_instructed: { name: '资金', type: 'success' },
  closed: { name: '办结', type: 'success' },
  documents_missing: { name: '一次性告知', type: 'warning' },
  documents_complete: { name: '材料齐全', type: 'success' },
  verified: { name: '核对', type: 'info' },
  notice_published: { name: '公示', type: 'primary' },
  notice_ended: { name: '公示期满', type: 'success' },
  objection_received: { name: '异议', type: 'warning' },
  ledger_recorded: { name: '台账', type: 'success' },
  withdraw_requested: { name: '撤回', type: 'info' },
  alert_remind: { name: '催办', type: 'primary' },
  alert_warning: { name: '黄牌', type: 'warning' },
  alert_escalation: { name: '红牌', type: 'danger' },
  alert_manual: { name: '督办', type: 'info' },
  // 联席会议议题
  raised: { name: '提出', type: 'primary' },
  decided: { name: '决定', type: 'primary' },
  convened: { name: '召集', type: 'primary' },
  declined: { name: '不予召集', type: 'info' },
  opinion: { name: '部门意见', type: 'primary' },
  minutes: { name: '纪要', type: 'primary' },
  assigned: { name: '交办', type: 'info' },
  item_completed: { name: '落实', type: 'success' },
  supervised: { name: '督办', type: 'warning' },
  reported: { name: '通报', type: 'success' },
};

/** Status tags of joint-conference matters. */
export const CONFERENCE_STATUS_TAG: Record<string, 'primary' | 'success' | 'info' | 'warning' | 'danger'> = {
  deciding: 'warning',
  consulting: 'primary',
  minuting: 'primary',
  implementing: 'primary',
  closed: 'success',
};

export const NOTICE_STATUS: Record<string, { name: string; type: 'primary' | 'success' | 'warning' | 'info' }> = {
  open: { name: '公示中', type: 'primary' },
  ended: { name: '公示期满', type: 'success' },
  objected: { name: '收到异议', type: 'warning' },
};

/** ISO timestamps inside server-written text (e.g. “公示至 2025-03-08T06:00:00.000Z”) shown as Beijing time. */
export function humanizeTimestamps(text: string): string {
  return text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/g, (m) => fmtDateTime(m));
}

/** “还剩 2 天 3 小时” until a moment, or null once it has passed. */
export function remaining(until: string | null | undefined, now = Date.now()): string | null {
  if (!until) return null;
  const ms = Date.parse(until) - now;
  if (!Number.isFinite(ms) || ms <= 0) return null;
  const min = Math.floor(ms / 60_000);
  if (min < 1) return '不足 1 分钟';
  if (min < 60) return `${min} 分钟`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} 小时 ${min % 60} 分钟`;
  return `${Math.floor(h / 24)} 天 ${h % 24} 小时`;
}

/** 预警级别: short name, tag colour and the accent of its toast (催办 blue, 黄牌 amber, 红牌 red, 督办 purple). */
export const ALERT_LEVEL: Record<string, { name: string; short: string; tag: 'primary' | 'warning' | 'danger' | 'info'; color: string }> = {
  remind: { name: ALERT_LEVEL_NAMES.remind, short: '催办', tag: 'primary', color: '#1f5fbf' },
  warning: { name: ALERT_LEVEL_NAMES.warning, short: '黄牌', tag: 'warning', color: '#d48806' },
  escalation: { name: ALERT_LEVEL_NAMES.escalation, short: '红牌', tag: 'danger', color: '#c8262d' },
  manual: { name: ALERT_LEVEL_NAMES.manual, short: '督办', tag: 'info', color: '#7b3fb8' },
  security: { name: ALERT_LEVEL_NAMES.security, short: '安全', tag: 'danger', color: '#c8262d' },
  incident: { name: ALERT_LEVEL_NAMES.incident, short: '故障', tag: 'danger', color: '#c8262d' },
};

/** 问责决定 tags. */
export const DECISION_TAG: Record<string, 'success' | 'primary' | 'warning' | 'danger'> = {
  免责: 'success',
  约谈: 'primary',
  通报批评: 'warning',
  问责: 'danger',
};

/** “2.25” working days → “2.3”; whole numbers without decimals. */
export function fmtWorkdays(v: string | number | null | undefined): string {
  const n = typeof v === 'string' ? Number(v) : v;
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const r = Math.round(n * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

export const TIME_UNIT_NAMES: Record<string, string> = { workday: '个工作日', hour: '个工作小时' };

/** “5 个工作日”, “3 个工作小时” */
export function fmtSpan(amount: number, unit: string): string {
  return `${amount} ${TIME_UNIT_NAMES[unit] ?? unit}`;
}

export { PROCESS_NAMES } from '../../contracts/processes';

/** A span of time for lists: 3 天 4 小时, 5 小时 12 分, 8 分钟, or under a minute. */
export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return '不足 1 分钟';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days) return hours ? `${days} 天 ${hours} 小时` : `${days} 天`;
  if (hours) return mins ? `${hours} 小时 ${mins} 分` : `${hours} 小时`;
  return `${mins} 分钟`;
}
