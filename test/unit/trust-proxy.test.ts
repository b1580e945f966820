import { expect } from 'chai';
import express from 'express';
import { setTrustProxy } from '../../server/app.js';

/** express's compiled trust function: (address, hop index) → trusted. */
function trusts(value: string): (addr: string) => boolean {
  const app = express();
  setTrustProxy(app, value);
  const fn = app.get('trust proxy fn') as (addr: string, i: number) => boolean;
  return (addr) => fn(addr, 0);
}

describe('审计 / 客户端地址取自哪个代理（TRUST_PROXY）', () => {
  it('by default only a proxy on the same machine is believed', () => {
    const t = trusts('loopback');
    expect([t('127.0.0.1'), t('::1'), t('172.18.0.3'), t('10.1.2.3'), t('203.0.113.9')]).to.deep.equal([true, true, false, false, false]);
  });

  it('compose trusts the private docker network of nginx, not public addresses', () => {
    const t = trusts('loopback, uniquelocal');
    expect([t('127.0.0.1'), t('172.18.0.3'), t('192.168.5.6'), t('203.0.113.9')]).to.deep.equal([true, true, true, false]);
    expect(trusts('10.0.0.0/8')('10.9.9.9')).to.equal(true);
  });

  it('an unreadable value, an empty one, or trusting every peer stops the start with the setting named', () => {
    for (const bad of ['not-an-address', '', ' , ', '*', 'true', 'loopback,999.1.1.1']) {
      expect(() => trusts(bad), bad).to.throw(/TRUST_PROXY/);
    }
  });
});
