/**
 * 查询码 of the 受理通知书 (求助有门): random, 8 characters from 31 that cannot be
 * confused when read from paper (no 0/O, 1/I/L), about 40 bits. Stored only as
 * a keyed HMAC (the PII blind-index key) bound to the case number, so the
 * database alone neither reveals nor tests codes.
 */
import crypto from 'node:crypto';
import { pii } from './pii.js';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A fresh 查询码, shown as XXXX-XXXX. */
export function newLookupCode(): string {
  const chars = Array.from({ length: 8 }, () => ALPHABET[crypto.randomInt(ALPHABET.length)]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** The stored form of a case's code: keyed HMAC over the case number and the code without separators. */
export function lookupCodeHash(caseNo: string, code: string): string {
  return pii().blindIndex(`${caseNo}:${code.replace(/[\s-]/g, '')}`, 'lookup_code');
}
