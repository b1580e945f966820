import crypto from 'node:crypto';
import { expect } from 'chai';
import { thePlatform } from '../support/global-fixture.js';
import { Browser, loginAs } from '../support/http.js';

describe('账号安全 / 锁定、退出与修改密码', () => {
  it('five wrong passwords lock the account; the right one is then refused too, with the answer of a wrong password', async () => {
    const acc = thePlatform().seededAccounts.find((a) => a.username === 'head_emergency')!;
    for (let i = 0; i < 5; i++) {
      const r = await new Browser().post('/api/auth/login', { username: acc.username, password: `wrong-${i}` });
      expect(r.status).to.equal(401);
    }
    const locked = await new Browser().post('/api/auth/login', { username: acc.username, password: acc.password });
    expect(locked.status).to.equal(401);
    expect(locked.body.code).to.equal('LOGIN_FAILED');
    expect(locked.body.message).to.match(/锁定/);
  });

  it('GET /api/auth/session says who is logged in, or null, with 200 either way; /api/auth/me stays 401 for nobody', async () => {
    const anon = await fetch(thePlatform().url + '/api/auth/session');
    expect(anon.status).to.equal(200);
    expect(await anon.json()).to.deep.equal({ user: null });
    expect((await fetch(thePlatform().url + '/api/auth/me')).status).to.equal(401);
    const b = await loginAs('handler_dpf');
    const r = await b.get('/api/auth/session');
    expect([r.status, r.body.user?.username]).to.deep.equal([200, 'handler_dpf']);
    expect(r.body.user).to.deep.equal((await b.get('/api/auth/me')).body);
    expect((await b.post('/api/auth/logout')).status).to.equal(200);
    expect((await b.get('/api/auth/session')).body).to.deep.equal({ user: null });
  });

  it('a session is useless after logout', async () => {
    const b = await loginAs('handler_finance');
    const cookie = b.sessionCookie;
    expect((await b.get('/api/auth/me')).status).to.equal(200);
    expect((await b.post('/api/auth/logout')).status).to.equal(200);
    const replay = await fetch(thePlatform().url + '/api/auth/me', { headers: { Cookie: cookie } });
    expect(replay.status).to.equal(401);
  });

  it("ended sessions (logged out or expired) are deleted at the user's next login; live ones stay", async () => {
    const { ds } = thePlatform();
    const tokenHash = (b: Browser) =>
      crypto
        .createHash('sha256')
        .update(decodeURIComponent(b.sessionCookie.split('=')[1]!))
        .digest('hex');
    const ended = async () => (await ds.query(`SELECT s.token_hash FROM app_session s JOIN app_user u ON u.id = s.user_id WHERE u.username = 'handler_hrss' AND (s.revoked_at IS NOT NULL OR s.expires_at < now())`)) as unknown[];
    const out = await loginAs('handler_hrss');
    const stale = await loginAs('handler_hrss');
    const live = await loginAs('handler_hrss');
    expect((await out.post('/api/auth/logout')).status).to.equal(200);
    const expired = await ds.query(`UPDATE app_session SET expires_at = now() - interval '1 hour' WHERE token_hash = $1 RETURNING token_hash`, [tokenHash(stale)]);
    expect(expired[0]).to.have.length(1);
    expect(await ended()).to.have.length.greaterThan(1);
    expect((await stale.get('/api/auth/me')).status).to.equal(401);
    const next = await loginAs('handler_hrss');
    expect(await ended()).to.deep.equal([]);
    expect((await live.get('/api/auth/me')).status).to.equal(200);
    expect((await next.get('/api/auth/me')).status).to.equal(200);
  });

  it('changing the password needs the old one, follows the policy, and ends the other sessions', async () => {
    const acc = thePlatform().seededAccounts.find((a) => a.username === 'head_ndrc')!;
    // Raw logins: loginAs would change the initial password on its own.
    const first = new Browser();
    expect((await first.post('/api/auth/login', { username: 'head_ndrc', password: acc.password })).status).to.equal(200);
    const second = new Browser();
    expect((await second.post('/api/auth/login', { username: 'head_ndrc', password: acc.password })).status).to.equal(200);
    expect((await first.get('/api/auth/me')).body.mustChangePassword).to.equal(true);
    expect((await first.post('/api/auth/password', { oldPassword: 'nope', newPassword: 'Abcdefgh123' })).status).to.equal(401);
    const weak = await first.post('/api/auth/password', { oldPassword: acc.password, newPassword: 'short1' });
    expect(weak.status).to.equal(400);
    expect(weak.body.code).to.equal('NEW_PASSWORD_INVALID');
    const ok = await first.post('/api/auth/password', { oldPassword: acc.password, newPassword: 'Xingfu2026Town' });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    acc.password = 'Xingfu2026Town';
    expect((await first.get('/api/auth/me')).body.mustChangePassword).to.equal(false);
    expect((await second.get('/api/auth/me')).status).to.equal(401);
    expect((await new Browser().post('/api/auth/login', { username: 'head_ndrc', password: 'Xingfu2026Town' })).status).to.equal(200);
  });
});
