/**
 * 预警中心 on the client: the alerts pushed over socket.io (`alert.raised`),
 * shown once each as a toast, the unread count of the bell, and the highest
 * alert id this browser has seen (kept per user in localStorage and sent on
 * every (re)connection so the server replays exactly what was missed). Each
 * alert handled is also confirmed to the server (`alert.seen`), which keeps the
 * highest per user: another device or a new login does not show it again.
 */
import { h, reactive } from 'vue';
import { ElNotification } from 'element-plus';
import { PHONE_QUERY } from './composables/usePhone';
import { get, post } from './api';
import { ALERT_LEVEL, fmtDateTime } from './format';
import type { AlertItem, AlertMessage, Page } from './types';

export const alertState = reactive<{
  /** Unacknowledged alerts of the user (null until counted; capped at COUNT_CAP). */
  unread: number | null;
  /** True when there are at least COUNT_CAP unread alerts (the count stopped there). */
  unreadCapped: boolean;
}>({ unread: null, unreadCapped: false });

/** Counting stops here: the bell shows “99+” anyway. */
const COUNT_CAP = 300;
const STORAGE_PREFIX = 'doudi:lastAlertId:';

let userId: string | null = null;
/** Alert ids already handled in this page (toast shown or deliberately folded into a summary). */
const seen = new Set<number>();
/** Open toasts by alert id, closed when the alert is acknowledged. */
const toasts = new Map<number, { close: () => void }>();
let navigate: (path: string) => void = (path) => window.location.assign(path);

let reportSeen: (id: number) => void = () => undefined;
/** Set by realtime.ts for its socket: how a handled alert is confirmed to the server. */
export function setAlertSeenReporter(fn: (id: number) => void): void {
  reportSeen = fn;
}

/** Set once by main.ts: how a click on a toast opens a page (the router). */
export function setAlertNavigator(fn: (path: string) => void): void {
  navigate = fn;
}

