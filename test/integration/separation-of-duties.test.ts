import { expect } from 'chai';
import { TemporaryPayment } from '../../domain/entities/temporary.entity.js';
import { thePlatform } from '../support/global-fixture.js';
import { Browser, loginAs, waitFor } from '../support/http.js';
import { closedCase, complete, newApplication, noTask, register, settleCasesOfThisSuite, taskOf } from '../support/application.js';
import { matterTask } from '../support/conference.js';

/** A temporary-assistance case reported by the village worker of 和平村 (主动发现); 3000 元 goes to 县民政审批. */
async function villageReport(amountYuan = 3000) {
  const village = await loginAs('village_heping');
  const { household } = newApplication({ incomeYuan: 0, types: ['temporary'] });
  const r = await village.post('/api/cases/temporary', { household, amountYuan, reason: '入户走访发现家中突发重大变故' });
  expect(r.status, JSON.stringify(r.body)).to.equal(201);
  return { village, id: r.body.id as string };
}

/** The task as its current state (assignee), read by someone who may see it. */
async function taskState(b: Browser, taskId: string) {
  const r = await b.get(`/api/tasks/${taskId}`);
  expect(r.status, JSON.stringify(r.body)).to.equal(200);
  return r.body;
}

/** A new account created by the admin, its first password already changed; returns its session. */
async function newAccount(username: string, role: string, departmentCode: string, unitCode: string): Promise<{ b: Browser; id: string }> {
  const admin = await loginAs('admin');
  const created = await admin.post('/api/admin/users', { username, displayName: `测试${username.slice(-4)}`, role, departmentCode, unitCode });
  expect(created.status, JSON.stringify(created.body)).to.equal(201);
  const b = new Browser();
  expect((await b.post('/api/auth/login', { username, password: created.body.password })).status).to.equal(200);
  expect((await b.post('/api/auth/password', { oldPassword: created.body.password, newPassword: `Sod-${username}-x7Q!` })).status).to.equal(200);
  return { b, id: created.body.user.id };
}

