/**
 * socket.io: authenticated with the same session cookie; each socket joins
 * the rooms of its user (own, candidate groups, department head, role).
 *
 * Several server nodes: the socket.io Postgres adapter (@socket.io/postgres-adapter,
 * NOTIFY/LISTEN on the app database) carries every `io.to(...).emit(...)` and
 * `disconnectSockets()` to the sockets of all nodes, so server code acts as if
 * there were one node: a session that ends (logout, password change) closes its
 * sockets on whichever node holds them.
 *
 * Alerts are rows first, announced by a NOTIFY of their id in the transaction
 * that stores them (by a worker or a server). Every node LISTENs and delivers
 * each new alert to its OWN sockets only (`io.local`): every node hears every
 * NOTIFY, so delivering through the adapter as well would hand each client one
 * copy per node. One client is connected to one node, so it gets each alert
 * once. A client that (re)connects with `auth.lastAlertId` receives what it
 * missed, in order (the web client also drops an id it has already shown).
 * What a client has shown it confirms (`alert.seen` with the id, up to what
 * was sent to that socket), recorded on the server (alert_seen): a toast is
 * shown once per user, so a new login, a cleared browser or another phone
 * replays only what came after, never what another device already showed. A
 * message lost in a dropping connection was never confirmed and is replayed.
 * Messages are a typed { type, data } union.
 */
import { socketOriginAllowed } from './middleware/origin.middleware.js';
import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
import { Server } from 'socket.io';
import type { DataSource } from 'typeorm';
import { Alert } from '../domain/entities/escalation.entity.js';
import type { User } from '../domain/entities/user.entity.js';
import type { Logger } from '../domain/logger.js';
import { ALERT_CHANNEL, type AlertService, roleRoom, roomsOf, toDto } from '../domain/services/alert.service.js';
import { sessionKey, type AuthService } from '../domain/services/auth.service.js';
import type { MonitorService } from '../domain/services/monitor.service.js';
import { PROCESS, countyCodeOf } from '../domain/engine/contract.js';
import { AssistanceCase } from '../domain/entities/assistance-case.entity.js';
import { ALERT_SEEN_EVENT, CASE_CLOSED_CHANNEL, CASE_WATCH_EVENT, type CaseClosedMessage, type CaseWatchAnswer, type RealtimeMessage } from '../domain/realtime.js';
import { mayReadCase } from '../domain/services/case.service.js';
import { SESSION_COOKIE } from './middleware/auth.middleware.js';

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export interface Realtime {
  io: Server;
  close(): Promise<void>;
}

/** Rooms that watch the process monitor. */
/** The rooms of one county's process-monitor watchers. */
const monitorRooms = (county: string) => [roleRoom(county, 'coordinator'), roleRoom(county, 'leader')];

