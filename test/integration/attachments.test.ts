import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, type Browser } from '../support/http.js';
import { newApplication, register } from '../support/application.js';
import { AuditEntry } from '../../domain/entities/audit-entry.entity.js';
import { CaseAttachment } from '../../domain/entities/case-attachment.entity.js';
import { pngImage } from '../support/images.js';
import crypto from 'node:crypto';
import { configurePii, parseKeyring, pii, PiiCipher } from '../../domain/crypto/pii.js';
import { rekeyAttachments } from '../../domain/crypto/rekey-attachments.js';
import { configuredObjectStore } from '../../domain/storage/configured-store.js';
import { piiKeySpecs } from '../../runtime/secrets.js';

/** A small valid PNG followed by a marker that must never appear on disk in clear. */
const MARKER = 'DOUDI-CLEAR-MARKER-7f3a';
const PNG = pngImage(16, 16, Buffer.from(MARKER));
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1), Buffer.from([0xff, 0xd9])]);
/** An executable renamed to a photo: starts with MZ. */
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

async function upload(b: Browser, caseId: string, content: Buffer, query: string, claimedType = 'image/png') {
  const res = await fetch(`${thePlatform().url}/api/cases/${caseId}/attachments?${query}`, {
    method: 'POST',
    headers: { Cookie: b.sessionCookie, 'Content-Type': claimedType },
    body: new Uint8Array(content),
  });
  return { status: res.status, body: (await res.json()) as any };
}
async function download(b: Browser, caseId: string, id: string) {
  const res = await fetch(`${thePlatform().url}/api/cases/${caseId}/attachments/${id}`, { headers: { Cookie: b.sessionCookie } });
  return { status: res.status, type: res.headers.get('content-type'), content: Buffer.from(await res.arrayBuffer()) };
}
function storedFiles(): string[] {
  const root = path.join(thePlatform().cfg.dataDir, 'uploads');
  return fs.existsSync(root) ? (fs.readdirSync(root, { recursive: true }) as string[]).map((f) => path.join(root, f)).filter((f) => fs.statSync(f).isFile()) : [];
}