describe('职责分离 / 委派只给有权办理的人', function () {
  // Cases left open would raise time-limit alerts into the tests that follow.
  settleCasesOfThisSuite();
  this.timeout(90_000);

  it('县级审批不能委派给报告该案的村级专干或其他部门的经办人，委派被拒时任务原样不动', async () => {
    // given a case reported by the village worker, waiting for the county's approval
    const { village, id } = await villageReport();
    const civil = await loginAs('handler_civil');
    const t = await taskOf(civil, id, 'Task_CountyTemporaryApproval');

    // when the civil handler delegates it to the reporter, or to a finance handler
    for (const toUsername of ['village_heping', 'handler_finance']) {
      const r = await civil.post(`/api/tasks/${t.taskId}/delegate`, { toUsername, opinion: '请协助审批' });
      // then it is refused, and the task is still unclaimed in the civil inbox
      expect(r.status, `${toUsername}: ${JSON.stringify(r.body)}`).to.equal(400);
      expect(r.body.code).to.equal('TO_USERNAME_INVALID');
      expect(r.body.message).to.contain('有权办理');
    }
    expect((await taskState(civil, t.taskId)).assignee).to.equal(null);
    // and the reporter cannot approve it through any route
    expect((await village.post(`/api/tasks/${t.taskId}/complete`, { approved: true, opinion: '同意' })).status).to.equal(403);
    expect((await village.post(`/api/tasks/${t.taskId}/claim`, {})).status).to.equal(403);
  });

  it('入户调查不能委派给财政局经办人，财政局经办人也办理不了', async () => {
    // given an application waiting for the home visit of 和平村
    const clerk = await loginAs('clerk');
    const village = await loginAs('village_heping');
    const finance = await loginAs('handler_finance');
    const c = await register(clerk, newApplication({ incomeYuan: 100, types: ['dibao'] }));
    const t = await taskOf(village, c.id, 'Task_HomeVisit', 60_000);

    // when the village worker delegates it to a finance handler
    const r = await village.post(`/api/tasks/${t.taskId}/delegate`, { toUsername: 'handler_finance', opinion: '请财政局协助入户' });

    // then it is refused and the finance handler can neither see nor complete it
    expect(r.status, JSON.stringify(r.body)).to.equal(400);
    expect(r.body.code).to.equal('TO_USERNAME_INVALID');
    const done = await finance.post(`/api/tasks/${t.taskId}/complete`, { findings: '代为入户，情况属实', recommend: true });
    expect(done.status).to.equal(403);
    expect((await taskState(village, t.taskId)).assignee).to.equal(null);
  });

  it('委派中只有被委派人可以交回，被委派人不能办结；交回后由委派人办结', async () => {
    // given a county approval delegated by a civil handler to the civil head
    const { id } = await villageReport();
    const civil = await loginAs('handler_civil');
    const head = await loginAs('head_civil');
    const other = await loginAs('handler_township');
    const t = await taskOf(civil, id, 'Task_CountyTemporaryApproval');
    expect((await civil.post(`/api/tasks/${t.taskId}/delegate`, { toUsername: 'head_civil', opinion: '请负责人先行核实' })).status).to.equal(200);

    // when the delegate tries to complete (approve) it instead of handing it back
    const byDelegate = await head.post(`/api/tasks/${t.taskId}/complete`, { approved: true, opinion: '同意' });
    // then it is refused: a delegate hands back, the owner decides
    expect(byDelegate.status, JSON.stringify(byDelegate.body)).to.equal(409);
    expect(byDelegate.body.code).to.equal('TASK_DELEGATED');
    // and neither the delegate nor the owner can pass the task on meanwhile
    expect((await head.post(`/api/tasks/${t.taskId}/transfer`, { toUsername: 'handler_civil', opinion: '转回' })).body.code).to.equal('TASK_DELEGATED');
    expect((await civil.post(`/api/tasks/${t.taskId}/complete`, { approved: true, opinion: '同意' })).body.code).to.equal('TASK_DELEGATED');
    // and nobody but the delegate resolves it
    expect((await civil.post(`/api/tasks/${t.taskId}/resolve`, { opinion: '我来交回' })).status).to.equal(409);
    expect((await other.post(`/api/tasks/${t.taskId}/resolve`, { opinion: '我来交回' })).status).to.equal(403);

    // when the delegate hands it back, the owner completes it
    expect((await head.post(`/api/tasks/${t.taskId}/resolve`, { opinion: '已核实，情况属实' })).status).to.equal(200);
    expect((await head.post(`/api/tasks/${t.taskId}/resolve`, { opinion: '再次交回' })).status).to.equal(409);
    await complete(civil, id, 'Task_CountyTemporaryApproval', { approved: true, opinion: '同意救助' });
    const file = await closedCase(await loginAs('coordinator'), id);
    const approval = file.timeline.find((e: any) => e.kind === 'task_completed' && e.step === '县民政审批（大额）');
    expect(approval.actor).to.match(/^民政局经办人/);
  });

  it('联席会议的卫健部门意见不能转办或委派给财政局，财政局经办人写不了卫健的意见', async () => {
    // given a matter convened with the opinions of health and housing
    const coordinator = await loginAs('coordinator');
    const leader = await loginAs('leader');
    const health = await loginAs('handler_health');
    const finance = await loginAs('handler_finance');
    const raised = await coordinator.post('/api/conferences', { title: '职责分离测试：住房与医疗联合帮扶', background: '一户因病致贫家庭住房破损，需卫健、住建部门共同研究帮扶措施。', departments: ['health', 'housing'] });
    expect(raised.status, JSON.stringify(raised.body)).to.equal(201);
    const mid = raised.body.id as string;
    const decision = await matterTask(leader, mid, '召集人决定');
    expect((await leader.post(`/api/conferences/${mid}/tasks/${decision.taskId}/complete`, { convene: true, opinion: '同意召集' })).status).to.equal(200);
    const opinion = await matterTask(health, mid, '部门意见');

    // when the health handler sends it to finance, by transfer or by delegation
    const moved = await health.post(`/api/tasks/${opinion.taskId}/transfer`, { toDepartment: 'finance', opinion: '请财政局代为提出' });
    const delegated = await health.post(`/api/tasks/${opinion.taskId}/delegate`, { toUsername: 'handler_finance', opinion: '请财政局代为提出' });

    // then both are refused, and finance cannot write it
    expect(moved.status, JSON.stringify(moved.body)).to.equal(409);
    expect(moved.body.code).to.equal('TASK_NOT_TRANSFERABLE');
    expect(delegated.status, JSON.stringify(delegated.body)).to.equal(400);
    const written = await finance.post(`/api/conferences/${mid}/tasks/${opinion.taskId}/complete`, { opinion: '财政局代卫健局提出的意见' });
    expect(written.status).to.equal(403);
    const m = (await coordinator.get(`/api/conferences/${mid}`)).body;
    expect(JSON.stringify(m)).to.not.contain('财政局代卫健局');
  });
});

