import { expect } from 'chai';
import { AuditEntry } from '../../domain/entities/audit-entry.entity.js';
import { thePlatform } from '../support/global-fixture.js';
import { Browser, loginAs, waitFor } from '../support/http.js';

async function login(username: string, password: string): Promise<{ status: number; browser: Browser; body: any }> {
  const b = new Browser();
  const r = await b.post('/api/auth/login', { username, password });
  return { status: r.status, browser: b, body: r.body };
}

describe('系统管理 / 用户与角色、部门、流程部署', function () {
  this.timeout(60_000);

  it('an admin creates an account (password shown once), resets its password, reassigns and disables it; all audited', async () => {
    const admin = await loginAs('admin');
    const username = `handler_test_${Date.now().toString(36)}`;

    // when the admin creates a handler of civil affairs
    const created = await admin.post('/api/admin/users', { username, displayName: '测试经办人', role: 'handler', departmentCode: 'civil', unitCode: '139901' });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body.user).to.include({ username, role: 'handler', departmentCode: 'civil', departmentName: '民政局', unitName: '兜底示范县', active: true, mustChangePassword: true });
    expect(created.body.password).to.match(/^[A-Za-z0-9]{12}$/);
    expect(created.body.user).to.not.have.property('passwordHash');
    const id = created.body.user.id as string;

    // then the new account logs in with the password shown once, and the list finds it
    const first = await login(username, created.body.password);
    expect(first.status).to.equal(200);
    const listed = await admin.get(`/api/admin/users?q=${username}`);
    expect(listed.body.items.map((u: any) => u.id)).to.deep.equal([id]);
    expect(JSON.stringify(listed.body)).to.not.contain(created.body.password);

    // when the admin resets the password, the old one and the old session stop working
    const reset = await admin.post(`/api/admin/users/${id}/reset-password`);
    expect(reset.status).to.equal(200);
    expect(reset.body.password)
      .to.match(/^[A-Za-z0-9]{12}$/)
      .and.not.equal(created.body.password);
    expect((await first.browser.get('/api/auth/me')).status).to.equal(401);
    expect((await login(username, created.body.password)).status).to.equal(401);
    const second = await login(username, reset.body.password);
    expect(second.status).to.equal(200);

    // when the admin moves the account to health as its head
    const moved = await admin.request('PATCH', `/api/admin/users/${id}`, { role: 'head', departmentCode: 'health' });
    expect(moved.status, JSON.stringify(moved.body)).to.equal(200);
    expect(moved.body).to.include({ role: 'head', departmentCode: 'health', departmentName: '卫生健康局' });
    expect((await second.browser.get('/api/auth/me')).body).to.include({ role: 'head' });

    // when the admin disables it, its session ends and it cannot log in
    const disabled = await admin.request('PATCH', `/api/admin/users/${id}`, { active: false });
    expect(disabled.body.active).to.equal(false);
    expect((await second.browser.get('/api/auth/me')).status).to.equal(401);
    expect((await login(username, reset.body.password)).status).to.equal(401);
    expect((await admin.get(`/api/admin/users?q=${username}&active=false`)).body.total).to.equal(1);
    const enabled = await admin.request('PATCH', `/api/admin/users/${id}`, { active: true });
    expect(enabled.body.active).to.equal(true);
    expect((await login(username, reset.body.password)).status).to.equal(200);

    // then every change is in the audit log with the account, and no password is
    // (the audit row is written when the answer has been sent)
    const audit = await waitFor('audit rows', async () => {
      const rows = await thePlatform()
        .ds.getRepository(AuditEntry)
        .find({ where: { username: 'admin' }, order: { at: 'ASC' } });
      return rows.filter((a) => (a.target ?? '').startsWith(username)).length >= 5 ? rows : undefined;
    });
    const mine = audit.filter((a) => (a.target ?? '').startsWith(username));
    expect(mine.map((a) => a.action)).to.include.members(['POST /api/admin/users', 'POST /api/admin/users/:id/reset-password', 'PATCH /api/admin/users/:id']);
    expect(JSON.stringify(audit)).to.not.contain(reset.body.password);
  });

  it('refuses bad accounts with a code and a Chinese message, and changes nothing', async () => {
    const admin = await loginAs('admin');
    const before = (await admin.get('/api/admin/users?pageSize=1')).body.total;
    const bad = async (body: unknown, status: number, code: string) => {
      const r = await admin.post('/api/admin/users', body);
      expect(r.status, JSON.stringify(body)).to.equal(status);
      expect(r.body.code).to.equal(code);
      expect(r.body.message).to.match(/[\u4e00-\u9fa5]/u);
    };
    const ok = { username: 'newuser_x', displayName: '新用户', role: 'handler', departmentCode: 'civil', unitCode: '139901' };
    await bad({ ...ok, username: 'Bad Name' }, 400, 'USERNAME_INVALID');
    await bad({ ...ok, role: 'root' }, 400, 'ROLE_INVALID');
    await bad({ ...ok, departmentCode: 'nosuch' }, 400, 'DEPARTMENT_CODE_INVALID');
    await bad({ ...ok, unitCode: '999' }, 400, 'UNIT_CODE_INVALID');
    await bad({ ...ok, username: 'clerk' }, 409, 'USERNAME_TAKEN');
    await bad({ ...ok, password: 'chosen' }, 400, 'BODY_INVALID');
    expect((await admin.get('/api/admin/users?pageSize=1')).body.total).to.equal(before);

    // and the admin cannot lock themselves out
    const me = (await admin.get('/api/admin/users?q=admin&role=admin')).body.items.find((u: any) => u.username === 'admin');
    const self = await admin.request('PATCH', `/api/admin/users/${me.id}`, { active: false });
    expect(self.status).to.equal(409);
    expect(self.body.code).to.equal('SELF_LOCKOUT');
    expect((await admin.request('PATCH', '/api/admin/users/not-a-user', { active: false })).status).to.equal(404);
  });

  it('renames and disables departments (the installation admin; not one with enabled accounts) and lists the deployed process versions', async () => {
    const [admin, sysadmin] = await Promise.all([loginAs('admin'), loginAs('sysadmin')]);
    const depts = (await admin.get('/api/admin/departments')).body.items as any[];
    // the list is the same in every county: a county admin reads it, only the installation admin changes it
    const county = await admin.request('PATCH', '/api/admin/departments/emergency', { name: '应急管理局（县改）' });
    expect([county.status, county.body.code]).to.deep.equal([403, 'INSTALLATION_ADMIN_ONLY']);
    const emergency = depts.find((d) => d.code === 'emergency');
    expect(emergency).to.include({ name: '应急管理局', active: true });
    expect(emergency.userCount).to.be.at.least(2);
    const refused = await sysadmin.request('PATCH', '/api/admin/departments/emergency', { active: false });
    expect(refused.status).to.equal(409);
    expect(refused.body.code).to.equal('DEPARTMENT_HAS_USERS');
    const renamed = await sysadmin.request('PATCH', '/api/admin/departments/emergency', { name: '应急管理局（测试）' });
    expect(renamed.body).to.include({ code: 'emergency', name: '应急管理局（测试）' });
    expect((await sysadmin.request('PATCH', '/api/admin/departments/emergency', { name: '应急管理局' })).body.name).to.equal('应急管理局');
    expect((await sysadmin.request('PATCH', '/api/admin/departments/emergency', {})).status).to.equal(400);
    expect((await sysadmin.request('PATCH', '/api/admin/departments/nosuch', { name: '不存在的部门' })).status).to.equal(404);

    const processes = (await admin.get('/api/admin/processes')).body.items as any[];
    const keys = new Set(processes.map((p) => p.key));
    expect([...keys]).to.include.members(['social-assistance-application', 'temporary-assistance', 'joint-conference']);
    const sa = processes.filter((p) => p.key === 'social-assistance-application');
    expect(sa.filter((p) => p.latest)).to.have.length(1);
    expect(sa[0]).to.include({ name: '社会救助一门受理', latest: true });
    expect(sa[0].version).to.be.a('number').and.at.least(1);
    expect(Date.parse(sa[0].deployedAt)).to.be.a('number').and.not.NaN;
    expect(sa[0].runningInstances).to.be.a('number').and.at.least(0);
  });

  it('non-admins get 403 on every /api/admin page, anonymous users 401', async () => {
    for (const u of ['leader', 'coordinator', 'head_civil', 'handler_civil', 'clerk']) {
      const b = await loginAs(u);
      for (const path of ['/api/admin/users', '/api/admin/departments', '/api/admin/processes']) {
        const r = await b.get(path);
        expect(r.status, `${u} ${path}`).to.equal(403);
        expect(r.body.code).to.equal('ROLE_FORBIDDEN');
      }
      expect((await b.post('/api/admin/users', { username: 'sneaky_user', displayName: '越权', role: 'admin', departmentCode: 'civil', unitCode: '139901' })).status).to.equal(403);
    }
    expect((await new Browser().get('/api/admin/users')).status).to.equal(401);
  });
});
