/** A tiny HTTP client with a cookie jar, one per simulated user. */
import { thePlatform } from './global-fixture.js';

export interface Reply<T = any> {
  status: number;
  body: T;
}

export class Browser {
  private cookie = '';

  constructor(private readonly base = thePlatform().url) {}

  async request<T = any>(method: string, path: string, body?: unknown, raw?: string): Promise<Reply<T>> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.Cookie = this.cookie;
    if (body !== undefined || raw !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(this.base + path, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
    const set = res.headers.getSetCookie?.() ?? [];
    for (const c of set) {
      const [pair] = c.split(';');
      if (pair!.endsWith('=')) this.cookie = '';
      else this.cookie = pair!;
    }
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* keep text */
    }
    return { status: res.status, body: parsed };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
  put<T = any>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body ?? {});
  }
  get sessionCookie(): string {
    return this.cookie;
  }
  /** The same session against another server node (cluster runs). */
  on(base: string): Browser {
    const b = new Browser(base);
    b.cookie = this.cookie;
    return b;
  }
}

const settling = new Map<string, Promise<void>>();

/**
 * Seeded accounts must change their initial password before anything else
 * (403 PASSWORD_CHANGE_REQUIRED): the first login of a test run as an account
 * changes it, once per account even when tests log in in parallel, and keeps
 * the new one in the fixture's account list.
 */
export async function settlePassword(username: string): Promise<{ username: string; password: string }> {
  const acc = thePlatform().seededAccounts.find((a) => a.username === username);
  if (!acc) throw new Error(`no seeded account ${username}`);
  let p = settling.get(username);
  if (!p) {
    p = (async () => {
      const b = new Browser();
      const r = await b.post('/api/auth/login', { username, password: acc.password });
      if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
      if (r.body.mustChangePassword) {
        const newPassword = `Test-${username}-${Math.random().toString(36).slice(2, 10)}-9`;
        const c = await b.post('/api/auth/password', { oldPassword: acc.password, newPassword });
        if (c.status !== 200) throw new Error(`password change ${username} failed: ${c.status} ${JSON.stringify(c.body)}`);
        acc.password = newPassword;
      }
      await b.post('/api/auth/logout');
    })();
    settling.set(username, p);
    p.catch(() => settling.delete(username));
  }
  await p;
  return acc;
}

/** Logs in as a seeded demo account (passwords come from this run's seed, changed on first use). */
export async function loginAs(username: string): Promise<Browser> {
  const acc = await settlePassword(username);
  const b = new Browser();
  const r = await b.post('/api/auth/login', { username, password: acc.password });
  if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return b;
}

/** Polls until fn returns a truthy value or the timeout passes. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

/** A new account created by the admin, its first password already changed; returns its session. */
export async function newAccount(username: string, role: string, departmentCode: string, unitCode: string): Promise<{ b: Browser; id: string }> {
  const admin = await loginAs('admin');
  const created = await admin.post('/api/admin/users', { username, displayName: `测试${username.slice(-4)}`, role, departmentCode, unitCode });
  if (created.status !== 201) throw new Error(`creating ${username} failed: ${created.status} ${JSON.stringify(created.body)}`);
  const b = new Browser();
  const login = await b.post('/api/auth/login', { username, password: created.body.password });
  if (login.status !== 200) throw new Error(`login ${username} failed: ${login.status}`);
  const changed = await b.post('/api/auth/password', { oldPassword: created.body.password, newPassword: `New-${username}-x7Q!` });
  if (changed.status !== 200) throw new Error(`password change ${username} failed: ${changed.status}`);
  return { b, id: created.body.user.id };
}
