/** The object store the configuration names (OBJECT_STORE): the data directory's uploads/ or S3 (MinIO). */
import path from 'node:path';
import type { Config } from '../config.js';
import { FileObjectStore, type ObjectStore } from './object-store.js';
import { S3ObjectStore } from './s3-object-store.js';

export function configuredObjectStore(cfg: Pick<Config, 'objectStore' | 's3' | 'dataDir'>): ObjectStore {
  return cfg.objectStore === 's3' ? new S3ObjectStore(cfg.s3) : new FileObjectStore(path.join(cfg.dataDir, 'uploads'));
}
