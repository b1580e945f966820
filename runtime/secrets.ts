/**
 * Secrets of the embedded default (database and engine passwords), generated
 * on first start and kept in the data directory with mode 0600, so the
 * embedded platform never runs with a well-known password.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface EmbeddedSecrets {
  pgPassword: string;
  enginePassword: string;
}

/** Reads dataDir/secrets.json, creating it with fresh random values when missing. */
export function loadOrCreateSecrets(dataDir: string): EmbeddedSecrets {
  const file = path.join(dataDir, 'secrets.json');
  fs.mkdirSync(dataDir, { recursive: true });
  if (fs.existsSync(file)) {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as EmbeddedSecrets;
  }
  const secrets: EmbeddedSecrets = {
    pgPassword: crypto.randomBytes(18).toString('base64url'),
    enginePassword: crypto.randomBytes(18).toString('base64url'),
  };
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
