/**
 * `npm run pii:rekey`: after a new key was put in front of PII_KEYS (old keys
 * kept behind it) or PII_INDEX_KEY was replaced, re-encrypts every stored
 * personal-data value with the current key and recomputes the blind indexes,
 * then the uploaded files (scans, photos) in the object store and their names.
 * Uses the same configuration as the server (DATABASE_URL, or the embedded
 * database of DOUDI_DATA_DIR, which must be running — e.g. stop the platform
 * and run with DATABASE_URL). See docs/security.md.
 */
import { loadConfig } from '../domain/config.js';
import { configurePii } from '../domain/crypto/pii.js';
import { rekeyPii } from '../domain/crypto/rekey.js';
import { rekeyAttachments } from '../domain/crypto/rekey-attachments.js';
import { configuredObjectStore } from '../domain/storage/configured-store.js';
import { createDataSource } from '../domain/db/data-source.js';
import { piiKeyring } from '../runtime/secrets.js';

async function main(): Promise<void> {
  const cfg = loadConfig();
  if (!cfg.databaseUrl) throw new Error('请通过 DATABASE_URL 指定要重新加密的数据库');
  const cipher = configurePii(piiKeyring(cfg));
  const ds = createDataSource(cfg.databaseUrl, { poolSize: 2, applicationName: 'doudi-pii-rekey' });
  await ds.initialize();
  try {
    const r = await rekeyPii(ds, cipher);
    console.log(`已用密钥 ${cipher.currentKeyId} 重新加密 ${r.households} 户、${r.members} 名家庭成员的个人信息，并重建查询索引。`);
    const a = await rekeyAttachments(ds, cipher, configuredObjectStore(cfg));
    console.log(`已用密钥 ${cipher.currentKeyId} 重新加密 ${a.files} 个附件文件、${a.names} 个附件文件名。`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err) => {
  console.error('重新加密失败：', err instanceof Error ? err.message : err);
  process.exit(1);
});
