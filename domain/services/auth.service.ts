/**
 * Accounts and server-side sessions. Passwords are argon2id hashes; the
 * session cookie carries a random token whose SHA-256 is the session's key,
 * so a database leak does not leak usable sessions.
 */
import crypto from 'node:crypto';
import argon2 from 'argon2';
import { IsNull, type DataSource } from 'typeorm';
import { Session } from '../entities/session.entity.js';
import { User } from '../entities/user.entity.js';
import { BadRequestError, UnauthorizedError } from '../errors.js';
import { countyCodeOf, group } from '../engine/contract.js';
import { AddressThrottle, isCommonPassword } from './login-guard.js';

/** Consecutive failed logins that lock an account. */
export const MAX_FAILED_LOGINS = 5;
/** How long a locked account stays locked. */
export const LOCKOUT_MINUTES = 15;

/** The one answer of a failed login: wrong password, unknown account and locked account alike. */
export const LOGIN_FAILED_MESSAGE = `用户名或密码不正确；连续失败 ${MAX_FAILED_LOGINS} 次将锁定 ${LOCKOUT_MINUTES} 分钟`;

export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id (OWASP minimum parameters). */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

function sha256(s: string): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}

/** The key of the session a token opens (its SHA-256); also names the session's socket.io room. */
export const sessionKey = sha256;

/** Sessions that just ended: one (`sessionKey`), or all of a user's but one (`userId`, `exceptSessionKey`). */
export interface SessionsEnded {
  sessionKey?: string;
  userId?: string;
  exceptSessionKey?: string;
}

/**
 * The candidate groups a user acts for in the engine: department staff
 * (handlers and heads) work their department's inbox of their own county;
 * everyone acts for tasks addressed to their role in their county, and to
 * their role within their own unit
 * (`unit:<code>:<role>`, e.g. the village worker of one village).
 */
export function groupsOf(user: Pick<User, 'role' | 'departmentCode' | 'unitCode'>): string[] {
  const county = countyCodeOf(user.unitCode);
  const groups = [group.role(county, user.role), group.unitRole(user.unitCode, user.role)];
  if (user.role === 'handler' || user.role === 'head') groups.unshift(group.dept(county, user.departmentCode));
  return groups;
}

export class AuthService {
  // A fixed hash to verify against when the user does not exist, so timing does not reveal usernames.
  private dummyHash?: Promise<string>;
  private readonly endedListeners = new Set<(e: SessionsEnded) => void>();
  private readonly addressThrottle: AddressThrottle;

  constructor(
    private readonly ds: DataSource,
    private readonly ttlHours: number,
    addressLimit: { maxFailures: number; windowMinutes: number } = { maxFailures: 100, windowMinutes: 15 },
  ) {
    this.addressThrottle = new AddressThrottle(addressLimit.maxFailures, addressLimit.windowMinutes * 60_000);
  }

