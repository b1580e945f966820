/**
 * 流程监控 on the client: the processes a coordinator can watch, the shapes of
 * GET /api/monitor/:key (also pushed as `monitor.counts` over socket.io) and
 * of the instances at one activity, and the latest counts received per
 * process (a push may arrive before the monitor page asks for them).
 */
import { PROCESS } from '../../contracts/processes';

/** Roles the server lets watch the monitor (GET /api/monitor/*, `monitor.counts`). */
export { MONITOR_ROLES } from '../../contracts/roles';

/** The monitor's tabs (short names: 临时救助 without its 救急难). */
export const MONITORED_PROCESSES = [
  { key: PROCESS.socialAssistanceApplication, name: '社会救助一门受理' },
  { key: PROCESS.temporaryAssistance, name: '临时救助' },
  { key: PROCESS.jointConference, name: '联席会议' },
  { key: PROCESS.winterSpringCampaign, name: '冬春救助' },
] as const;
export type MonitoredProcessKey = (typeof MONITORED_PROCESSES)[number]['key'];

export type { ActivityCount, MonitorCounts } from '../../contracts/realtime';
import type { ActivityCount, MonitorCounts } from '../../contracts/realtime';

export interface ActivityInfo {
  id: string;
  name: string | null;
  /** BPMN type without prefix, e.g. UserTask, ServiceTask, SubProcess. */
  type: string;
  /** Drawn in the diagram (has a shape). */
  drawn: boolean;
  /** Id of the enclosing sub-process, if any. */
  parent: string | null;
}

export interface MonitorInstance {
  taskId: string;
  taskName: string | null;
  processInstanceId: string;
  caseId: string | null;
  caseNo: string | null;
  /** 冬春救助: the campaign the task belongs to. */
  campaignId: string | null;
  created: string;
  due: string | null;
  assignee: string | null;
  overdue: boolean;
}

/** How late the work at an activity is: none overdue, some, or most (more than half). */
export type Lateness = 'none' | 'some' | 'most';
export function latenessOf(a: Pick<ActivityCount, 'running' | 'overdue'>): Lateness {
  if (a.overdue <= 0) return 'none';
  return a.overdue * 2 > Math.max(a.running, a.overdue) ? 'most' : 'some';
}
export const LATENESS_NAMES: Record<Lateness, string> = { none: '均在时限内', some: '部分逾期', most: '多数逾期' };

const latest = new Map<string, MonitorCounts>();

function isCounts(d: unknown): d is MonitorCounts {
  const c = d as MonitorCounts | null;
  return !!c && typeof c === 'object' && typeof c.processKey === 'string' && typeof c.total === 'number' && Array.isArray(c.activities) && typeof c.at === 'string';
}

/** Newer of two counts of the same process (by the server's `at`). */
export function newer(a: MonitorCounts | null | undefined, b: MonitorCounts | null | undefined): MonitorCounts | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return Date.parse(b.at) >= Date.parse(a.at) ? b : a;
}

/**
 * Keeps a pushed `monitor.counts` message; false when it is malformed or older
 * than what this page already has (then nobody needs to hear of it).
 */
export function receiveCounts(d: unknown): boolean {
  if (!isCounts(d)) return false;
  const prev = latest.get(d.processKey);
  if (prev && Date.parse(prev.at) > Date.parse(d.at)) return false;
  latest.set(d.processKey, d);
  return true;
}

/** The latest counts this page has received for a process, if any. */
export function latestCounts(processKey: string): MonitorCounts | null {
  return latest.get(processKey) ?? null;
}

/** 热力: how long completed tasks of one step waited over a period (GET /api/monitor/:key/heat). */
export interface HeatCell {
  activityId: string;
  name: string;
  completed: number;
  avgMs: number;
  p90Ms: number;
}

/** Heat level 0–3 of a step: its p90 against the slowest step's (quarters). */
export function heatLevel(p90Ms: number, maxP90Ms: number): 0 | 1 | 2 | 3 {
  if (maxP90Ms <= 0) return 0;
  const r = p90Ms / maxP90Ms;
  return r <= 0.25 ? 0 : r <= 0.5 ? 1 : r <= 0.75 ? 2 : 3;
}
