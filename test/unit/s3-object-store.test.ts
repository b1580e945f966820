import { expect } from 'chai';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';
import { S3ObjectStore } from '../../domain/storage/s3-object-store.js';
import { freePort } from '../support/global-fixture.js';

/** s3rver's own credentials (it checks the request signatures like S3 does). */
const KEYS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const KEY = (n = crypto.randomUUID()) => `cases/${crypto.randomUUID()}/${n}`;

describe('附件存储 / S3 兼容对象存储（MinIO 的替身 s3rver，进程内）', function () {
  this.timeout(30_000);
  let dir: string;
  let server: S3rver;
  let endpoint: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doudi-s3-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
    const info = (await server.run()) as AddressInfo;
    endpoint = `http://127.0.0.1:${info.port}`;
  });
  after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const store = (over: Partial<ConstructorParameters<typeof S3ObjectStore>[0]> = {}) => new S3ObjectStore({ endpoint, region: 'us-east-1', bucket: 'doudi-uploads', forcePathStyle: true, ...KEYS, ...over });

  it('given a fresh store without the bucket, when a file is put, then the bucket is made and the same bytes come back; another server node reads it too; a deleted file is gone', async () => {
    const a = store();
    const b = store();
    const key = KEY();
    const content = crypto.randomBytes(300_000);
    await a.put(key, content);
    expect((await a.get(key)).equals(content)).to.equal(true);
    // a second server node (its own client) sees the same object: the store is shared, unlike <data dir>/uploads
    expect((await b.get(key)).equals(content)).to.equal(true);
    // overwriting under the same key replaces the object whole
    const again = crypto.randomBytes(10);
    await b.put(key, again);
    expect((await a.get(key)).equals(again)).to.equal(true);
    await a.delete(key);
    await b.get(key).then(
      () => expect.fail('deleted object still readable'),
      (err: Error) => expect(err.name).to.equal('NoSuchKey'),
    );
    a.close();
    b.close();
  });

  it('refuses keys that are not cases/<uuid>/<uuid> before asking the store', async () => {
    const s = store({ endpoint: 'http://127.0.0.1:9' });
    for (const key of ['../etc/passwd', 'cases/../../x', '/abs', 'cases/not-a-uuid']) {
      await s.put(key, Buffer.from('x')).then(
        () => expect.fail(key),
        (err: Error) => expect(err.message).to.match(/对象键不合法/),
      );
      await s.get(key).then(
        () => expect.fail(key),
        (err: Error) => expect(err.message).to.match(/对象键不合法/),
      );
    }
    s.close();
  });

  // (s3rver accepts any secret, so wrong credentials are not exercised here: MinIO answers them with 403 like any failed write)
  it('an unreachable store fails the write (the attachment service then refuses the upload with 503 and records nothing)', async () => {
    const down = store({ endpoint: `http://127.0.0.1:${await freePort()}` });
    await down.put(KEY(), Buffer.from('x')).then(
      () => expect.fail('no store there'),
      (err: Error) => expect(err).to.be.instanceOf(Error),
    );
    down.close();
  });
});
