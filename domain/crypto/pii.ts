/**
 * Personal data at rest (身份证号, 手机号, 资金发放卡号, 住址): AES-256-GCM with a
 * key from the configuration, and a keyed HMAC-SHA-256 blind index for the
 * lookups that need equality (duplicate household, search by ID number).
 *
 * Stored form: `pii1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts). The
 * column's label is the additional authenticated data, so a ciphertext copied
 * into another column does not decrypt. Decryption accepts every configured
 * key; encryption always uses the first (current) one — rotation is adding a
 * new key in front and re-encrypting (scripts/pii-rekey.ts), see
 * docs/security.md.
 *
 * Server and workers configure the process-wide keyring once at start
 * (`configurePii`); the TypeORM column transformer `piiColumn` uses it.
 */
import crypto from 'node:crypto';
import type { ValueTransformer } from 'typeorm';

const PREFIX = 'pii1';
const BYTES_PREFIX = 'pii1b';

export interface PiiKey {
  id: string;
  key: Buffer;
}

export interface PiiKeyring {
  /** Encryption keys, current first. */
  keys: PiiKey[];
  /** Key of the blind index (HMAC-SHA-256). */
  indexKey: Buffer;
}

function b64(raw: string, what: string): Buffer {
  const buf = Buffer.from(raw.trim(), 'base64');
  if (buf.length !== 32) throw new Error(`${what} 必须是 32 字节密钥的 base64 编码`);
  return buf;
}

/**
 * Parses `PII_KEYS` ("id:base64,id:base64", current first) and
 * `PII_INDEX_KEY` (base64); throws a Chinese message on anything malformed.
 */
export function parseKeyring(keysSpec: string, indexKeySpec: string): PiiKeyring {
  const keys = keysSpec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const i = entry.indexOf(':');
      const id = i > 0 ? entry.slice(0, i) : '';
      if (!/^[A-Za-z0-9_-]{1,16}$/.test(id)) throw new Error('PII_KEYS 的每一项须为 “密钥编号:base64 密钥”，编号为 1–16 位字母、数字、-、_');
      return { id, key: b64(entry.slice(i + 1), `PII_KEYS 中的密钥 ${id}`) };
    });
  if (!keys.length) throw new Error('PII_KEYS 至少需要一个密钥');
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error('PII_KEYS 中的密钥编号重复');
  return { keys, indexKey: b64(indexKeySpec, 'PII_INDEX_KEY') };
}

/** A fresh keyring spec (for the embedded default's secrets.json). */
export function generateKeySpecs(): { piiKeys: string; piiIndexKey: string } {
  const id = `k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}`;
  return { piiKeys: `${id}:${crypto.randomBytes(32).toString('base64')}`, piiIndexKey: crypto.randomBytes(32).toString('base64') };
}

export class PiiCipher {
  constructor(private readonly ring: PiiKeyring) {}

  get currentKeyId(): string {
    return this.ring.keys[0]!.id;
  }

