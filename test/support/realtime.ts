/** A socket.io client logged in as a browser would be (session cookie), collecting messages. */
import { io, type Socket } from 'socket.io-client';
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
