/** A socket.io client logged in as a browser would be (session cookie), collecting messages. */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { createApp, createDeps } from '../../server/app.js';
import { attachRealtime, type Realtime } from '../../server/realtime.js';
import { thePlatform } from './global-fixture.js';
import type { Browser } from './http.js';

export interface Listener {
  socket: Socket;
  messages: any[];
  alerts(): any[];
  close(): void;
}

/** Connects as this browser's session to the test platform's server, or to `url` (another server node). */
export async function listen(b: Browser, auth: Record<string, unknown> = {}, url = thePlatform().url): Promise<Listener> {
  const messages: any[] = [];
  const socket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    extraHeaders: { Cookie: b.sessionCookie },
    auth,
    reconnection: false,
  });
  socket.on('message', (m) => messages.push(m));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(e));
  });
  return {
    socket,
    messages,
    alerts: () => messages.filter((m) => m.type === 'alert.raised').map((m) => m.data),
    close: () => socket.close(),
  };
}

/**
 * Another server node over the same database and engine (as after a restart, or a second node of a
 * cluster), with its own services: it shares with the platform's server only what separate processes share.
 */
export async function serverNode(): Promise<{ url: string; http: HttpServer; realtime: Realtime; close(): Promise<void> }> {
  const p = thePlatform();
  const deps = createDeps(p.cfg, p.ds, p.engine, p.deps.log);
  const http = createServer(createApp(deps));
  const realtime = attachRealtime(http, { auth: deps.auth, alerts: deps.alerts, ds: p.ds, databaseUrl: p.databaseUrl, log: deps.log });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    http,
    realtime,
    close: async () => {
      await realtime.close();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}