describe('附件 / 窗口材料扫描件与入户调查照片', () => {
  it('given a case, the window uploads a scan; those who may read the case see the same file, stored encrypted, each read audited', async () => {
    const clerk = await loginAs('clerk');
    const c = await register(clerk, newApplication({ incomeYuan: 200, types: ['dibao'] }));
    const up = await upload(clerk, c.id, PNG, `kind=material&document=id_card&name=${encodeURIComponent('户口簿扫描.png')}`);
    expect(up.status, JSON.stringify(up.body)).to.equal(201);
    expect(up.body).to.include({ kind: 'material', kindName: '申请材料扫描件', mimeType: 'image/png', sizeBytes: PNG.length, fileName: '户口簿扫描.png' });
    expect(up.body.documentName).to.match(/[\u4e00-\u9fa5]/u);

    const list = await clerk.get(`/api/cases/${c.id}/attachments`);
    expect(list.body.items.map((a: any) => a.id)).to.deep.equal([up.body.id]);
    const coordinator = await loginAs('coordinator');
    const got = await download(coordinator, c.id, up.body.id);
    expect(got.status).to.equal(200);
    expect(got.type).to.equal('image/png');
    expect(got.content.equals(PNG)).to.equal(true);

    // at rest: neither the file nor its name in clear
    const files = storedFiles().filter((f) => f.includes(up.body.id));
    expect(files).to.have.length(1);
    const raw = fs.readFileSync(files[0]!);
    expect(raw.includes(Buffer.from(MARKER))).to.equal(false);
    expect(raw.includes(PNG.subarray(0, 8))).to.equal(false);
    const [row] = await thePlatform().ds.query(`SELECT file_name FROM case_attachment WHERE id = $1`, [up.body.id]);
    expect(row.file_name).not.to.contain('户口簿');

    const audit = await thePlatform()
      .ds.getRepository(AuditEntry)
      .findOne({ where: { username: 'coordinator', target: c.caseNo, status: 200 }, order: { id: 'DESC' } });
    expect(audit?.action).to.equal('GET /api/cases/:id/attachments/:attachmentId');
    expect(audit?.detail).to.contain(up.body.id);
  });

  it('a renamed executable, an unknown type, an empty or an oversize file is refused with a code, and nothing is stored', async () => {
    const clerk = await loginAs('clerk');
    const c = await register(clerk, newApplication({ incomeYuan: 200, types: ['dibao'] }));
    const rows = await thePlatform().ds.getRepository(CaseAttachment).count();
    const files = storedFiles().length;
    const refused = [
      [EXE, 'kind=material&name=photo.jpg', 'image/jpeg', 415, 'ATTACHMENT_TYPE_REFUSED'],
      [Buffer.from('#!/bin/sh\nrm -rf /\n'), 'kind=material&name=scan.pdf', 'application/pdf', 415, 'ATTACHMENT_TYPE_REFUSED'],
      [Buffer.alloc(0), 'kind=material&name=a.png', 'image/png', 400, 'ATTACHMENT_EMPTY'],
      [Buffer.concat([JPEG, Buffer.alloc(thePlatform().cfg.uploadMaxBytes)]), 'kind=home_visit&name=big.jpg', 'image/jpeg', 413, 'ATTACHMENT_TOO_LARGE'],
      [JPEG, 'kind=contract&name=a.jpg', 'image/jpeg', 400, 'KIND_INVALID'],
      [JPEG, 'kind=material&name=..%2F..%2Fetc%2Fpasswd', 'image/jpeg', 400, 'NAME_INVALID'],
      [Buffer.from('%PDF-1.4\n'), 'kind=home_visit&name=visit.pdf', 'application/pdf', 415, 'ATTACHMENT_TYPE_REFUSED'],
    ] as const;
    for (const [content, q, type, status, code] of refused) {
      const r = await upload(clerk, c.id, content as Buffer, q, type);
      expect(r.status, q).to.equal(status);
      expect(r.body.code, q).to.equal(code);
      expect(r.body.message, q).to.match(/[\u4e00-\u9fa5]/u);
    }
    expect(await thePlatform().ds.getRepository(CaseAttachment).count()).to.equal(rows);
    expect(storedFiles().length).to.equal(files);
  });

  it('the village worker adds home-visit photos; another department or village cannot list, read or add, and a read-only role cannot add', async () => {
    const clerk = await loginAs('clerk');
    const c = await register(clerk, newApplication({ incomeYuan: 200, types: ['dibao'] }));
    const village = await loginAs('village_heping');
    const photo = await upload(village, c.id, JPEG, `kind=home_visit&name=${encodeURIComponent('入户照片1.jpg')}`, 'image/jpeg');
    expect(photo.status, JSON.stringify(photo.body)).to.equal(201);
    expect(photo.body.kindName).to.equal('入户调查照片');

    for (const who of ['village_tuanjie', 'handler_health']) {
      const b = await loginAs(who);
      expect((await b.get(`/api/cases/${c.id}/attachments`)).status, who).to.equal(403);
      expect((await download(b, c.id, photo.body.id)).status, who).to.equal(403);
      expect((await upload(b, c.id, JPEG, 'kind=home_visit&name=x.jpg', 'image/jpeg')).status, who).to.equal(403);
    }
    const refusedRead = await thePlatform()
      .ds.getRepository(AuditEntry)
      .findOne({ where: { username: 'handler_health', target: c.caseNo, status: 403, action: 'GET /api/cases/:id/attachments/:attachmentId' } });
    expect(refusedRead, 'a refused read is audited').to.not.equal(null);
    const leader = await loginAs('leader');
    expect((await upload(leader, c.id, JPEG, 'kind=material&name=x.jpg', 'image/jpeg')).status).to.equal(403);
    expect((await clerk.get(`/api/cases/${c.id}/attachments`)).body.items).to.have.length(1);
  });

  it('key rotation: npm run pii:rekey re-encrypts the uploaded files and their names with the new key; they still open, and a second run has nothing to do', async () => {
    const { ds, cfg } = thePlatform();
    const clerk = await loginAs('clerk');
    const c = await register(clerk, newApplication({ incomeYuan: 200, types: ['dibao'] }));
    const up = await upload(clerk, c.id, PNG, `kind=material&document=id_card&name=${encodeURIComponent('轮换前的扫描件.png')}`);
    expect(up.status, JSON.stringify(up.body)).to.equal(201);
    const row = (await ds.query('SELECT storage_key, file_name FROM case_attachment WHERE id = $1', [up.body.id]))[0] as { storage_key: string; file_name: string };
    const store = configuredObjectStore(cfg);
    const spec = piiKeySpecs(cfg);
    const oldId = pii().currentKeyId;
    expect(pii().keyIdOfBytes(await store.get(row.storage_key))).to.equal(oldId);
    // given a new key put in front of the old one (only this case is rekeyed: the worker process keeps the old keyring)
    const rotKey = crypto.randomBytes(32).toString('base64');
    const rotated = configurePii(parseKeyring(`rot2:${rotKey},${spec.piiKeys}`, spec.piiIndexKey));
    try {
      // when the rekey runs
      expect(await rekeyAttachments(ds, rotated, store, [c.id])).to.deep.equal({ files: 1, names: 1 });
      // then the file and its name are under the new key, the clear content is still nowhere on disk, and the case page opens it
      expect(rotated.keyIdOfBytes(await store.get(row.storage_key))).to.equal('rot2');
      expect(rotated.keyIdOf((await ds.query('SELECT file_name FROM case_attachment WHERE id = $1', [up.body.id]))[0].file_name)).to.equal('rot2');
      for (const f of storedFiles()) expect(fs.readFileSync(f).includes(Buffer.from(MARKER)), f).to.equal(false);
      const read = await download(clerk, c.id, up.body.id);
      expect(read.status).to.equal(200);
      expect(read.content.equals(PNG)).to.equal(true);
      expect(((await clerk.get(`/api/cases/${c.id}/attachments`)).body.items as any[])[0].fileName).to.equal('轮换前的扫描件.png');
      // and running it again changes nothing
      expect(await rekeyAttachments(ds, rotated, store, [c.id])).to.deep.equal({ files: 0, names: 0 });
    } finally {
      // back to the platform's keyring, the attachment with it
      await rekeyAttachments(ds, new PiiCipher(parseKeyring(`${spec.piiKeys},rot2:${rotKey}`, spec.piiIndexKey)), store, [c.id]);
      configurePii(parseKeyring(spec.piiKeys, spec.piiIndexKey));
    }
    expect(pii().keyIdOfBytes(await store.get(row.storage_key))).to.equal(oldId);
  });
});
