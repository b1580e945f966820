import { expect } from 'chai';
import crypto from 'node:crypto';
import { PiiCipher } from '../../domain/crypto/pii.js';
import { sniffFileType } from '../../domain/storage/file-type.js';
import { scanWithCommand } from '../../domain/storage/virus-scan.js';
import { FileObjectStore } from '../../domain/storage/object-store.js';

describe('附件检查 / 按内容判断类型、病毒扫描接口、加密存储', () => {
  it('knows scans and photos by their first bytes, whatever they are called', () => {
    expect(sniffFileType(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0, 0]))?.mime).to.equal('image/jpeg');
    expect(sniffFileType(Buffer.from('89504e470d0a1a0a00', 'hex'))?.mime).to.equal('image/png');
    expect(sniffFileType(Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ', 'latin1'))?.mime).to.equal('image/webp');
    expect(sniffFileType(Buffer.from('%PDF-1.7\n'))?.mime).to.equal('application/pdf');
    for (const bad of [Buffer.from('MZ\u0090\u0000'), Buffer.from('\u007fELF\u0002'), Buffer.from('#!/bin/sh'), Buffer.from('<svg onload=alert(1)>'), Buffer.from('PK\u0003\u0004'), Buffer.alloc(0)]) {
      expect(sniffFileType(bad), JSON.stringify(bad.toString('latin1'))).to.equal(null);
    }
  });

  it('the scan hook: exit 0 is clean, 1 infected, anything else unavailable; the file arrives on stdin', async () => {
    const scanner = `grep -q EICAR-TEST && exit 1 || exit 0`;
    expect(await scanWithCommand(scanner, Buffer.from('a photo'))).to.equal('clean');
    expect(await scanWithCommand(scanner, Buffer.from('xx EICAR-TEST xx'))).to.equal('infected');
    expect(await scanWithCommand('exit 2', Buffer.from('x'))).to.equal('unavailable');
    expect(await scanWithCommand('/nonexistent/scanner', Buffer.from('x'))).to.equal('unavailable');
  });

  it('files are encrypted with the personal-data key, bound to their label; a changed byte or another label does not decrypt', () => {
    const cipher = new PiiCipher({ keys: [{ id: 'k1', key: crypto.randomBytes(32) }], indexKey: crypto.randomBytes(32) });
    const plain = crypto.randomBytes(1000);
    const sealed = cipher.encryptBytes(plain, 'case_attachment:a');
    expect(sealed.includes(plain.subarray(0, 32))).to.equal(false);
    expect(cipher.decryptBytes(sealed, 'case_attachment:a').equals(plain)).to.equal(true);
    expect(() => cipher.decryptBytes(sealed, 'case_attachment:b')).to.throw();
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => cipher.decryptBytes(tampered, 'case_attachment:a')).to.throw();
  });

  it('the file store refuses keys that could leave its directory', async () => {
    const store = new FileObjectStore('/tmp/doudi-never-written');
    for (const key of ['../etc/passwd', 'cases/../../x', '/abs', 'cases/not-a-uuid']) {
      await store.put(key, Buffer.from('x')).then(
        () => expect.fail(key),
        (err: Error) => expect(err.message).to.match(/对象键不合法/),
      );
    }
  });
});