  /**
   * Checks the credentials and opens a session; returns the raw token for the
   * cookie. After MAX_FAILED_LOGINS consecutive failures the account is locked
   * for LOCKOUT_MINUTES, whatever password is tried; the count starts again
   * once the lock is over. A locked account, an unknown one and a wrong
   * password get the same answer after the same work, so the answer tells
   * nothing about which accounts exist. Failures are also counted per source
   * address (`ip`): past the limit it gets 429 until its window passes.
   */
  async login(username: string, password: string, ip = ''): Promise<{ token: string; user: User; expiresAt: Date }> {
    this.addressThrottle.check(ip);
    const users = this.ds.getRepository(User);
    const user = await users.findOneBy({ username });
    this.dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
    const locked = !!user?.lockedUntil && user.lockedUntil.getTime() > Date.now();
    let ok = false;
    if (user?.active && !locked) ok = await argon2.verify(user.passwordHash, password);
    else await argon2.verify(await this.dummyHash, password); // the same work for unknown, inactive and locked accounts; the answer is no
    if (!user || !ok) {
      this.addressThrottle.fail(ip);
      if (user && !locked) await this.countFailure(user.id);
      throw new UnauthorizedError('LOGIN_FAILED', LOGIN_FAILED_MESSAGE);
    }
    if (user.failedLogins || user.lockedUntil) await users.update({ id: user.id }, { failedLogins: 0, lockedUntil: null });
    const token = crypto.randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.ttlHours * 3600_000);
    await this.ds.getRepository(Session).insert({ tokenHash: sha256(token), userId: user.id, expiresAt, revokedAt: null });
    // The user's ended sessions (expired or logged out) are of no further use: drop them, so the table stays the size of the live sessions.
    await this.ds.query('DELETE FROM app_session WHERE user_id = $1 AND (expires_at < now() OR revoked_at IS NOT NULL)', [user.id]);
    return { token, user, expiresAt };
  }

  /**
   * One more failed password for the account, counted atomically so parallel
   * guesses cannot slip past the limit; a lock that is over starts the count
   * again. Returns true when this failure locked the account.
   */
  private async countFailure(userId: string): Promise<boolean> {
    const [rows] = (await this.ds.query(
      `UPDATE app_user SET
         failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_logins + 1 END,
         locked_until = CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN NULL
                             WHEN failed_logins + 1 >= $2 THEN now() + ($3 || ' minutes')::interval
                             ELSE locked_until END
       WHERE id = $1 RETURNING locked_until > now() AS locked`,
      [userId, MAX_FAILED_LOGINS, String(LOCKOUT_MINUTES)],
    )) as [{ locked: boolean | null }[], number];
    return !!rows[0]?.locked;
  }

  /** The user behind a session token, or null when the session is unknown, expired or revoked. */
  async resolve(token: string | undefined): Promise<User | null> {
    if (!token || token.length > 100) return null;
    // one round trip per request: the live session's active user
    return this.ds
      .getRepository(User)
      .createQueryBuilder('u')
      .innerJoin(Session, 's', 's.user_id = u.id')
      .where('s.token_hash = :h AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active', { h: sha256(token) })
      .getOne();
  }

  /**
   * Changes the user's own password (the old one must be right); every other
   * session of the user ends, and the seeded-account flag is cleared.
   */
  async changePassword(user: User, currentToken: string | undefined, oldPassword: string, newPassword: string): Promise<void> {
    // A wrong old password counts like a failed login: a stolen session cannot guess the password without limit.
    if (!(await argon2.verify(user.passwordHash, oldPassword))) {
      if (await this.countFailure(user.id)) {
        await this.ds.getRepository(Session).update({ userId: user.id, revokedAt: IsNull() }, { revokedAt: new Date() });
        this.ended({ userId: user.id });
        throw new UnauthorizedError('ACCOUNT_LOCKED', `原密码连续输错 ${MAX_FAILED_LOGINS} 次，账号已临时锁定并退出登录，请 ${LOCKOUT_MINUTES} 分钟后再试`);
      }
      throw new UnauthorizedError('PASSWORD_WRONG', '原密码不正确');
    }
    if (isCommonPassword(newPassword, user.username)) throw new BadRequestError('NEW_PASSWORD_INVALID', '新密码过于常见或与账号相近，容易被猜中，请换一个', 'newPassword');
    if (oldPassword === newPassword) throw new BadRequestError('NEW_PASSWORD_INVALID', '新密码不能与原密码相同', 'newPassword');
    await this.ds.transaction(async (em) => {
      await em.update(User, { id: user.id }, { passwordHash: await hashPassword(newPassword), mustChangePassword: false });
      await em
        .createQueryBuilder()
        .update(Session)
        .set({ revokedAt: new Date() })
        .where('user_id = :u AND revoked_at IS NULL AND token_hash <> :keep', { u: user.id, keep: currentToken ? sha256(currentToken) : '' })
        .execute();
    });
    this.ended({ userId: user.id, exceptSessionKey: currentToken ? sha256(currentToken) : undefined });
  }

  /** Ends a session server-side: the token is useless afterwards. */
  async logout(token: string | undefined): Promise<void> {
    if (!token) return;
    await this.ds.getRepository(Session).update({ tokenHash: sha256(token) }, { revokedAt: new Date() });
    this.ended({ sessionKey: sha256(token) });
  }

  /** Calls fn whenever sessions end (realtime closes their sockets); returns the unsubscribe function. */
  onSessionsEnded(fn: (e: SessionsEnded) => void): () => void {
    this.endedListeners.add(fn);
    return () => this.endedListeners.delete(fn);
  }

  private ended(e: SessionsEnded): void {
    for (const fn of this.endedListeners) fn(e);
  }
}
