import { expect } from 'chai';
import { LedgerEntry } from '../../domain/entities/case-step.entity.js';
import { PaymentInstruction } from '../../domain/entities/payment-instruction.entity.js';
import { thePlatform } from '../support/global-fixture.js';
import { Browser, loginAs, waitFor } from '../support/http.js';
import { actors, closedCase, complete, newApplication, noTask, register, taskOf, villageSteps } from '../support/application.js';

describe('社会救助一门受理 / 端到端（真实引擎）', function () {
  this.timeout(120_000);

  it('批准：核对 → 资格认定 → 入户调查 → 民主评议 → 公示期满 → 民政审核 → 资金发放 → 台账 → 办结；转介卫健、教育同时办理', async () => {
    const { clerk, village, civil, health, edu, housing } = await actors();
    // given a household of three with 300 yuan declared monthly income asking for 低保, 医疗救助 and 教育救助
    const c = await register(clerk, newApplication({ incomeYuan: 300, types: ['dibao', 'medical', 'education'], members: 3 }));
    expect(c.caseNo).to.match(/^SA-\d{4}-\d{6}$/);

    // when the village worker visits and the village reviews
    await villageSteps(village, c.id);
    // then the case is on public notice, visible without login and masked
    const notice = await waitFor('notice published', async () => ((await new Browser().get('/api/public/notices')).body.items as any[]).find((n) => n.noticeNo.includes(c.caseNo.slice(3))));
    expect(notice.content)
      .to.contain('褚**')
      .and.to.match(/139901\*{8}/)
      .and.not.to.contain('褚演示');

    // and after the notice period ends (the engine's timer), civil affairs approves
    await complete(civil, c.id, 'Task_CountyApproval', { approved: true, opinion: '核对、调查、评议、公示均无异常，同意纳入低保' });

    // then health and education each get their own referral task, housing none
    await taskOf(health, c.id, 'Task_Referral');
    await taskOf(edu, c.id, 'Task_Referral');
    expect(await noTask(housing, c.id, 'Task_Referral')).to.equal(true);
    const healthTask = await taskOf(health, c.id, 'Task_Referral');
    const stolen = await edu.post(`/api/tasks/${healthTask.taskId}/complete`, { opinion: '代为办理' });
    expect(stolen.status).to.equal(403);
    await complete(health, c.id, 'Task_Referral', { opinion: '已纳入医疗救助对象，一站式结算' });
    await complete(edu, c.id, 'Task_Referral', { opinion: '已落实学生资助' });

    // and the case closes with the payment computed from the verified income: (600 − 100) × 3 = 1500
    const file = await closedCase(clerk, c.id);
    expect(file.outcome).to.equal('approved');
    expect(file.payment.monthlyAmountYuan).to.equal(1500);
    expect(file.verification).to.have.length(1);
    expect(file.verification[0].sources.map((s: any) => s.source).sort()).to.deep.equal(['bank', 'housing', 'hrss', 'market', 'police']);
    expect(file.verification[0].perCapitaIncomeYuan).to.equal(100);
    expect(file.homeVisits).to.have.length(1);
    expect(file.democraticReviews[0].passed).to.equal(true);
    expect(file.notices[0].status).to.equal('ended');
    expect(file.referrals.map((r: any) => [r.department, r.status])).to.deep.equal([
      ['edu', 'done'],
      ['health', 'done'],
    ]);
    expect(file.ledger.certificateNo).to.match(/^JZ139901100\d{6}$/);
    const kinds = file.timeline.map((e: any) => e.kind);
    expect(kinds.slice(0, 4)).to.deep.equal(['registered', 'documents_complete', 'classified', 'referred']);
    expect(kinds).to.include.members(['verified', 'notice_published', 'notice_ended', 'payment_instructed', 'ledger_recorded', 'closed']);
    expect(file.history.map((h: any) => h.activityId)).to.include.members([
      'Decide_Documents',
      'Decide_Referrals',
      'Task_VerificationQuery',
      'Decide_Eligibility',
      'Timer_NoticeEnds',
      'Task_Referral',
      'Task_PaymentInstruct',
      'Task_LedgerRecord',
      'End_Approved',
      'End_ReferralsDone',
    ]);
    expect(await thePlatform().ds.getRepository(PaymentInstruction).countBy({ caseId: c.id })).to.equal(1);
    // the tracking diagram's data: what ran, nothing current, and the flows taken (not the refused path)
    expect(file.tracking.current).to.deep.equal([]);
    expect(file.tracking.completed).to.include.members(['Task_CountyApproval', 'Task_Referral', 'End_Approved']);
    expect(file.tracking.takenFlows).to.include.members(['Flow_ToHomeVisit', 'Flow_Eligible', 'Flow_Approved', 'Flow_ToReferral']).and.not.include('Flow_Rejected');
    // the village roster and the township ledger show the household with its certificate
    const roster = (await village.get('/api/roster/139901100201')).body;
    expect(roster.items.map((h: any) => h.certificateNo)).to.include(file.ledger.certificateNo);
    expect((await village.get('/api/roster/139901100202')).status).to.equal(403);
    const ledger = (await civil.get('/api/ledger/139901100')).body;
    expect(ledger.items.map((l: any) => l.certificateNo)).to.include(file.ledger.certificateNo);
  });

  it('转介住建、人社、残联：每个部门在本部门待办中办理各自的转介任务', async () => {
    const { clerk, village, civil, housing } = await actors();
    const [hrss, dpf] = await Promise.all([loginAs('handler_hrss'), loginAs('handler_dpf')]);
    const c = await register(clerk, newApplication({ incomeYuan: 0, types: ['dibao', 'housing', 'employment', 'disability'] }));
    await villageSteps(village, c.id);
    await complete(civil, c.id, 'Task_CountyApproval', { approved: true, opinion: '同意，转介相关部门' });
    await complete(housing, c.id, 'Task_Referral', { opinion: '纳入农村危房改造计划' });
    await complete(hrss, c.id, 'Task_Referral', { opinion: '已推荐公益性岗位' });
    await complete(dpf, c.id, 'Task_Referral', { opinion: '已发放困难残疾人生活补贴' });
    const file = await closedCase(clerk, c.id);
    expect(file.referrals.map((r: any) => [r.department, r.status])).to.deep.equal([
      ['dpf', 'done'],
      ['housing', 'done'],
      ['hrss', 'done'],
    ]);
    // a referred department reads the case file it works on
    expect((await hrss.get(`/api/cases/${c.id}`)).status).to.equal(200);
  });

  it('材料不全：一次性告知 → 窗口补正 → 重新审查后进入核对', async () => {
    const { clerk, village } = await actors();
    const c = await register(clerk, newApplication({ incomeYuan: 200, types: ['dibao', 'disability'], documents: ['application_form', 'id_card'] }));
    // the window gets the case back with the complete list of what is missing, once
    const back = await taskOf(clerk, c.id, 'Task_SupplementDocuments');
    expect(back.name).to.equal('一次性告知并补正材料');
    const file = (await clerk.get(`/api/cases/${c.id}`)).body;
    expect(file.documents.missing.map((d: any) => d.code)).to.deep.equal(['household_register', 'income_statement', 'authorization', 'disability_certificate']);
    // supplying nothing is refused
    const none = await clerk.post(`/api/tasks/${back.taskId}/complete`, { documents: [], opinion: '未补正' });
    expect(none.status).to.equal(400);
    expect(none.body.code).to.equal('DOCUMENTS_INVALID');
    // when the applicant brings everything, the case goes on to verification and the village
    await complete(clerk, c.id, 'Task_SupplementDocuments', { documents: ['household_register', 'income_statement', 'authorization', 'disability_certificate'], opinion: '申请人已补齐材料' });
    await taskOf(village, c.id, 'Task_HomeVisit');
    const after = (await clerk.get(`/api/cases/${c.id}`)).body;
    expect(after.documents.missing).to.deep.equal([]);
    const kinds: string[] = after.timeline.map((e: any) => e.kind);
    const order = ['registered', 'documents_missing', 'task_completed', 'documents_complete', 'classified'].map((k) => kinds.indexOf(k));
    expect(
      order.every((i) => i >= 0),
      kinds.join(','),
    ).to.equal(true);
    expect([...order].sort((a, b) => a - b)).to.deep.equal(order);
  });

  it('材料不全且申请人放弃：撤回办结，书面说明', async () => {
    const { clerk } = await actors();
    const c = await register(clerk, newApplication({ incomeYuan: 200, types: ['housing'], documents: ['application_form'] }));
    await complete(clerk, c.id, 'Task_SupplementDocuments', { withdrawn: true, documents: [], opinion: '申请人表示暂不申请' });
    const file = await closedCase(clerk, c.id);
    expect(file.outcome).to.equal('withdrawn');
    expect(file.outcomeReason).to.contain('申请人已撤回');
    expect(file.history.map((h: any) => h.activityId)).to.include('End_Withdrawn');
  });

  it('公示期异议成立：退回重新核对、调查、评议，再次公示后批准', async () => {
    const { clerk, village, civil } = await actors();
    const c = await register(clerk, newApplication({ incomeYuan: 0, types: ['dibao'], members: 2 }));
    await villageSteps(village, c.id);
    const notice = await waitFor('notice published', async () => ((await new Browser().get('/api/public/notices')).body.items as any[]).find((n) => n.noticeNo.includes(c.caseNo.slice(3))), 30_000, 100);
    // a member of the public objects without logging in
    const obj = await new Browser().post(`/api/public/notices/${notice.noticeNo}/objections`, { content: '该户家庭成员在外务工有稳定收入，请核实', contact: '村民' });
    expect(obj.status, JSON.stringify(obj.body)).to.equal(201);
    // civil affairs finds it founded: the case goes back to verification (round 2) and the village
    await complete(civil, c.id, 'Task_ReviewObjection', { upheld: true, opinion: '经核实异议部分属实，重新核对' });
    await villageSteps(village, c.id);
    await complete(civil, c.id, 'Task_CountyApproval', { approved: true, opinion: '重新核对后仍符合条件' });
    const file = await closedCase(clerk, c.id);
    expect(file.outcome).to.equal('approved');
    expect(file.verification.map((v: any) => v.round)).to.deep.equal([1, 2]);
    expect(file.notices.map((n: any) => n.status)).to.deep.equal(['objected', 'ended']);
    expect(file.objections[0].upheld).to.equal(true);
    expect(file.homeVisits).to.have.length(2);
  });

  it('公示期异议不成立：重新公示至期满，再审核', async () => {
    const { clerk, village, civil } = await actors();
    const c = await register(clerk, newApplication({ incomeYuan: 0, types: ['tekun'] }));
    await villageSteps(village, c.id);
    const notice = await waitFor('notice published', async () => ((await new Browser().get('/api/public/notices')).body.items as any[]).find((n) => n.noticeNo.includes(c.caseNo.slice(3))), 30_000, 100);
    expect((await new Browser().post(`/api/public/notices/${notice.noticeNo}/objections`, { content: '怀疑该户隐瞒收入情况，请相关部门核查' })).status).to.equal(201);
    // a second objection while the first is being checked is refused
    const again = await new Browser().post(`/api/public/notices/${notice.noticeNo}/objections`, { content: '怀疑该户隐瞒收入情况，请相关部门核查' });
    expect(again.status).to.equal(409);
    await complete(civil, c.id, 'Task_ReviewObjection', { upheld: false, opinion: '经核查无隐瞒收入情况，异议不成立' });
    await complete(civil, c.id, 'Task_CountyApproval', { approved: true, opinion: '同意' });
    const file = await closedCase(clerk, c.id);
    expect(file.verification).to.have.length(1);
    expect(file.notices).to.have.length(1);
    expect(file.notices[0].status).to.equal('ended');
    expect(file.objections[0].upheld).to.equal(false);
  });

  it('民政审核不予批准：书面告知理由，不发放、不登记台账；人社的转介不受影响', async () => {
    const { clerk, village, civil } = await actors();
    const hrss = await loginAs('handler_hrss');
    const c = await register(clerk, newApplication({ incomeYuan: 100, types: ['dibao', 'employment'] }));
    await villageSteps(village, c.id);
    await complete(civil, c.id, 'Task_CountyApproval', { approved: false, opinion: '申请人有法定赡养人且赡养能力充足' });
    const refused = await waitFor('refused', async () => {
      const f = (await clerk.get(`/api/cases/${c.id}`)).body;
      return f.status === 'closed' ? f : undefined;
    });
    expect(refused.outcome).to.equal('rejected');
    expect(refused.outcomeReason).to.contain('申请人有法定赡养人且赡养能力充足');
    expect(refused.referrals.map((r: any) => r.status)).to.deep.equal(['pending']);
    // the refusal of 低保 does not take away 人社's employment assistance
    await complete(hrss, c.id, 'Task_Referral', { opinion: '已推荐公益性岗位' });
    const file = await closedCase(clerk, c.id);
    expect(file.payment).to.equal(null);
    expect(file.ledger).to.equal(null);
    expect(file.referrals.map((r: any) => r.status)).to.deep.equal(['done']);
    expect(await thePlatform().ds.getRepository(LedgerEntry).countBy({ caseId: c.id })).to.equal(0);
  });

  it('核对后人均收入不低于标准：资格认定即不符合，书面告知理由，不入户、不公示、不产生事故', async () => {
    const { clerk, village } = await actors();
    const c = await register(clerk, newApplication({ incomeYuan: 2000, types: ['dibao'], members: 2 }));
    const file = await closedCase(clerk, c.id);
    expect(file.outcome).to.equal('rejected');
    expect(file.outcomeReason).to.contain('家庭月人均收入不低于当地低保标准');
    expect(file.payment).to.equal(null);
    expect(file.homeVisits).to.deep.equal([]);
    expect(file.notices).to.deep.equal([]);
    expect(await noTask(village, c.id, 'Task_HomeVisit')).to.equal(true);
    expect(file.history.map((h: any) => h.activityId)).to.include.members(['Decide_Eligibility', 'Task_CloseIneligible', 'End_Ineligible']);
    expect(await thePlatform().engine.incidents(file.processInstanceId)).to.deep.equal([]);
  });

  it('办理中申请人撤回：任意环节都可撤回办结，待办随之消失', async () => {
    const { clerk, village } = await actors();
    const c = await register(clerk, newApplication({ incomeYuan: 100, types: ['dibao'] }));
    await taskOf(village, c.id, 'Task_HomeVisit');
    const r = await clerk.post(`/api/cases/${c.id}/withdraw`, { reason: '申请人家庭情况好转，主动撤回' });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    const file = await closedCase(clerk, c.id);
    expect(file.outcome).to.equal('withdrawn');
    expect(file.outcomeReason).to.contain('家庭情况好转');
    expect(await noTask(village, c.id, 'Task_HomeVisit')).to.equal(true);
    const again = await clerk.post(`/api/cases/${c.id}/withdraw`, { reason: '再次撤回' });
    expect(again.status).to.equal(409);
  });

  it('a household with an open application cannot be registered twice', async () => {
    const { clerk } = await actors();
    const app = newApplication({ incomeYuan: 100, types: ['dibao'] });
    await register(clerk, app);
    const again = await clerk.post('/api/cases', app);
    expect(again.status).to.equal(400);
    expect(again.body.code).to.equal('HOUSEHOLD_DUPLICATE');
  });

  it('step forms refuse bad input with the field and change nothing', async () => {
    const { clerk, village } = await actors();
    const c = await register(clerk, newApplication({ incomeYuan: 100, types: ['dibao'] }));
    const t = await taskOf(village, c.id, 'Task_HomeVisit');
    const bad = await village.post(`/api/tasks/${t.taskId}/complete`, { findings: '好', recommend: 'yes' });
    expect(bad.status).to.equal(400);
    expect(bad.body.code).to.equal('FINDINGS_INVALID');
    await complete(village, c.id, 'Task_HomeVisit', { findings: '家庭困难属实', recommend: true });
    const r = await taskOf(village, c.id, 'Task_DemocraticReview');
    const votes = await village.post(`/api/tasks/${r.taskId}/complete`, { participants: 5, votesFor: 4, votesAgainst: 3, opinion: '评议' });
    expect(votes.status).to.equal(400);
    expect(votes.body.code).to.equal('VOTES_FOR_INVALID');
    expect((await clerk.get(`/api/cases/${c.id}`)).body.democraticReviews).to.deep.equal([]);
  });
});