describe('职责分离 / 谁登记谁不审批', function () {
  // Cases left open would raise time-limit alerts into the tests that follow.
  settleCasesOfThisSuite();
  this.timeout(90_000);

  it('窗口人员登记后调任民政经办人，不能审批、签收、受委派或受转办本人登记的申请；其他同事可以', async () => {
    // given a window clerk who registers a county-level temporary case, then becomes a civil handler
    const suffix = Date.now().toString(36).slice(-5);
    const { b: former, id: formerId } = await newAccount(`sod_clerk_${suffix}`, 'clerk', 'civil', '139901');
    const { household } = newApplication({ incomeYuan: 0, types: ['temporary'] });
    const reg = await former.post('/api/cases/temporary', { household, amountYuan: 5000, reason: '家中突发重大变故，生活困难' });
    expect(reg.status, JSON.stringify(reg.body)).to.equal(201);
    const caseId = reg.body.id as string;
    const admin = await loginAs('admin');
    expect((await admin.request('PATCH', `/api/admin/users/${formerId}`, { role: 'handler', departmentCode: 'civil' })).status).to.equal(200);
    const civil = await loginAs('handler_civil');
    const t = await taskOf(civil, caseId, 'Task_CountyTemporaryApproval');

    // when the former clerk tries to approve, claim, or be handed their own case
    const approve = await former.post(`/api/tasks/${t.taskId}/complete`, { approved: true, opinion: '同意' });
    const claim = await former.post(`/api/tasks/${t.taskId}/claim`, {});
    const delegated = await civil.post(`/api/tasks/${t.taskId}/delegate`, { toUsername: `sod_clerk_${suffix}`, opinion: '请协助' });
    const transferred = await civil.post(`/api/tasks/${t.taskId}/transfer`, { toUsername: `sod_clerk_${suffix}`, opinion: '请办理' });

    // then every route refuses it, saying why
    expect(approve.status, JSON.stringify(approve.body)).to.equal(403);
    expect(approve.body.code).to.equal('SEPARATION_OF_DUTIES');
    expect(claim.body.code).to.equal('SEPARATION_OF_DUTIES');
    for (const r of [delegated, transferred]) {
      expect(r.status, JSON.stringify(r.body)).to.equal(400);
      expect(r.body.message).to.contain('登记人或报告人');
    }
    // and the task waits unclaimed for a colleague, who approves it
    expect((await taskState(civil, t.taskId)).assignee).to.equal(null);
    await complete(civil, caseId, 'Task_CountyTemporaryApproval', { approved: true, opinion: '同意救助' });
    expect(await noTask(civil, caseId, 'Task_CountyTemporaryApproval')).to.equal(true);
  });
});

