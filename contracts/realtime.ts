/**
 * The socket.io messages between server and web, declared once (no TypeORM
 * here, so the web's type-check imports this file): the server emits
 * `message` events of type RealtimeMessage; the web answers with the client
 * events of ClientEvents.
 */
/** 催办 / 黄牌 / 红牌, a coordinator's manual alert, a security alert, a 流程故障 for the admins. */
export type AlertLevel = 'remind' | 'warning' | 'escalation' | 'manual' | 'security' | 'incident';

/** The level's name as toasts and lists show it (levelName of AlertMessage). */
export const ALERT_LEVEL_NAMES: Record<AlertLevel, string> = { remind: '催办', warning: '黄牌·逾期', escalation: '红牌·升级', manual: '督办催办', security: '安全预警', incident: '流程故障' };

/** An alert as clients receive it (live, replayed on reconnection, or listed). */
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

export interface ActivityCount {
  activityId: string;
  running: number;
  overdue: number;
  incidents: number;
}

/** 流程监控 counts of one process (GET /api/monitor/:key, and pushed as `monitor.counts`). */
export interface MonitorCounts {
  processKey: string;
  /** Running instances of the process (all versions). */
  total: number;
  activities: ActivityCount[];
  /** When the server counted (ISO). */
  at: string;
}

/** A case was closed (办结) by its process; sent to the sockets watching that case. */
export interface CaseClosedMessage {
  caseId: string;
  caseNo: string;
  outcome: string;
}

export type RealtimeMessage = { type: 'hello'; data: { userId: string } } | { type: 'case.closed'; data: CaseClosedMessage } | { type: 'alert.raised'; data: AlertMessage } | { type: 'monitor.counts'; data: MonitorCounts };

/** Client → server: the alerts up to this id were shown here (a toast is shown once per user, on any device). */
export const ALERT_SEEN_EVENT = 'alert.seen';

/** Client → server: watch one case's page (the server checks the user may read it). */
export const CASE_WATCH_EVENT = 'case.watch';
export type CaseWatchAnswer = { ok: true } | { ok: false; code: string; message: string };

/** PostgreSQL NOTIFY channel announcing a closed case (payload: CaseClosedMessage as JSON), from any process. */
export const CASE_CLOSED_CHANNEL = 'doudi_case_closed';
