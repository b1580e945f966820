/**
 * 乡村振兴信息共享, both ways (政策 §四: 低保与扶贫衔接、信息共享):
 * Doudi tells 乡村振兴 about a 防返贫监测 household it assists (a referral task
 * the department handles), and 乡村振兴 flags a household at risk to Doudi,
 * which starts a 临时救助 on the approval path of a 主动发现 report.
 */
import { expect } from 'chai';
import { AssistanceCase } from '../../domain/entities/assistance-case.entity.js';
import { makeIdNumber } from '../../domain/idcard.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs } from '../support/http.js';
import { actors, closedCase, complete, newApplication, register, settleCases, taskOf } from '../support/application.js';

/** A 低保 application of a household whose head is a 防返贫监测对象. */
function monitoredHousehold() {
  const app = newApplication({ incomeYuan: 0, types: ['dibao'] });
  (app.household.members[0] as Record<string, unknown>).povertyStatus = 'monitored';
  return app;
}

describe('乡村振兴 / 防返贫监测户信息双向共享', function () {
  this.timeout(120_000);
  const opened: string[] = [];
  after(async () => settleCases(opened));

  it('兜底 → 乡村振兴：监测户申请低保，乡村振兴部门收到转介任务，能查看案卷并办理', async () => {
    const { clerk } = await actors();
    const rural = (await loginAs('handler_rural'))!;
    const c = await register(clerk, monitoredHousehold());
    opened.push(c.id);
    // then 乡村振兴 has the referral in its inbox, with the reason, and reads the case
    await taskOf(rural, c.id, 'Task_Referral');
    const file = (await rural.get(`/api/cases/${c.id}`)).body;
    expect(file.referrals.map((r: any) => [r.department, r.status])).to.deep.equal([['rural', 'pending']]);
    expect(file.referrals[0].reason).to.match(/监测/);
    // when it records what it does for the household
    await complete(rural, c.id, 'Task_Referral', { opinion: '已纳入防返贫动态监测帮扶，落实产业帮扶措施' });
    const after = (await clerk.get(`/api/cases/${c.id}`)).body;
    expect(after.referrals.map((r: any) => [r.department, r.status, r.opinion])).to.deep.equal([['rural', 'done', '已纳入防返贫动态监测帮扶，落实产业帮扶措施']]);
  });

  it('乡村振兴 → 兜底：乡村振兴部门推送有返贫风险的家庭，启动临时救助，由乡镇审批并发放', async () => {
    const { clerk } = await actors();
    const rural = (await loginAs('handler_rural'))!;
    const township = (await loginAs('handler_township'))!;
    const c = await register(clerk, monitoredHousehold());
    opened.push(c.id);
    const householdId = (await clerk.get(`/api/cases/${c.id}`)).body.household.id;
    // the department picks the household from the registered ones
    const picked = await rural.get('/api/households');
    expect(picked.status).to.equal(200);
    expect((picked.body as any[]).map((h) => h.id)).to.include(householdId);
    // when 乡村振兴 flags it with the help it needs
    const flagged = await rural.post('/api/cases/temporary', { householdId, amountYuan: 800, reason: '监测户家中主要劳动力因病住院，收入骤减，存在返贫风险' });
    expect(flagged.status, JSON.stringify(flagged.body)).to.equal(201);
    opened.push(flagged.body.id);
    // then the case says where it came from, and the township approves it like a 主动发现 report
    const file = (await rural.get(`/api/cases/${flagged.body.id}`)).body;
    expect(file.temporary.sourceName).to.equal('乡村振兴部门推送');
    expect(file.timeline[0].step).to.equal('乡村振兴部门推送');
    await complete(township, flagged.body.id, 'Task_TownshipApproval', { approved: true, opinion: '情况属实，同意救助 800 元' });
    const closed = await closedCase(rural, flagged.body.id);
    expect([closed.outcome, closed.temporary.payment.amountYuan]).to.deep.equal(['approved', 800]);
  });

  it('其他部门不能推送临时救助，也不能取家庭名单；拒绝后什么也没有登记', async () => {
    const { clerk } = await actors();
    const c = await register(clerk, monitoredHousehold());
    opened.push(c.id);
    const householdId = (await clerk.get(`/api/cases/${c.id}`)).body.household.id;
    for (const u of ['handler_civil', 'handler_health', 'head_edu']) {
      const b = (await loginAs(u))!;
      const r = await b.post('/api/cases/temporary', { householdId, amountYuan: 800, reason: '家中突发变故，生活困难' });
      expect([r.status, r.body.code], u).to.deep.equal([403, 'TEMPORARY_FORBIDDEN']);
      expect((await b.get('/api/households')).status, u).to.equal(403);
    }
    // a new household flagged by 乡村振兴 must be in its jurisdiction like any registration: the ID number is checked too
    const rural = (await loginAs('handler_rural'))!;
    const bad = await rural.post('/api/cases/temporary', {
      household: { headName: '褚演示', headIdNumber: makeIdNumber('139901', '19800101', '001').slice(0, 17) + 'X', address: '和平村演示街 1 号', villageCode: '139901100201', monthlyIncomeYuan: 0, members: [] },
      amountYuan: 800,
      reason: '家中突发变故，生活困难',
    });
    expect(bad.status).to.equal(400);
    const cases = await thePlatform().ds.getRepository(AssistanceCase).findBy({ householdId });
    expect(cases.map((x) => x.assistanceTypes)).to.deep.equal([['dibao']]);
  });
});