describe('先行救助 / 以乡镇审批限额为上限', function () {
  // Cases left open would raise time-limit alerts into the tests that follow.
  settleCasesOfThisSuite();
  this.timeout(90_000);

  it('村级专干报告 10 万元“先行救助”：不先发放，等县民政审批；限额内的才先发放', async () => {
    // given the village worker reports an emergency of 100 000 元 (the township limit is 1000 元)
    const { village, id } = await (async () => {
      const v = await loginAs('village_heping');
      const { household } = newApplication({ incomeYuan: 0, types: ['temporary'] });
      const r = await v.post('/api/cases/temporary', { household, amountYuan: 100_000, emergency: true, reason: '入户走访发现家中突发重大变故' });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      return { village: v, id: r.body.id as string };
    })();
    const civil = await loginAs('handler_civil');

    // then it waits for the county's approval, and nothing is paid meanwhile
    await taskOf(civil, id, 'Task_CountyTemporaryApproval');
    expect(await thePlatform().ds.getRepository(TemporaryPayment).countBy({ caseId: id })).to.equal(0);
    const file = (await village.get(`/api/cases/${id}`)).body;
    expect(file.timeline[0].opinion).to.contain('不予先行救助');
    expect(file.temporary.approvalLevel).to.equal('county');
  });

  it('管理员调整乡镇审批限额（留痕）：调整后限额内的先行救助先发放；非管理员和错误的值被拒绝且不生效', async () => {
    const admin = await loginAs('admin');
    const clerk = await loginAs('clerk');
    const before = (await admin.get('/api/admin/settings')).body.items[0];
    expect(before).to.include({ key: 'temporary.townshipLimitFen', valueYuan: 1000, defaultYuan: 1000 });
    try {
      // non-admins and bad values change nothing
      expect((await clerk.request('PUT', '/api/admin/settings/township-limit', { valueYuan: 100_000 })).status).to.equal(403);
      for (const valueYuan of [-1, 1.5, 'x', 1_000_000]) {
        const bad = await admin.request('PUT', '/api/admin/settings/township-limit', { valueYuan });
        expect(bad.status, String(valueYuan)).to.equal(400);
        expect(bad.body.message).to.match(/[\u4e00-\u9fa5]/u);
      }
      expect((await admin.get('/api/admin/settings')).body.items[0].valueYuan).to.equal(1000);

      // when the admin raises the limit to 2000 元
      const set = await admin.request('PUT', '/api/admin/settings/township-limit', { valueYuan: 2000 });
      expect(set.status, JSON.stringify(set.body)).to.equal(200);
      expect(set.body.items[0]).to.include({ valueYuan: 2000, updatedBy: 'admin' });
      await waitFor('the change in the audit log', async () =>
        ((await admin.get('/api/admin/audit?username=admin&action=settings&pageSize=20')).body.items as any[]).some((a) => a.target === '139901:temporary.townshipLimitFen=2000' && a.status === 200),
      );

      // then an emergency of 1500 元 is paid first and approved by the township
      const { household } = newApplication({ incomeYuan: 0, types: ['temporary'] });
      const r = await clerk.post('/api/cases/temporary', { household, amountYuan: 1500, emergency: true, reason: '家中突发火灾，基本生活暂时无法维持' });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      await waitFor('paid first', async () => (await thePlatform().ds.getRepository(TemporaryPayment).countBy({ caseId: r.body.id, paidFirst: true })) === 1);
      const file = (await clerk.get(`/api/cases/${r.body.id}`)).body;
      expect(file.temporary.approvalLevel).to.equal('township');
    } finally {
      // 恢复默认: the county follows the installation default again
      await admin.request('DELETE', '/api/admin/settings/township-limit');
    }
  });
});

describe('查看权限 / 来自辖区，而不是新开的申请', function () {
  // Cases left open would raise time-limit alerts into the tests that follow.
  settleCasesOfThisSuite();
  this.timeout(90_000);

  it('辖区外的窗口为和平村的家庭“开一件申请”被拒绝，也就看不到完整身份证号', async () => {
    // given a window clerk of 团结村, and a household of 和平村 already registered by the county window
    const suffix = Date.now().toString(36).slice(-5);
    const { b: outsider } = await newAccount(`sod_out_${suffix}`, 'clerk', 'civil', '139901100202');
    const clerk = await loginAs('clerk');
    const app = newApplication({ incomeYuan: 100, types: ['dibao'] });
    await register(clerk, app);
    // the outsider's ID search does not find a household outside its jurisdiction
    const notFound = await outsider.post('/api/households/search', { idNumber: app.household.headIdNumber, reason: '核实申请人身份' });
    expect(notFound.status, JSON.stringify(notFound.body)).to.equal(200);
    expect(notFound.body).to.deep.equal([]);
    const found = await clerk.post('/api/households/search', { idNumber: app.household.headIdNumber, reason: '核实申请人身份' });
    const householdId = found.body[0]?.id;
    expect(householdId, JSON.stringify(found.body)).to.be.a('string');

    // when the outsider registers a throw-away case for it, or for a new household of 和平村
    const throwAway = await outsider.post('/api/cases/temporary', { householdId, amountYuan: 100, reason: '借故查看该户信息' });
    const fresh = await outsider.post('/api/cases/temporary', { household: newApplication({ incomeYuan: 0, types: ['temporary'] }).household, amountYuan: 100, reason: '借故查看该户信息' });

    // then both are refused: the household is outside the window's jurisdiction
    for (const r of [throwAway, fresh]) {
      expect(r.status, JSON.stringify(r.body)).to.equal(403);
      expect(r.body.code).to.equal('HOUSEHOLD_OUT_OF_AREA');
    }
  });

  it('窗口人员调离后，不能再查看其原来登记的家庭的完整信息', async () => {
    // given a township window clerk who registered a case of 和平村 and could reveal its ID number
    const suffix = Date.now().toString(36).slice(-5);
    const { b: former, id: formerId } = await newAccount(`sod_mv_${suffix}`, 'clerk', 'township', '139901100');
    const { household } = newApplication({ incomeYuan: 0, types: ['temporary'] });
    const reg = await former.post('/api/cases/temporary', { household, amountYuan: 300, reason: '家中突发重大变故，生活困难' });
    expect(reg.status, JSON.stringify(reg.body)).to.equal(201);
    const ask = { field: 'idNumber', reason: '核对申请人身份' };
    const before = await former.post(`/api/cases/${reg.body.id}/reveal`, ask);
    expect(before.status, JSON.stringify(before.body)).to.equal(200);
    expect(before.body.value).to.equal(household.headIdNumber);

    // when the admin moves the clerk to the window of 团结村
    const admin = await loginAs('admin');
    expect((await admin.request('PATCH', `/api/admin/users/${formerId}`, { unitCode: '139901100202' })).status).to.equal(200);

    // then the clerk's own old case no longer reveals anything
    const after = await former.post(`/api/cases/${reg.body.id}/reveal`, ask);
    expect(after.status, JSON.stringify(after.body)).to.equal(403);
    expect(after.body.code).to.equal('REVEAL_FORBIDDEN');
    expect(JSON.stringify(after.body)).to.not.contain(household.headIdNumber);
  });
});

