/**
 * Guards of the login beyond the per-account lockout: a throttle per source
 * address (password spraying over many accounts), and a blocklist of the
 * passwords every guessing list starts with.
 */
import { HttpError } from '../errors.js';

/**
 * Failed logins per source address in a sliding window, kept in the memory of
 * one server node (with several nodes each counts its own share, so an address
 * gets at most nodes × the limit).
 */
export class AddressThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
  ) {}

  private recent(ip: string, now = Date.now()): number[] {
    const list = (this.failures.get(ip) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length) this.failures.set(ip, list);
    else this.failures.delete(ip);
    return list;
  }

  /** Refuses (429 LOGIN_THROTTLED) an address that failed maxFailures times within the window. */
  check(ip: string): void {
    const list = this.recent(ip);
    if (list.length >= this.maxFailures) {
      const minutes = Math.max(1, Math.ceil((list[0]! + this.windowMs - Date.now()) / 60_000));
      throw new HttpError(429, 'LOGIN_THROTTLED', `该网络地址登录失败次数过多，请 ${minutes} 分钟后再试`);
    }
  }

  /** Records one failed login of the address. */
  fail(ip: string): void {
    const list = this.recent(ip);
    list.push(Date.now());
    this.failures.set(ip, list);
    // Bounded memory under a flood of addresses: forget the oldest address first.
    if (this.failures.size > 100_000) this.failures.delete(this.failures.keys().next().value!);
  }
}

/** The blocklist lives with the password rule in contracts/ (the web's form checks it too). */
export { isCommonPassword } from '../../contracts/passwords.js';
