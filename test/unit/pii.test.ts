import { expect } from 'chai';
import crypto from 'node:crypto';
import { PiiCipher, parseKeyring } from '../../domain/crypto/pii.js';

const key = () => crypto.randomBytes(32).toString('base64');

describe('个人信息加密 / AES-256-GCM 与密钥轮换', () => {
  const oldSpec = `k1:${key()}`;
  const indexKey = key();
  const old = new PiiCipher(parseKeyring(oldSpec, indexKey));

  it('encrypts with a fresh IV, authenticates the column label and the value', () => {
    const a = old.encrypt('139901196506060018', 'household.head_id');
    const b = old.encrypt('139901196506060018', 'household.head_id');
    expect(a).to.not.equal(b);
    expect(a).to.match(/^pii1:k1:/);
    expect(a).to.not.contain('139901');
    expect(old.decrypt(a, 'household.head_id')).to.equal('139901196506060018');
    expect(() => old.decrypt(a, 'household.phone')).to.throw();
    const parts = a.split(':');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => old.decrypt(parts.join(':'), 'household.head_id')).to.throw();
    expect(() => old.decrypt('139901196506060018', 'household.head_id')).to.throw(/不是密文/);
  });

  it('after rotation the new key encrypts and every listed key decrypts; an unlisted key is refused', () => {
    const stored = old.encrypt('13812300600', 'household.phone');
    const rotated = new PiiCipher(parseKeyring(`k2:${key()},${oldSpec}`, indexKey));
    expect(rotated.currentKeyId).to.equal('k2');
    expect(rotated.decrypt(stored, 'household.phone')).to.equal('13812300600');
    expect(rotated.keyIdOf(rotated.encrypt('x', 'l'))).to.equal('k2');
    const dropped = new PiiCipher(parseKeyring(`k2:${key()}`, indexKey));
    expect(() => dropped.decrypt(stored, 'household.phone')).to.throw(/密钥 k1 未配置/);
  });

  it('the blind index is deterministic under one index key and differs under another', () => {
    const again = new PiiCipher(parseKeyring(`k9:${key()}`, indexKey));
    expect(old.blindIndex('13990119650606001x', 'id_number'))
      .to.equal(again.blindIndex('13990119650606001X', 'id_number'))
      .and.to.match(/^[0-9a-f]{64}$/);
    expect(new PiiCipher(parseKeyring(oldSpec, key())).blindIndex('139901196506060018', 'id_number')).to.not.equal(old.blindIndex('139901196506060018', 'id_number'));
  });

  it('refuses malformed key configuration with a Chinese message', () => {
    expect(() => parseKeyring('', indexKey)).to.throw(/至少需要一个密钥/);
    expect(() => parseKeyring(`k1:${Buffer.alloc(16).toString('base64')}`, indexKey)).to.throw(/32 字节/);
    expect(() => parseKeyring(`k1:${key()},k1:${key()}`, indexKey)).to.throw(/重复/);
    expect(() => parseKeyring(`bad id:${key()}`, indexKey)).to.throw(/密钥编号/);
  });
});
