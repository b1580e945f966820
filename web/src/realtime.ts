/**
 * socket.io connection to the server (same origin, path /socket.io; the
 * session cookie authenticates it). Server messages arrive as
 * `message` events of shape { type, data }; each type has one handler in
 * HANDLERS, so later features (alert toasts, live counts) add a line here.
 */
import { io, type Socket } from 'socket.io-client';
import { lastAlertId, receiveAlert, refreshUnread, setAlertSeenReporter, startAlerts, stopAlerts } from './alerts';
import { receiveCounts } from './monitor';

export type { RealtimeMessage } from '../../contracts/realtime';
import { ALERT_SEEN_EVENT, CASE_WATCH_EVENT, type CaseWatchAnswer, type RealtimeMessage } from '../../contracts/realtime';

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
  for (const fn of listeners.get(type) ?? []) fn(data);
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
  setAlertSeenReporter((id) => s.emit(ALERT_SEEN_EVENT, id));
  socket.on('message', (msg: unknown) => {
    if (!msg || typeof msg !== 'object' || typeof (msg as { type?: unknown }).type !== 'string') return;
    const { type, data } = msg as { type: string; data: unknown };
    const handler = (HANDLERS as Record<string, ((d: unknown) => void) | undefined>)[type];
    if (handler) handler(data);
    else console.debug('[实时通道] 未处理的消息类型', type);
  });
  // After a reconnection the count may have changed elsewhere (acknowledged in another tab).
  socket.on('connect', () => {
    void refreshUnread();
    // Rooms are per connection: watch the open case again after a reconnection.
    if (watchedCase) sendWatch(watchedCase);
  });
  socket.on('connect_error', (err) => {
    // AUTH_REQUIRED: the session ended; the next API call sends the user to login.
    if (err.message === 'AUTH_REQUIRED' || err.message === 'AUTH_FAILED') disconnectRealtime();
  });
}

let watchedCase: string | null = null;
function sendWatch(caseId: string): void {
  socket?.emit(CASE_WATCH_EVENT, caseId, (answer: CaseWatchAnswer) => {
    if (!answer.ok) console.debug('[实时通道] 不能关注该申请', answer.message);
  });
}
/** The case page asks to hear when its case closes (`case.closed`); null stops watching. */
export function watchCase(caseId: string | null): void {
  watchedCase = caseId;
  if (caseId && socket?.connected) sendWatch(caseId);
}

export function disconnectRealtime(): void {
  socket?.disconnect();
  socket = null;
  socketUser = null;
  stopAlerts();
}