function readLastId(uid: string): number | null {
  try {
    const v = Number(window.localStorage.getItem(STORAGE_PREFIX + uid));
    return Number.isInteger(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}
function rememberId(id: number): void {
  if (!userId) return;
  const last = readLastId(userId);
  if (last !== null && last >= id) return;
  try {
    window.localStorage.setItem(STORAGE_PREFIX + userId, String(id));
  } catch {
    /* private mode: the server then replays unacknowledged alerts, which `seen` still de-duplicates in this page */
  }
}

/** The highest alert id this browser has seen for the logged-in user (sent as auth.lastAlertId). */
export function lastAlertId(): number | null {
  return userId ? readLastId(userId) : null;
}

/** Starts a user's alert session (after login or on page load); forgets the previous user's. */
export function startAlerts(uid: string): void {
  if (userId === uid) return;
  stopAlerts();
  userId = uid;
  void refreshUnread();
}

export function stopAlerts(): void {
  userId = null;
  reportSeen = () => undefined;
  seen.clear();
  for (const t of toasts.values()) t.close();
  toasts.clear();
  replayQueue = [];
  ownUrges.clear();
  if (replayTimer) clearTimeout(replayTimer);
  replayTimer = null;
  alertState.unread = null;
  alertState.unreadCapped = false;
}

/** Where an alert leads: its case file, else the alert centre. */
export function alertLink(a: Pick<AlertMessage, 'caseId'>): string {
  return a.caseId ? `/cases/${a.caseId}` : '/alerts';
}

/** The message without its “【黄牌·逾期】” prefix (the level is shown beside it). */
export function alertText(message: string): string {
  return message.replace(/^【[^】]{1,12}】\s*/, '');
}

const TOAST_TYPE: Record<string, 'info' | 'warning' | 'error'> = { remind: 'info', warning: 'warning', escalation: 'error', manual: 'info', security: 'error', incident: 'error' };
/** Seconds a toast stays: the more serious, the longer. */
const TOAST_SECONDS: Record<string, number> = { remind: 10, warning: 15, escalation: 30, manual: 15, security: 30, incident: 30 };

/**
 * Where toasts appear: never over the actions. On a desktop the actions are on the right
 * (the task card, list buttons), so toasts go bottom-left, beside the sidebar; on a phone the
 * actions stick to the bottom, so toasts go under the top bar, as wide as the screen.
 */
function placement(): { position: 'bottom-left' | 'top-right'; offset: number } {
  return window.matchMedia(PHONE_QUERY).matches ? { position: 'top-right', offset: 60 } : { position: 'bottom-left', offset: 16 };
}

function toast(a: AlertMessage): void {
  const lvl = ALERT_LEVEL[a.level] ?? ALERT_LEVEL.remind;
  const n = ElNotification({
    title: `${a.levelName || lvl.name}　${a.taskName}`,
    type: TOAST_TYPE[a.level] ?? 'info',
    customClass: `dd-alert-toast dd-alert-${a.level}`,
    ...placement(),
    duration: (TOAST_SECONDS[a.level] ?? 10) * 1000,
    message: h('div', { class: 'dd-alert-body' }, [
      h('div', { class: 'dd-alert-text' }, alertText(a.message)),
      h('div', { class: 'dd-alert-meta' }, [h('span', fmtDateTime(a.createdAt)), h('span', { class: 'dd-alert-go' }, a.caseId ? '查看案卷 ›' : '查看预警 ›')]),
    ]),
    onClick: () => {
      n.close();
      navigate(alertLink(a));
    },
    onClose: () => toasts.delete(a.id),
  });
  toasts.set(a.id, n);
}

// Alerts replayed on (re)connection arrive in a burst: a few are shown one by one, the rest summed up.
let replayQueue: AlertMessage[] = [];
let replayTimer: ReturnType<typeof setTimeout> | null = null;
const REPLAY_SHOWN = 3;

function flushReplay(): void {
  replayTimer = null;
  const batch = replayQueue;
  replayQueue = [];
  if (!batch.length) return;
  if (batch.length <= REPLAY_SHOWN) {
    batch.forEach(toast);
    return;
  }
  // The most serious (then newest) ones individually, and one note for the rest.
  const RANK: Record<string, number> = { security: 0, incident: 0, escalation: 0, manual: 1, warning: 2, remind: 3 };
  const rank = (a: AlertMessage) => RANK[a.level] ?? 4;
  const top = [...batch].sort((x, y) => rank(x) - rank(y) || y.id - x.id).slice(0, REPLAY_SHOWN - 1);
  const n = ElNotification({
    title: `您有 ${batch.length} 条未查看的预警`,
    type: 'info',
    customClass: 'dd-alert-toast dd-alert-summary',
    ...placement(),
    duration: 20_000,
    message: h('div', { class: 'dd-alert-body' }, [
      h('div', { class: 'dd-alert-text' }, `最严重的 ${top.length} 条已单独提示，其余 ${batch.length - top.length} 条请到预警中心查看。`),
      h('div', { class: 'dd-alert-meta' }, [h('span', '在您离开期间送达'), h('span', { class: 'dd-alert-go' }, '打开预警中心 ›')]),
    ]),
    onClick: () => {
      n.close();
      navigate('/alerts');
    },
  });
  [...top].reverse().forEach(toast);
}

/**
 * 督办催办 this user is sending, by task id: a sender who is also among the
 * recipients (a head urging their own department's task) gets no toast of
 * their own message. The alert carries no sender, hence this note.
 */
const ownUrges = new Map<string, number>();
export function noteOwnUrge(taskId: string, sending: boolean): void {
  if (sending) ownUrges.set(taskId, Date.now());
  else ownUrges.delete(taskId);
}
function isOwnUrge(a: AlertMessage): boolean {
  const at = ownUrges.get(a.taskId);
  return a.level === 'manual' && at !== undefined && Date.now() - at < 30_000;
}

/**
 * Handles one `alert.raised` message; false when this page already handled
 * that alert (a repeated delivery after a reconnection), so it is not shown twice.
 */
export function receiveAlert(a: AlertMessage): boolean {
  if (!userId || !Number.isInteger(a.id) || seen.has(a.id)) return false;
  seen.add(a.id);
  rememberId(a.id);
  reportSeen(a.id);
  if (isOwnUrge(a)) {
    // The sender has read their own message.
    ownUrges.delete(a.taskId);
    void acknowledge([a.id]);
  } else if (a.replayed) {
    replayQueue.push(a);
    if (!replayTimer) replayTimer = setTimeout(flushReplay, 600);
  } else {
    toast(a);
    // Shown at once; the recount below confirms it.
    if (alertState.unread !== null && !alertState.unreadCapped) alertState.unread += 1;
  }
  scheduleRecount();
  return true;
}

let recountTimer: ReturnType<typeof setTimeout> | null = null;
function scheduleRecount(): void {
  if (recountTimer) clearTimeout(recountTimer);
  recountTimer = setTimeout(() => {
    recountTimer = null;
    void refreshUnread();
  }, 800);
}

let counting: Promise<void> | null = null;
let countAgain = false;
/** Counts the user's unacknowledged alerts (GET /api/alerts has no filter: reads pages of 100, newest first, up to COUNT_CAP). */
export function refreshUnread(): Promise<void> {
  if (counting) {
    // A count already running may have read the list before the latest change: count once more after it.
    countAgain = true;
    return counting;
  }
  counting = (async () => {
    const uid = userId;
    try {
      let unread = 0;
      let capped = false;
      for (let page = 1; ; page++) {
        const r = await get<Page<AlertItem>>('/api/alerts', { page, pageSize: 100 }, { silent: true });
        unread += r.items.filter((x) => !x.acknowledged).length;
        if (unread >= COUNT_CAP) {
          capped = true;
          break;
        }
        if (page * 100 >= r.total || r.items.length === 0) break;
      }
      if (uid === userId) {
        alertState.unread = unread;
        alertState.unreadCapped = capped;
      }
    } catch {
      /* keep the last count; the next alert or page visit tries again */
    } finally {
      counting = null;
      if (countAgain) {
        countAgain = false;
        void refreshUnread();
      }
    }
  })();
  return counting;
}

/** Acknowledges alerts (POST /api/alerts/:id/ack each); returns the ids that succeeded. */
export async function acknowledge(ids: number[]): Promise<number[]> {
  const results = await Promise.allSettled(ids.map((id) => post(`/api/alerts/${id}/ack`, {}, { silent: true }).then(() => id)));
  const done = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  for (const id of done) toasts.get(id)?.close();
  if (alertState.unread !== null && !alertState.unreadCapped) alertState.unread = Math.max(0, alertState.unread - done.length);
  scheduleRecount();
  return done;
}

/** Window event: the user's 抄送我的 changed here (a copy marked read), so the menu badge re-reads the unread count. */
export const COPIES_CHANGED = 'doudi:copies-changed';
