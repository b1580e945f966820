/**
 * socket.io connection to the server (same origin, path /socket.io; the
 * session cookie authenticates it). Server messages arrive as
 * `message` events of shape { type, data }; each type has one handler in
 * HANDLERS, so later features (alert toasts, live counts) add a line here.
 */
import { io, type Socket } from 'socket.io-client';
import { lastAlertId, receiveAlert, refreshUnread, setAlertSeenReporter, startAlerts, stopAlerts } from './alerts';
import type { AlertMessage } from './types';
import { receiveCounts, type MonitorCounts } from './monitor';

export type RealtimeMessage =
  | { type: 'hello'; data: { userId: string } }
  | { type: 'case.closed'; data: { caseId: string; caseNo: string } }
  | { type: 'alert.raised'; data: AlertMessage }
  | { type: 'monitor.counts'; data: MonitorCounts };

type MessageOf<T extends RealtimeMessage['type']> = Extract<RealtimeMessage, { type: T }>;
type Handlers = { [T in RealtimeMessage['type']]: (data: MessageOf<T>['data']) => void };

const HANDLERS: Handlers = {
  hello: (data) => {
    console.info('[实时通道] 已连接', data.userId);
  },
  'case.closed': (data) => {
    console.info('[实时通道] 申请已办结', data.caseNo);
    emitLocal('case.closed', data);
  },
  'alert.raised': (data) => {
    // Shown once per alert id, even when a reconnection delivers it again.
    if (receiveAlert(data)) emitLocal('alert.raised', data);
  },
  'monitor.counts': (data) => {
    // Per-activity counts of one process (coordinators and leaders), for the 流程监控 page.
    if (receiveCounts(data)) emitLocal('monitor.counts', data);
  },
};

/** In-page listeners (views subscribe to refresh themselves). */
const listeners = new Map<string, Set<(data: unknown) => void>>();
function emitLocal(type: string, data: unknown): void {
  listeners.get(type)?.forEach((fn) => fn(data));
}
/** Subscribes to a message type; returns the unsubscribe function. */
export function onRealtime<T extends RealtimeMessage['type']>(type: T, fn: (data: MessageOf<T>['data']) => void): () => void {
  const set = listeners.get(type) ?? new Set();
  set.add(fn as (data: unknown) => void);
  listeners.set(type, set);
  return () => set.delete(fn as (data: unknown) => void);
}

let socket: Socket | null = null;
let socketUser: string | null = null;

/** Connects for the logged-in user (once; a different user first disconnects the previous one). */
export function connectRealtime(userId: string): void {
  if (socket && socketUser === userId) return;
  disconnectRealtime();
  socketUser = userId;
  startAlerts(userId);
  socket = io({
    path: '/socket.io',
    withCredentials: true,
    reconnectionDelayMax: 10_000,
    // Asked again on every reconnection: the server replays the alerts after the last one seen here.
    auth: (cb) => {
      const last = lastAlertId();
      cb(last !== null ? { lastAlertId: last } : {});
    },
  });
  // Shown here: the server remembers it for every device of the user (a toast is shown once per user).
  const s = socket;
  setAlertSeenReporter((id) => s.emit('alert.seen', id));
  socket.on('message', (msg: unknown) => {
    if (!msg || typeof msg !== 'object' || typeof (msg as { type?: unknown }).type !== 'string') return;
    const { type, data } = msg as { type: string; data: unknown };
    const handler = (HANDLERS as Record<string, ((d: unknown) => void) | undefined>)[type];
    if (handler) handler(data);
    else console.debug('[实时通道] 未处理的消息类型', type);
  });
  // After a reconnection the count may have changed elsewhere (acknowledged in another tab).
  socket.on('connect', () => void refreshUnread());
  socket.on('connect_error', (err) => {
    // AUTH_REQUIRED: the session ended; the next API call sends the user to login.
    if (err.message === 'AUTH_REQUIRED' || err.message === 'AUTH_FAILED') disconnectRealtime();
  });
}

export function disconnectRealtime(): void {
  socket?.disconnect();
  socket = null;
  socketUser = null;
  stopAlerts();
}
