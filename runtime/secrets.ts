/**
 * Secrets of the embedded default (database owner, app role and engine passwords, the keys
 * encrypting personal data), generated on first start and kept in the data
 * directory with mode 0600, so the embedded platform never runs with a
 * well-known password or key.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../domain/config.js';
import { generateKeySpecs, parseKeyring, type PiiKeyring } from '../domain/crypto/pii.js';

export interface EmbeddedSecrets {
  pgPassword: string;
  /** Password of the application's restricted database role (doudi_app). */
  appDbPassword: string;
  enginePassword: string;
  /** PII_KEYS format: "id:base64,…", current first. */
  piiKeys: string;
  /** PII_INDEX_KEY format: base64. */
  piiIndexKey: string;
}

/** Reads dataDir/secrets.json, creating it (or its missing entries) with fresh random values. */
export function loadOrCreateSecrets(dataDir: string): EmbeddedSecrets {
  const file = path.join(dataDir, 'secrets.json');
  fs.mkdirSync(dataDir, { recursive: true });
  const existing: Partial<EmbeddedSecrets> = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<EmbeddedSecrets>) : {};
  const secrets: EmbeddedSecrets = {
    pgPassword: existing.pgPassword ?? crypto.randomBytes(18).toString('base64url'),
    appDbPassword: existing.appDbPassword ?? crypto.randomBytes(18).toString('base64url'),
    enginePassword: existing.enginePassword ?? crypto.randomBytes(18).toString('base64url'),
    ...(existing.piiKeys && existing.piiIndexKey ? { piiKeys: existing.piiKeys, piiIndexKey: existing.piiIndexKey } : generateKeySpecs()),
  };
  if (!existing.pgPassword || !existing.appDbPassword || !existing.enginePassword || !existing.piiKeys || !existing.piiIndexKey) {
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}

/**
 * The personal-data keyring: PII_KEYS / PII_INDEX_KEY when configured,
 * otherwise (never in production, see loadConfig) the generated ones in
 * dataDir/secrets.json.
 */
export function piiKeySpecs(cfg: Config): { piiKeys: string; piiIndexKey: string } {
  if (cfg.piiKeys && cfg.piiIndexKey) return { piiKeys: cfg.piiKeys, piiIndexKey: cfg.piiIndexKey };
  if (cfg.piiKeys || cfg.piiIndexKey) throw new Error('PII_KEYS 和 PII_INDEX_KEY 须同时配置');
  const s = loadOrCreateSecrets(cfg.dataDir);
  return { piiKeys: s.piiKeys, piiIndexKey: s.piiIndexKey };
}

export function piiKeyring(cfg: Config): PiiKeyring {
  const s = piiKeySpecs(cfg);
  return parseKeyring(s.piiKeys, s.piiIndexKey);
}
