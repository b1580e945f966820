import { expect } from 'chai';
import { TemporaryPayment } from '../../domain/entities/temporary.entity.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, waitFor } from '../support/http.js';
import { closedCase, complete, newApplication, noTask, taskOf } from '../support/application.js';

/** A temporary-assistance request for a new synthetic household in 和平村. */
function request(amountYuan: number, emergency = false) {
  const { household } = newApplication({ incomeYuan: 0, types: ['temporary'] });
  return { household, amountYuan, emergency, reason: '家中突发火灾，基本生活暂时无法维持' };
}

describe('临时救助（救急难）', function () {
  this.timeout(90_000);

  it('小额由乡镇审批：窗口受理 500 元 → 乡镇审批同意 → 发放 → 办结，县民政局不经手', async () => {
    const clerk = await loginAs('clerk');
    const township = await loginAs('handler_township');
    const civil = await loginAs('handler_civil');
    const r = await clerk.post('/api/cases/temporary', request(500));
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    await taskOf(township, r.body.id, 'Task_TownshipApproval');
    expect(await noTask(civil, r.body.id, 'Task_CountyTemporaryApproval')).to.equal(true);
    await complete(township, r.body.id, 'Task_TownshipApproval', { approved: true, opinion: '情况属实，同意救助 500 元' });
    const file = await closedCase(clerk, r.body.id);
    expect(file.outcome).to.equal('approved');
    expect(file.temporary).to.include({ amountYuan: 500, approvalLevel: 'township', source: 'window' });
    expect(file.temporary.payment).to.include({ amountYuan: 500, paidFirst: false });
  });

  it('大额报县民政局审批：3000 元 → 县级审批同意 → 发放', async () => {
    const clerk = await loginAs('clerk');
    const township = await loginAs('handler_township');
    const civil = await loginAs('handler_civil');
    const r = await clerk.post('/api/cases/temporary', request(3000));
    await taskOf(civil, r.body.id, 'Task_CountyTemporaryApproval');
    expect(await noTask(township, r.body.id, 'Task_TownshipApproval')).to.equal(true);
    await complete(civil, r.body.id, 'Task_CountyTemporaryApproval', { approved: true, opinion: '同意救助 3000 元' });
    const file = await closedCase(clerk, r.body.id);
    expect(file.temporary.approvalLevel).to.equal('county');
    expect(file.temporary.payment.amountYuan).to.equal(3000);
  });

  it('先行救助：情况紧急先发放，乡镇后补手续，再审批，只发放一次', async () => {
    const clerk = await loginAs('clerk');
    const township = await loginAs('handler_township');
    const r = await clerk.post('/api/cases/temporary', request(800, true));
    // the money goes out before anyone approves
    await waitFor('paid first', async () => (await thePlatform().ds.getRepository(TemporaryPayment).countBy({ caseId: r.body.id })) === 1);
    await complete(township, r.body.id, 'Task_CompleteFile', { opinion: '已补齐申请书、身份证明和受灾情况说明' });
    await complete(township, r.body.id, 'Task_TownshipApproval', { approved: true, opinion: '补办审批同意' });
    const file = await closedCase(clerk, r.body.id);
    expect(file.outcome).to.equal('approved');
    expect(file.temporary.payment.paidFirst).to.equal(true);
    expect(await thePlatform().ds.getRepository(TemporaryPayment).countBy({ caseId: r.body.id })).to.equal(1);
    expect(file.history.map((h: any) => h.activityId))
      .to.include.members(['Task_PayFirst', 'Task_CompleteFile', 'Task_TownshipApproval'])
      .and.not.include('Task_Pay');
  });

  it('主动发现：村级专干报告本村困难家庭即启动；报告外村家庭被拒绝', async () => {
    const heping = await loginAs('village_heping');
    const tuanjie = await loginAs('village_tuanjie');
    const township = await loginAs('handler_township');
    const refused = await tuanjie.post('/api/cases/temporary', request(300));
    expect(refused.status).to.equal(403);
    expect(refused.body.code).to.equal('VILLAGE_FORBIDDEN');
    const r = await heping.post('/api/cases/temporary', request(300));
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    await complete(township, r.body.id, 'Task_TownshipApproval', { approved: false, opinion: '经核实已由亲属救助，不予批准' });
    const file = await closedCase(heping, r.body.id);
    expect(file.outcome).to.equal('rejected');
    expect(file.temporary.source).to.equal('village_report');
    expect(file.temporary.payment).to.equal(null);
    expect(file.timeline[0].step).to.equal('主动发现报告');
  });

  it('bad requests get 400 with a code and create nothing', async () => {
    const clerk = await loginAs('clerk');
    const before = await thePlatform().ds.getRepository(TemporaryPayment).count();
    const r = await clerk.post('/api/cases/temporary', { ...request(0), amountYuan: -5 });
    expect(r.status).to.equal(400);
    expect(r.body.code).to.equal('AMOUNT_YUAN_INVALID');
    expect(await thePlatform().ds.getRepository(TemporaryPayment).count()).to.equal(before);
  });
});