  encrypt(plain: string, label: string): string {
    const k = this.ring.keys[0]!;
    const iv = crypto.randomBytes(12);
    const c = crypto.createCipheriv('aes-256-gcm', k.key, iv);
    c.setAAD(Buffer.from(label, 'utf8'));
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return [PREFIX, k.id, iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join(':');
  }

  /** The key id a stored value was encrypted with (null when it is not a ciphertext). */
  keyIdOf(stored: string): string | null {
    const parts = stored.split(':');
    return parts.length === 5 && parts[0] === PREFIX ? parts[1]! : null;
  }

  decrypt(stored: string, label: string): string {
    const parts = stored.split(':');
    if (parts.length !== 5 || parts[0] !== PREFIX) throw new Error(`${label}: 存储的值不是密文`);
    const [, keyId, iv, tag, ct] = parts as [string, string, string, string, string];
    const k = this.ring.keys.find((x) => x.id === keyId);
    if (!k) throw new Error(`${label}: 密钥 ${keyId} 未配置（PII_KEYS），无法解密`);
    const d = crypto.createDecipheriv('aes-256-gcm', k.key, Buffer.from(iv, 'base64url'));
    d.setAAD(Buffer.from(label, 'utf8'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
  }

  /** Encrypts a file (uploads): `pii1b` | key id length | key id | iv | tag | ciphertext, the label as AAD. */
  encryptBytes(plain: Buffer, label: string): Buffer {
    const k = this.ring.keys[0]!;
    const iv = crypto.randomBytes(12);
    const c = crypto.createCipheriv('aes-256-gcm', k.key, iv);
    c.setAAD(Buffer.from(label, 'utf8'));
    const ct = Buffer.concat([c.update(plain), c.final()]);
    const id = Buffer.from(k.id, 'utf8');
    return Buffer.concat([Buffer.from(BYTES_PREFIX), Buffer.from([id.length]), id, iv, c.getAuthTag(), ct]);
  }

  /** The key id a stored file was encrypted with (null when it is not an encryptBytes ciphertext). */
  keyIdOfBytes(stored: Buffer): string | null {
    if (stored.subarray(0, BYTES_PREFIX.length).toString('latin1') !== BYTES_PREFIX) return null;
    const idLen = stored[BYTES_PREFIX.length]!;
    return stored.subarray(BYTES_PREFIX.length + 1, BYTES_PREFIX.length + 1 + idLen).toString('utf8');
  }

  /** Decrypts what encryptBytes wrote under the same label; throws on any change. */
  decryptBytes(stored: Buffer, label: string): Buffer {
    if (stored.subarray(0, BYTES_PREFIX.length).toString('latin1') !== BYTES_PREFIX) throw new Error(`${label}: 存储的文件不是密文`);
    let at = BYTES_PREFIX.length;
    const idLen = stored[at++]!;
    const keyId = stored.subarray(at, at + idLen).toString('utf8');
    at += idLen;
    const k = this.ring.keys.find((x) => x.id === keyId);
    if (!k) throw new Error(`${label}: 密钥 ${keyId} 未配置（PII_KEYS），无法解密`);
    const iv = stored.subarray(at, at + 12);
    const tag = stored.subarray(at + 12, at + 28);
    at += 28;
    const d = crypto.createDecipheriv('aes-256-gcm', k.key, iv);
    d.setAAD(Buffer.from(label, 'utf8'));
    d.setAuthTag(tag);
    return Buffer.concat([d.update(stored.subarray(at)), d.final()]);
  }

  /** Blind index: HMAC-SHA-256 of the normalised value under the index key (hex). */
  blindIndex(value: string, label: string): string {
    return crypto.createHmac('sha256', this.ring.indexKey).update(`${label}\u0000${value.trim().toUpperCase()}`).digest('hex');
  }
}

let current: PiiCipher | undefined;

/** Sets the process-wide keyring (server and workers, once at start). */
export function configurePii(ring: PiiKeyring): PiiCipher {
  current = new PiiCipher(ring);
  return current;
}

/** The process-wide cipher; throws when the process did not configure one. */
export function pii(): PiiCipher {
  if (!current) throw new Error('个人信息加密密钥未配置（PII_KEYS / PII_INDEX_KEY）');
  return current;
}

/** Labels (AAD) of the encrypted columns. */
export const PII_LABEL = {
  headIdNumber: 'household.head_id',
  phone: 'household.phone',
  address: 'household.address',
  bankCard: 'household.bank_card',
  memberIdNumber: 'household_member.id_number',
  memberFacts: 'household_member.facts',
  objectorContact: 'notice_objection.contact',
  attachmentFileName: 'case_attachment.file_name',
} as const;

/** Blind index of an ID number (the same index for heads and members, so either finds the household). */
export function idNumberIndex(idNumber: string): string {
  return pii().blindIndex(idNumber, 'id_number');
}

/** TypeORM transformer for a JSON value: the entity holds the object, the column the ciphertext of its JSON. */
export function piiJsonColumn(label: string): ValueTransformer {
  const text = piiColumn(label);
  return {
    to: (v: unknown) => (v === null || v === undefined ? v : text.to(JSON.stringify(v))),
    from: (v: unknown) => (v === null || v === undefined ? v : JSON.parse(String(text.from(v)))),
  };
}

/** TypeORM transformer: the entity holds clear text, the column ciphertext. */
export function piiColumn(label: string): ValueTransformer {
  return {
    to: (v: unknown) => (v === null || v === undefined ? v : pii().encrypt(String(v), label)),
    from: (v: unknown) => (v === null || v === undefined ? v : pii().decrypt(String(v), label)),
  };
}
