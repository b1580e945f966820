/**
 * Accounts and server-side sessions. Passwords are argon2id hashes; the
 * session cookie carries a random token whose SHA-256 is the session's key,
 * so a database leak does not leak usable sessions.
 */
import crypto from 'node:crypto';
import argon2 from 'argon2';
import { IsNull, MoreThan, type DataSource } from 'typeorm';
import { Session } from '../entities/session.entity.js';
import { User } from '../entities/user.entity.js';
import { UnauthorizedError } from '../errors.js';
import { group } from '../engine/contract.js';

export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id (OWASP minimum parameters). */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

function sha256(s: string): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}

/**
 * The candidate groups a user acts for in the engine: department staff
 * (handlers and heads) work their department's inbox; everyone acts for tasks
 * addressed to their role, and to their role within their own unit
 * (`unit:<code>:<role>`, e.g. the village worker of one village).
 */
export function groupsOf(user: Pick<User, 'role' | 'departmentCode' | 'unitCode'>): string[] {
  const groups = [group.role(user.role), group.unitRole(user.unitCode, user.role)];
  if (user.role === 'handler' || user.role === 'head') groups.unshift(group.dept(user.departmentCode));
  return groups;
}

export class AuthService {
  // A fixed hash to verify against when the user does not exist, so timing does not reveal usernames.
  private dummyHash?: Promise<string>;

  constructor(private readonly ds: DataSource, private readonly ttlHours: number) {}

  /** Checks the credentials and opens a session; returns the raw token for the cookie. */
  async login(username: string, password: string): Promise<{ token: string; user: User; expiresAt: Date }> {
    const user = await this.ds.getRepository(User).findOneBy({ username });
    this.dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
    const ok = user && user.active ? await argon2.verify(user.passwordHash, password) : (await argon2.verify(await this.dummyHash, password), false);
    if (!user || !ok) throw new UnauthorizedError('LOGIN_FAILED', '用户名或密码不正确');
    const token = crypto.randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.ttlHours * 3600_000);
    await this.ds.getRepository(Session).insert({ tokenHash: sha256(token), userId: user.id, expiresAt, revokedAt: null });
    return { token, user, expiresAt };
  }

  /** The user behind a session token, or null when the session is unknown, expired or revoked. */
  async resolve(token: string | undefined): Promise<User | null> {
    if (!token || token.length > 100) return null;
    const s = await this.ds.getRepository(Session).findOneBy({ tokenHash: sha256(token), revokedAt: IsNull(), expiresAt: MoreThan(new Date()) });
    if (!s) return null;
    const u = await this.ds.getRepository(User).findOneBy({ id: s.userId });
    return u && u.active ? u : null;
  }

  /** Ends a session server-side: the token is useless afterwards. */
  async logout(token: string | undefined): Promise<void> {
    if (!token) return;
    await this.ds.getRepository(Session).update({ tokenHash: sha256(token) }, { revokedAt: new Date() });
  }
}