export function attachRealtime(http: HttpServer, deps: { auth: AuthService; alerts: AlertService; ds: DataSource; databaseUrl: string; log: Logger; monitor?: MonitorService; monitorIntervalMs?: number }): Realtime {
  const { auth, alerts, ds, log } = deps;
  const io = new Server(http, { path: '/socket.io', serveClient: false, maxHttpBufferSize: 16 * 1024, allowRequest: socketOriginAllowed });
  // The adapter's own small pool: one connection LISTENs for the other nodes, the others NOTIFY.
  const adapterPool = new pg.Pool({ connectionString: deps.databaseUrl, max: 3, application_name: 'doudi-socketio-adapter' });
  adapterPool.on('error', (err) => log.warn({ err: err.message }, 'socket.io 适配器数据库连接出错'));
  // The LISTEN connection is checked out for good: without a listener its error would end the process.
  adapterPool.on('connect', (c) => c.on('error', () => undefined));
  io.adapter(createAdapter(adapterPool, { errorHandler: (err) => log.warn({ err: err.message }, 'socket.io 适配器出错，稍后重连') }));
  io.use(async (socket, next) => {
    try {
      const token = cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE);
      const user = await auth.resolve(token);
      if (!user) return next(new Error('AUTH_REQUIRED'));
      if (user.mustChangePassword) return next(new Error('PASSWORD_CHANGE_REQUIRED'));
      socket.data.user = user;
      socket.data.session = sessionKey(token!);
      next();
    } catch {
      next(new Error('AUTH_FAILED'));
    }
  });
  /** Records (in the background) that a user was sent the alerts up to an id. */
  const markSeen = (userId: string, upTo: number) => void alerts.markSeen(userId, upTo).catch((err: Error) => log.warn({ err: err.message }, '记录预警已提示失败'));
  io.on('connection', async (socket) => {
    const user = socket.data.user as User;
    // Live pushes that arrive while the replay below is being read wait here, so each alert goes out once.
    socket.data.pendingAlerts = [] as Alert[];
    // The client confirms the alerts it has shown; only ids this socket was sent count.
    socket.on(ALERT_SEEN_EVENT, (raw: unknown) => {
      const id = typeof raw === 'number' && Number.isInteger(raw) ? Math.min(raw, Number(socket.data.sentUpTo ?? 0)) : 0;
      if (id > 0) markSeen(user.id, id);
    });
    // Rooms are computed on the server from the session, never taken from the client.
    await socket.join([...roomsOf(user), `session:${socket.data.session as string}`]);
    socket.emit('message', { type: 'hello', data: { userId: user.id } } satisfies RealtimeMessage);
    let replayedUpTo = 0;
    try {
      const raw = (socket.handshake.auth as { lastAlertId?: unknown })?.lastAlertId;
      const last = typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 ? raw : typeof raw === 'string' && /^\d{1,18}$/.test(raw) ? Number(raw) : null;
      // Whichever is later: what this browser saw, or what any device of the user was sent.
      const after = Math.max(last ?? 0, await alerts.seenUpTo(user.id));
      const missed = after > 0 ? await alerts.since(user, after) : await alerts.unacknowledged(user);
      for (const a of missed) {
        socket.emit('message', { type: 'alert.raised', data: { ...toDto(a), replayed: true } } satisfies RealtimeMessage);
        replayedUpTo = Math.max(replayedUpTo, Number(a.id));
      }
    } catch (err) {
      log.warn({ err: (err as Error).message }, '补发预警失败');
    }
    const pending = socket.data.pendingAlerts as Alert[];
    socket.data.pendingAlerts = undefined;
    socket.data.replayedUpTo = replayedUpTo;
    let sentUpTo = replayedUpTo;
    for (const a of pending) {
      if (Number(a.id) <= replayedUpTo) continue;
      socket.emit('message', { type: 'alert.raised', data: toDto(a) } satisfies RealtimeMessage);
      sentUpTo = Math.max(sentUpTo, Number(a.id));
    }
    socket.data.sentUpTo = Math.max(Number(socket.data.sentUpTo ?? 0), sentUpTo);
  });
  io.on('connection', (socket) => {
    // The case page watches its case (one at a time per connection) to hear `case.closed`; only a user who may read it.
    socket.on(CASE_WATCH_EVENT, async (caseId: unknown, ack?: unknown) => {
      const answer = (a: CaseWatchAnswer) => (typeof ack === 'function' ? ack(a) : undefined);
      try {
        const user = socket.data.user as User;
        const c = typeof caseId === 'string' && /^[0-9a-f-]{36}$/i.test(caseId) ? await ds.getRepository(AssistanceCase).findOneBy({ id: caseId }) : null;
        if (!c || !(await mayReadCase(ds, user, c))) return answer({ ok: false, code: 'CASE_NOT_FOUND', message: '申请不存在或无权查看' });
        for (const room of socket.rooms) if (room.startsWith('case:')) await socket.leave(room);
        await socket.join(`case:${c.id}`);
        answer({ ok: true });
      } catch (err) {
        log.warn({ err: (err as Error).message }, '关注申请失败');
        answer({ ok: false, code: 'SERVICE_UNAVAILABLE', message: '服务暂不可用，请稍后重试' });
      }
    });
  });

  // A session that ends (logout, password change) closes its sockets on whichever node holds them: through the adapter.
  const offSessionsEnded = auth.onSessionsEnded((e) => {
    const target = e.sessionKey ? io.in(`session:${e.sessionKey}`) : e.userId ? io.in(`user:${e.userId}`) : undefined;
    (e.exceptSessionKey ? target?.except(`session:${e.exceptSessionKey}`) : target)?.disconnectSockets(true);
  });

  // One LISTEN connection per server node; reconnects by itself when the database restarts.
  let client: pg.Client | undefined;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let lastPushed = 0;
  // Ids already pushed (bounded): a notification and the catch-up after a reconnect may name the same alert.
  const pushed = new Set<number>();
  const deliver = async (a: Alert) => {
    const id = Number(a.id);
    lastPushed = Math.max(lastPushed, id);
    if (pushed.has(id) || !a.rooms.length) return;
    pushed.add(id);
    if (pushed.size > 10_000) pushed.delete(pushed.values().next().value!);
    // Local only: every node hears the NOTIFY and serves its own sockets (see the file comment). Per socket
    // rather than per room: a socket still reading its replay gets the alert after it, once.
    for (const socket of await io.local.in(a.rooms).fetchSockets()) {
      const waiting = socket.data.pendingAlerts as Alert[] | undefined;
      if (waiting) waiting.push(a);
      else if (!(Number(socket.data.replayedUpTo) >= id)) {
        socket.emit('message', { type: 'alert.raised', data: toDto(a) } satisfies RealtimeMessage);
        socket.data.sentUpTo = Math.max(Number(socket.data.sentUpTo ?? 0), id);
      }
    }
  };
  // Announced ids wait here until their rows are read and pushed, in order, a batch at a time; a
  // failed read (no database connection in time under load) is retried, so a connected client
  // still gets each alert live rather than only at its next reconnection.
  const pending = new Set<number>();
  let draining = false;
  const drain = async (): Promise<void> => {
    if (draining) return;
    draining = true;
    try {
      while (pending.size && !closed) {
        const ids = [...pending].sort((x, y) => x - y).slice(0, 200);
        try {
          const rows = await ds
            .getRepository(Alert)
            .createQueryBuilder('a')
            .where('a.id IN (:...ids)', { ids: ids.map(String) })
            .orderBy('a.id', 'ASC')
            .getMany();
          for (const a of rows) await deliver(a);
          for (const id of ids) pending.delete(id);
        } catch (err) {
          log.warn({ err: (err as Error).message, waiting: pending.size }, '推送预警失败，稍后重试');
          await new Promise((r) => setTimeout(r, 1_000));
        }
      }
    } finally {
      draining = false;
    }
  };
  const push = (ids: number[]) => {
    for (const id of ids) if (Number.isSafeInteger(id) && id > 0 && !pushed.has(id)) pending.add(id);
    void drain();
  };
  const retry = (ms: number) => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void listen();
    }, ms);
  };
  const listen = async (): Promise<void> => {
    if (closed) return;
    const c = new pg.Client({ connectionString: deps.databaseUrl, application_name: 'doudi-alert-listener', connectionTimeoutMillis: 5_000 });
    c.on('error', (err) => log.warn({ err: err.message }, '预警监听连接出错'));
    c.on('end', () => {
      // Only the current (or a failed) connection ends the listener; a stale one must not start a second.
      if (client && client !== c) return;
      client = undefined;
      retry(1_000);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${ALERT_CHANNEL}`);
      await c.query(`LISTEN ${CASE_CLOSED_CHANNEL}`);
      c.on('notification', (n) => {
        if (n.channel === ALERT_CHANNEL && n.payload) push([Number(n.payload)]);
        // Every node hears it and serves its own sockets watching the case.
        if (n.channel === CASE_CLOSED_CHANNEL && n.payload) {
          try {
            const data = JSON.parse(n.payload) as CaseClosedMessage;
            io.local.to(`case:${data.caseId}`).emit('message', { type: 'case.closed', data } satisfies RealtimeMessage);
          } catch {
            log.warn({ payload: n.payload.slice(0, 200) }, '办结通知格式不正确，已忽略');
          }
        }
      });
      client = c;
      // Anything raised while the listener was down goes out now.
      if (lastPushed > 0) {
        const missed = (await ds.query('SELECT id FROM alert WHERE id > $1 ORDER BY id', [lastPushed])) as { id: string }[];
        push(missed.map((a) => Number(a.id)));
        if (missed.length) log.info({ count: missed.length }, '预警监听已恢复，补推监听中断期间的预警');
      } else {
        const [{ max }] = (await ds.query('SELECT coalesce(max(id), 0) AS max FROM alert')) as { max: string }[];
        lastPushed = Number(max);
      }
    } catch (err) {
      log.warn({ err: (err as Error).message }, '预警监听连接失败，稍后重试');
      if (client === c) client = undefined;
      await c.end().catch(() => undefined);
      retry(2_000);
    }
  };
  void listen();

  // Process monitor: while a coordinator or leader is connected, push the per-activity counts when they change.
  // Each node serves its own watchers (`io.local`): the counts are a snapshot every node can read, and
  // emitting them through the adapter from every node would repeat each change once per node.
  const lastCounts = new Map<string, string>();
  const monitorTimer = deps.monitor
    ? setInterval(async () => {
        try {
          // Each county's watchers get their county's counts.
          const counties = new Set<string>();
          for (const s of await io.local.fetchSockets()) {
            const u = s.data.user as User | undefined;
            if (u && (u.role === 'coordinator' || u.role === 'leader')) counties.add(countyCodeOf(u.unitCode));
          }
          for (const county of counties) {
            for (const key of Object.values(PROCESS)) {
              const counts = await deps.monitor!.counts(key, county);
              const digest = JSON.stringify([counts.total, counts.activities]);
              if (lastCounts.get(`${county}:${key}`) === digest) continue;
              lastCounts.set(`${county}:${key}`, digest);
              io.local.to(monitorRooms(county)).emit('message', { type: 'monitor.counts', data: counts } satisfies RealtimeMessage);
            }
          }
        } catch (err) {
          log.debug({ err: (err as Error).message }, '流程监控统计失败');
        }
      }, deps.monitorIntervalMs ?? 2_000)
    : undefined;
  io.on('connection', (socket) => {
    // A new watcher gets the current counts at once.
    const u = socket.data.user as User;
    if (deps.monitor && (u.role === 'coordinator' || u.role === 'leader')) {
      for (const key of Object.values(PROCESS)) {
        deps.monitor
          .counts(key, countyCodeOf(u.unitCode))
          .then((c) => socket.emit('message', { type: 'monitor.counts', data: c } satisfies RealtimeMessage))
          .catch(() => undefined);
      }
    }
  });

  return {
    io,
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      offSessionsEnded();
      if (monitorTimer) clearInterval(monitorTimer);
      // A connection cut by a database restart may never report its end, and pool.end() waits for the
      // adapter's checked-out LISTEN client: neither may hold up the shutdown for more than a moment.
      await atMost(2_000, client?.end());
      await new Promise<void>((r) => io.close(() => r()));
      await atMost(2_000, adapterPool.end());
    },
  };
}

/** Waits for p (errors ignored), but no longer than ms. */
function atMost(ms: number, p: Promise<unknown> | undefined): Promise<void> {
  if (!p) return Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((r) => (timer = setTimeout(r, ms))),
  ]).finally(() => clearTimeout(timer));
}
