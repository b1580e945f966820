import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { provisionAppRole, urlAs } from '../../domain/db/app-role.js';
import { createDataSource } from '../../domain/db/data-source.js';
import { io } from 'socket.io-client';
import { AuditEntry } from '../../domain/entities/audit-entry.entity.js';
import { SEARCHES_PER_HOUR } from '../../domain/services/household-search.service.js';
import { thePlatform } from '../support/global-fixture.js';
import { Browser, loginAs, waitFor } from '../support/http.js';
import { newApplication, register, settleCasesOfThisSuite, taskOf, villageSteps } from '../support/application.js';

/** A new account created by the admin with its first password changed; returns its session, id and password. */
async function newAccount(prefix: string, role = 'clerk', departmentCode = 'civil', unitCode = '139901') {
  const username = `${prefix}_${Date.now().toString(36).slice(-5)}${Math.random().toString(36).slice(2, 4)}`;
  const admin = await loginAs('admin');
  const created = await admin.post('/api/admin/users', { username, displayName: `测试${username.slice(-4)}`, role, departmentCode, unitCode });
  expect(created.status, JSON.stringify(created.body)).to.equal(201);
  const b = new Browser();
  expect((await b.post('/api/auth/login', { username, password: created.body.password })).status).to.equal(200);
  const password = `Guard-${Math.random().toString(36).slice(2, 10)}-7`;
  expect((await b.post('/api/auth/password', { oldPassword: created.body.password, newPassword: password })).status).to.equal(200);
  return { b, id: created.body.user.id as string, username, password };
}

/** The audit lines of an action written after the given id. */
async function auditSince(sinceId: string, action: string): Promise<AuditEntry[]> {
  return thePlatform().ds.getRepository(AuditEntry).createQueryBuilder('a').where('a.action = :action AND a.id > :id', { action, id: sinceId }).orderBy('a.id', 'ASC').getMany();
}

async function lastAuditId(): Promise<string> {
  const [{ max }] = (await thePlatform().ds.query('SELECT coalesce(max(id), 0)::text AS max FROM audit_entry')) as { max: string }[];
  return max;
}

