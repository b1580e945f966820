/**
 * socket.io: authenticated with the same session cookie; each socket joins
 * the rooms of its user, department and role. Messages are a typed
 * { type, data } union (see RealtimeMessage).
 */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { AuthService } from '../domain/services/auth.service.js';
import { SESSION_COOKIE } from './middleware/auth.middleware.js';

export type RealtimeMessage = { type: 'case.closed'; data: { caseId: string; caseNo: string } } | { type: 'hello'; data: { userId: string } };

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export function attachRealtime(http: HttpServer, auth: AuthService): Server {
  const io = new Server(http, { path: '/socket.io', serveClient: false, maxHttpBufferSize: 16 * 1024 });
  io.use(async (socket, next) => {
    try {
      const user = await auth.resolve(cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE));
      if (!user) return next(new Error('AUTH_REQUIRED'));
      socket.data.user = { id: user.id, role: user.role, departmentCode: user.departmentCode };
      next();
    } catch {
      next(new Error('AUTH_FAILED'));
    }
  });
  io.on('connection', (socket) => {
    const u = socket.data.user as { id: string; role: string; departmentCode: string };
    void socket.join([`user:${u.id}`, `dept:${u.departmentCode}`, `role:${u.role}`]);
    const hello: RealtimeMessage = { type: 'hello', data: { userId: u.id } };
    socket.emit('message', hello);
  });
  return io;
}