describe('一人一户 / 每名成员都查重', function () {
  // Cases left open would raise time-limit alerts into the tests that follow.
  settleCasesOfThisSuite();
  this.timeout(120_000);

  it('已在一户中的成员不能作为另一户的户主或成员登记；原户办结后写明迁入说明才可迁入，原户不再有此人', async () => {
    // given a household of two registered with an open case
    const clerk = await loginAs('clerk');
    const first = newApplication({ incomeYuan: 100, types: ['dibao'], members: 2 });
    const a = await register(clerk, first);
    const child = first.household.members[1]!;

    // when the child is registered as the head of a new household, or as a member of one
    const asHead = newApplication({ incomeYuan: 100, types: ['dibao'] });
    asHead.household.headIdNumber = child.idNumber;
    asHead.household.members = [{ name: child.name, idNumber: child.idNumber, relation: '本人' }];
    const asMember = newApplication({ incomeYuan: 100, types: ['dibao'] });
    asMember.household.members.push({ name: child.name, idNumber: child.idNumber, relation: '子女' });
    const rHead = await clerk.post('/api/cases', asHead);
    const rMember = await clerk.post('/api/cases', asMember);

    // then both are refused (double benefits), naming the other household but no ID number
    for (const r of [rHead, rMember]) {
      expect(r.status, JSON.stringify(r.body)).to.equal(409);
      expect(r.body.code).to.equal('PERSON_IN_ANOTHER_HOUSEHOLD');
      expect(r.body.message).to.not.contain(child.idNumber);
    }
    // and a transfer is refused while the first household's case is open
    const whileOpen = await clerk.post('/api/cases', { ...asMember, household: { ...asMember.household, transferReason: '已分户另立门户' } });
    expect(whileOpen.status, JSON.stringify(whileOpen.body)).to.equal(409);
    expect(whileOpen.body.code).to.equal('CASE_ALREADY_OPEN');

    // when the first case is closed and the transfer is stated explicitly
    expect((await clerk.post(`/api/cases/${a.id}/withdraw`, { reason: '申请人主动撤回' })).status).to.equal(200);
    await closedCase(clerk, a.id);
    const moved = await clerk.post('/api/cases', { ...asMember, household: { ...asMember.household, transferReason: '已分户另立门户' } });

    // then the person is in the new household only
    expect(moved.status, JSON.stringify(moved.body)).to.equal(201);
    const oldFile = (await clerk.get(`/api/cases/${a.id}`)).body;
    expect(oldFile.household.members).to.have.length(1);
    const newFile = (await clerk.get(`/api/cases/${moved.body.id}`)).body;
    expect(newFile.household.members).to.have.length(2);
    expect(newFile.timeline[0].opinion).to.contain('迁入本户').and.contain('已分户另立门户');
  });
});
