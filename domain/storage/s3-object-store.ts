/**
 * The production object store: an S3-compatible service (MinIO in docker/compose.yml), shared by
 * every server node, chosen with OBJECT_STORE=s3 (domain/config.ts). It holds ciphertext only: the
 * attachment service encrypts before `put` (domain/crypto/pii.ts), so the store's operators and its
 * backups never see a scan or a photo.
 */
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { assertKey, type ObjectStore } from './object-store.js';

export interface S3StoreConfig {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;
  private ready: Promise<void> | null = null;

  constructor(private readonly cfg: S3StoreConfig) {
    this.client = new S3Client({
      endpoint: cfg.endpoint,
      region: cfg.region,
      forcePathStyle: cfg.forcePathStyle,
      credentials: cfg.accessKeyId && cfg.secretAccessKey ? { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey } : undefined,
      // A store that does not answer fails the upload (the client sees 503) rather than hanging it.
      requestHandler: { requestTimeout: 30_000, connectionTimeout: 5_000 },
      maxAttempts: 3,
    });
  }

  /** Creates the bucket on first use when it does not exist (a fresh MinIO has none). */
  private ensureBucket(): Promise<void> {
    this.ready ??= (async () => {
      try {
        await this.client.send(new HeadBucketCommand({ Bucket: this.cfg.bucket }));
      } catch (err) {
        if (!(err instanceof S3ServiceException) || err.$metadata.httpStatusCode !== 404) throw err;
        await this.client.send(new CreateBucketCommand({ Bucket: this.cfg.bucket }));
      }
    })().catch((err: unknown) => {
      this.ready = null;
      throw err;
    });
    return this.ready;
  }

  async put(key: string, content: Buffer): Promise<void> {
    assertKey(key);
    await this.ensureBucket();
    // One PUT: the object appears whole or not at all (no partial file for a crash to leave).
    await this.client.send(new PutObjectCommand({ Bucket: this.cfg.bucket, Key: key, Body: content, ContentType: 'application/octet-stream' }));
  }

  async get(key: string): Promise<Buffer> {
    assertKey(key);
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.cfg.bucket, Key: key }));
    return Buffer.from(await out.Body!.transformToByteArray());
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.cfg.bucket, Key: key }));
  }

  close(): void {
    this.client.destroy();
  }
}