/** A login from a given client address (the test server trusts loopback as its proxy). */
async function loginFrom(address: string, username: string, password: string) {
  const res = await fetch(`${thePlatform().url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': address }, body: JSON.stringify({ username, password }) });
  return { status: res.status, body: (await res.json()) as any };
}

describe('按身份证号查找 / 不是查号工具', function () {
  // Cases left open would raise time-limit alerts into the tests that follow.
  settleCasesOfThisSuite();
  this.timeout(90_000);

  it('须填写事由，只限受理家庭的角色；每次查找以盲索引和事由留痕，不记号码', async () => {
    const clerk = await loginAs('clerk');
    const coordinator = await loginAs('coordinator');
    const app = newApplication({ incomeYuan: 100, types: ['dibao'] });
    await register(clerk, app);
    const idNumber = app.household.headIdNumber;

    // the coordinator does not register households: refused
    expect((await coordinator.post('/api/households/search', { idNumber, reason: '核对' })).status).to.equal(403);
    // without a reason: refused
    const noReason = await clerk.post('/api/households/search', { idNumber });
    expect(noReason.status).to.equal(400);
    expect(noReason.body.message).to.contain('事由');

    // with a reason: found, and audited with the blind index and the reason, never the number
    const since = await lastAuditId();
    const found = await clerk.post('/api/households/search', { idNumber, reason: '受理前核对是否已登记' });
    expect(found.status).to.equal(200);
    expect(found.body).to.have.length(1);
    const [line] = await auditSince(since, 'POST /api/households/search');
    expect(line, 'audit line').to.exist;
    const detail = JSON.parse(line!.detail!);
    expect(detail.reason).to.equal('受理前核对是否已登记');
    expect(detail.idIndex).to.match(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(line)).to.not.contain(idNumber);
  });

  it(`一个账号一小时最多查找 ${SEARCHES_PER_HOUR} 次，次数异常时联席会议办公室收到安全预警`, async () => {
    // given a window clerk trying number after number (the masked number's hidden digits)
    const { b, username } = await newAccount('sod_srch');
    const coordinator = await loginAs('coordinator');
    const statuses: number[] = [];
    for (let i = 0; i < SEARCHES_PER_HOUR + 2; i++) {
      const { household } = newApplication({ incomeYuan: 0, types: ['dibao'] });
      statuses.push((await b.post('/api/households/search', { idNumber: household.headIdNumber, reason: '逐个核对号码' })).status);
    }
    // then the searches past the limit are refused
    expect(
      statuses.slice(0, SEARCHES_PER_HOUR).every((s) => s === 200),
      statuses.join(),
    ).to.equal(true);
    const over = await b.post('/api/households/search', { idNumber: newApplication({ incomeYuan: 0, types: ['dibao'] }).household.headIdNumber, reason: '逐个核对号码' });
    expect(over.status).to.equal(429);
    expect(over.body.code).to.equal('SEARCH_RATE_LIMITED');
    // and the coordinator has a security alert naming the account
    const alert = await waitFor('security alert', async () => ((await coordinator.get('/api/alerts?pageSize=50')).body.items as any[]).find((a) => a.level === 'security' && a.message.includes(username)));
    expect(alert.levelName).to.equal('安全预警');
  });
});

describe('审计与登录防护', function () {
  // Cases left open would raise time-limit alerts into the tests that follow.
  settleCasesOfThisSuite();
  this.timeout(120_000);

  it('每次查阅案卷都留痕且不被缓存；被拒绝的查阅也留痕', async () => {
    const clerk = await loginAs('clerk');
    const health = await loginAs('handler_health');
    const c = await register(clerk, newApplication({ incomeYuan: 100, types: ['dibao'] }));
    const since = await lastAuditId();
    const res = await fetch(`${thePlatform().url}/api/cases/${c.id}`, { headers: { Cookie: clerk.sessionCookie } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('cache-control')).to.equal('no-store');
    expect((await health.get(`/api/cases/${c.id}`)).status).to.equal(403);
    const lines = await waitFor('two audit lines', async () => {
      const l = await auditSince(since, 'GET /api/cases/:id');
      return l.length >= 2 ? l : undefined;
    });
    expect(lines.map((l) => [l.username, l.status, l.target])).to.deep.include.members([
      ['clerk', 200, c.caseNo],
      ['handler_health', 403, c.id],
    ]);
  });

  it('锁定的账号与不存在的账号得到同样的回答；锁定期过后重新计数', async () => {
    const { username, password } = await newAccount('sod_lock');
    const unknown = await loginFrom('192.0.2.10', `nobody_${Date.now()}`, 'Wrong-password-1');
    for (let i = 0; i < 5; i++) expect((await loginFrom('192.0.2.10', username, 'Wrong-password-1')).status).to.equal(401);
    // when the locked account is tried, even with its right password
    const locked = await loginFrom('192.0.2.10', username, password);
    // then the answer is the unknown account's, word for word
    expect(locked).to.deep.equal(unknown);

    // given the lock is over (its end moved into the past)
    await thePlatform().ds.query(`UPDATE app_user SET locked_until = now() - interval '1 second' WHERE username = $1`, [username]);
    // when one more wrong password is tried, the account is not locked again at once
    expect((await loginFrom('192.0.2.10', username, 'Wrong-password-1')).status).to.equal(401);
    expect((await loginFrom('192.0.2.10', username, password)).status).to.equal(200);
  });

  it('修改密码时原密码连续输错 5 次：账号锁定并退出登录', async () => {
    const { b, username, password } = await newAccount('sod_pwd');
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await b.post('/api/auth/password', { oldPassword: `Guess-${i}-abcdef`, newPassword: 'Another-pass-2026x' }));
    expect(answers.slice(0, 4).map((a) => a.body.code)).to.deep.equal(['PASSWORD_WRONG', 'PASSWORD_WRONG', 'PASSWORD_WRONG', 'PASSWORD_WRONG']);
    expect(answers[4]!.body.code).to.equal('ACCOUNT_LOCKED');
    // the session has ended, and the right password does not open a new one while locked
    expect((await b.get('/api/auth/me')).status).to.equal(401);
    expect((await new Browser().post('/api/auth/login', { username, password })).status).to.equal(401);
  });

  it('同一来源地址登录失败过多被限流，其他地址不受影响', async () => {
    const max = thePlatform().cfg.loginAddressMaxFailures;
    for (let i = 0; i < max; i++) expect((await loginFrom('198.51.100.7', `spray_${i}`, 'Spring2026-pass')).status).to.equal(401);
    const throttled = await loginFrom('198.51.100.7', 'spray_x', 'Spring2026-pass');
    expect(throttled.status).to.equal(429);
    expect(throttled.body.code).to.equal('LOGIN_THROTTLED');
    expect((await loginFrom('198.51.100.8', 'spray_x', 'Spring2026-pass')).status).to.equal(401);
  });

  it('常见密码不能设为新密码', async () => {
    const { b, password } = await newAccount('sod_weak');
    for (const weak of ['Password123', 'a123456789', 'qwerty123456', '1qaz2wsx3edc']) {
      const r = await b.post('/api/auth/password', { oldPassword: password, newPassword: weak });
      expect(r.status, weak).to.equal(400);
      expect(r.body.code).to.equal('NEW_PASSWORD_INVALID');
    }
  });

  it('来自其他网站的写请求和实时连接被拒绝', async () => {
    const clerk = await loginAs('clerk');
    const evil = await fetch(`${thePlatform().url}/api/auth/logout`, { method: 'POST', headers: { Cookie: clerk.sessionCookie, Origin: 'https://evil.example', 'Content-Type': 'application/json' }, body: '{}' });
    expect(evil.status).to.equal(403);
    expect(((await evil.json()) as any).code).to.equal('ORIGIN_FORBIDDEN');
    // the session is still alive
    expect((await clerk.get('/api/auth/me')).status).to.equal(200);
    const same = await fetch(`${thePlatform().url}/api/auth/me`, { headers: { Cookie: clerk.sessionCookie, Origin: thePlatform().url } });
    expect(same.status).to.equal(200);

    const socket = io(thePlatform().url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { Cookie: clerk.sessionCookie, Origin: 'https://evil.example' }, reconnection: false });
    const outcome = await new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', () => resolve('refused'));
    });
    socket.close();
    expect(outcome).to.equal('refused');
  });

  it('零宽字符和方向控制符先去掉再检查长度', async () => {
    const clerk = await loginAs('clerk');
    const { household } = newApplication({ incomeYuan: 0, types: ['temporary'] });
    const padded = await clerk.post('/api/cases/temporary', { household, amountYuan: 100, reason: '\u200b\u200b\u200b\u200b\u200b\u202e' });
    expect(padded.status, JSON.stringify(padded.body)).to.equal(400);
    expect(padded.body.code).to.equal('REASON_INVALID');
    const named = await clerk.post('/api/cases/temporary', { household: { ...household, headName: '褚\u202e演示' }, amountYuan: 100, reason: '家中突发变故\u200b生活困难' });
    expect(named.status, JSON.stringify(named.body)).to.equal(201);
    const file = (await clerk.get(`/api/cases/${named.body.id}`)).body;
    expect(file.timeline[0].opinion).to.not.match(/[\u200b\u202e]/u);
    expect(JSON.stringify(file.household)).to.not.match(/[\u200b\u202e]/u);
  });

  it('转办只能转到有在岗经办人的部门', async () => {
    const civil = await loginAs('handler_civil');
    const clerk = await loginAs('clerk');
    const { household } = newApplication({ incomeYuan: 0, types: ['temporary'] });
    const r = await clerk.post('/api/cases/temporary', { household, amountYuan: 3000, reason: '家中突发重大变故，生活困难' });
    const t = await taskOf(civil, r.body.id, 'Task_CountyTemporaryApproval');
    for (const toDepartment of ['gov', 'village']) {
      const moved = await civil.post(`/api/tasks/${t.taskId}/transfer`, { toDepartment, opinion: '请协助办理' });
      expect(moved.status, toDepartment).to.equal(400);
      expect(moved.body.code).to.equal('TO_DEPARTMENT_INVALID');
    }
    expect((await civil.get(`/api/tasks/${t.taskId}`)).status).to.equal(200);
  });

  it('公示异议人的联系电话加密保存，案卷中只显示打码后的号码', async () => {
    const clerk = await loginAs('clerk');
    const village = await loginAs('village_heping');
    const c = await register(clerk, newApplication({ incomeYuan: 0, types: ['dibao'] }));
    await villageSteps(village, c.id);
    const notice = await waitFor('notice published', async () => ((await new Browser().get('/api/public/notices')).body.items as any[]).find((n) => n.noticeNo.includes(c.caseNo.slice(3))), 60_000, 100);
    const phone = '13912345678';
    const obj = await new Browser().post(`/api/public/notices/${notice.noticeNo}/objections`, { content: '该户有车辆，请核实收入', contact: phone });
    expect(obj.status, JSON.stringify(obj.body)).to.equal(201);
    const stored = (await thePlatform().ds.query(`SELECT to_jsonb(o)::text AS row FROM notice_objection o WHERE case_id = $1`, [c.id])) as { row: string }[];
    expect(stored).to.have.length(1);
    expect(stored[0]!.row).to.not.contain(phone);
    const file = (await clerk.get(`/api/cases/${c.id}`)).body;
    expect(file.objections[0].contact).to.equal('139****5678');
  });
});

describe('数据库最小权限 / 应用账号不能抹掉审计', () => {
  it('应用连接数据库用的账号不是超级用户也不是表的所有者：关不掉触发器，改不了、删不掉审计记录', async function () {
    // An external database without DATABASE_APP_PASSWORD has no restricted role to test.
    if (thePlatform().databaseUrl === thePlatform().ownerDatabaseUrl && process.env.DATABASE_URL) this.skip();
    // given the application's own connection
    const { ds } = thePlatform();
    const [who] = (await ds.query(`SELECT current_user AS "user", rolsuper AS "super" FROM pg_roles WHERE rolname = current_user`)) as { user: string; super: boolean }[];
    expect(who).to.deep.equal({ user: 'doudi_app', super: false });
    const [{ id }] = (await ds.query('SELECT max(id)::text AS id FROM audit_entry')) as { id: string }[];

    // when it tries to switch triggers off, alter the audit table, or change or delete an audit row
    const attempts: Record<string, string> = {
      'SET session_replication_role = replica': 'set',
      'ALTER TABLE audit_entry DISABLE TRIGGER ALL': 'alter',
      [`DELETE FROM audit_entry WHERE id = ${Number(id)}`]: 'delete',
      [`UPDATE audit_entry SET status = 200 WHERE id = ${Number(id)}`]: 'update',
      'TRUNCATE audit_entry': 'truncate',
      'CREATE TABLE sneaky (id int)': 'create',
    };
    for (const sql of Object.keys(attempts)) {
      const runner = ds.createQueryRunner();
      try {
        // then each is refused by PostgreSQL for lack of privilege
        const err = await runner.query(sql).then(
          () => null,
          (e: Error & { code?: string }) => e,
        );
        expect(err, sql).to.not.equal(null);
        expect(err!.code, `${sql}: ${err!.message}`).to.be.oneOf(['42501', '42809']);
      } finally {
        await runner.release();
      }
    }
    // and the row is still there
    expect((await ds.query('SELECT count(*)::int AS n FROM audit_entry WHERE id = $1', [id]))[0].n).to.equal(1);
  });
});

describe('数据库最小权限 / Docker Compose：库的所有者只有 CREATEROLE，不是超级用户', () => {
  it('所有者建出的应用账号同样受限；再次启动（改口令）也行；账号被人加了特权时拒绝启动', async function () {
    this.timeout(120_000);
    const superUrl = thePlatform().ownerDatabaseUrl;
    if (new URL(superUrl).username !== 'postgres') this.skip(); // an external database: no superuser to set the scene with
    const sup = new pg.Client({ connectionString: urlWithDb(superUrl, 'postgres') });
    await sup.connect();
    const ownerPw = randomBytes(18).toString('hex');
    const appPw = randomBytes(18).toString('hex');
    const ROLE = 'doudi_app_compose';
    let owner: DataSource | undefined;
    try {
      // given a database owned by a role with CREATEROLE only, as docker/postgres-init.sh makes it, migrated by that owner
      await sup.query(`CREATE ROLE compose_owner LOGIN CREATEROLE PASSWORD '${ownerPw}'`);
      await sup.query('CREATE DATABASE compose_check OWNER compose_owner');
      await sup.query('REVOKE ALL ON DATABASE compose_check FROM PUBLIC');
      const ownerUrl = urlAs(urlWithDb(superUrl, 'compose_check'), 'compose_owner', ownerPw);
      owner = createDataSource(ownerUrl, { poolSize: 2 });
      await owner.initialize();
      // when the server provisions the app role through it, on first start and again on a restart with a new password
      await provisionAppRole(owner, randomBytes(18).toString('hex'), ROLE);
      await provisionAppRole(owner, appPw, ROLE);
      // then the app role logs in with the new password and may work with rows but not erase tracks
      const app = new pg.Client({ connectionString: urlAs(ownerUrl, ROLE, appPw) });
      await app.connect();
      try {
        const [who] = (await app.query(`SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user`)).rows;
        expect(who).to.deep.equal({ rolsuper: false, rolcreaterole: false, rolcreatedb: false });
        await app.query(`INSERT INTO audit_entry (action, status) VALUES ('POST /api/check', 200)`);
        for (const sql of ['SET session_replication_role = replica', 'DELETE FROM audit_entry', 'TRUNCATE audit_entry', 'ALTER TABLE audit_entry DISABLE TRIGGER ALL', 'CREATE TABLE sneaky (id int)']) {
          const err = await app.query(sql).then(
            () => null,
            (e: Error & { code?: string }) => e,
          );
          expect(err?.code, sql).to.be.oneOf(['42501', '42809']);
        }
        expect((await app.query('SELECT count(*)::int AS n FROM audit_entry')).rows[0].n).to.equal(1);
      } finally {
        await app.end();
      }
      // and a role someone made privileged stops the server from starting rather than connecting as it
      await sup.query(`ALTER ROLE ${ROLE} CREATEDB`);
      const refused = await provisionAppRole(owner, appPw, ROLE).then(
        () => null,
        (e: Error) => e,
      );
      expect(refused?.message).to.contain('CREATEDB');
    } finally {
      await owner?.destroy();
      await sup.query('DROP DATABASE IF EXISTS compose_check WITH (FORCE)');
      await sup.query(`DROP ROLE IF EXISTS ${ROLE}`);
      await sup.query('DROP ROLE IF EXISTS compose_owner');
      await sup.end();
    }
  });
});

/** The same database URL naming another database. */
function urlWithDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
