/**
 * 按政策办案: who helps a household follows its facts (the referral decision),
 * eligibility is decided right after verification and before anything is
 * published, the village's negative findings go to 民政, a dismissed objection
 * gives the notice its full period again, money does not wait for referrals,
 * and records follow the work (transfer, withdrawal).
 */
import { expect } from 'chai';
import { DOCUMENT_CODES } from '../../domain/documents.js';
import { PaymentInstruction } from '../../domain/entities/payment-instruction.entity.js';
import { PublicNotice } from '../../domain/entities/case-step.entity.js';
import { makeIdNumber } from '../../domain/idcard.js';
import { thePlatform } from '../support/global-fixture.js';
import { Browser, loginAs, waitFor } from '../support/http.js';
import { actors, closedCase, complete, noTask, register, taskOf, villageSteps } from '../support/application.js';

let seq = 100;
/** A synthetic ID number; `seqPrefix` (2 digits) picks what the demo verification sources find (99x: a vehicle). */
const id = (birth: string, seqPrefix = '') => makeIdNumber('139901', birth, seqPrefix ? `${seqPrefix}${seq++ % 10}` : String(seq++).padStart(3, '0'));

type Facts = Partial<{ disabilityLevel: number | null; schoolingStage: string; seriousIllness: boolean; employment: string; povertyStatus: string }>;

/** A household in 和平村: the head plus the members given, with their facts. */
function household(opts: { incomeYuan: number; types: string[]; head?: Facts; headSeq?: string; members?: { birth: string; relation: string; facts?: Facts }[]; disasterImpact?: string }) {
  const head = id('19750506', opts.headSeq);
  const names = ['甲', '乙', '丙', '丁', '戊'];
  return {
    household: {
      headName: '韩演示',
      headIdNumber: head,
      address: '和平村样例路 8 号',
      villageCode: '139901100201',
      monthlyIncomeYuan: opts.incomeYuan,
      ...(opts.disasterImpact ? { disasterImpact: opts.disasterImpact } : {}),
      members: [{ name: '韩演示', idNumber: head, relation: '本人', ...(opts.head ?? {}) }, ...(opts.members ?? []).map((m, i) => ({ name: `韩样例${names[i]}`, idNumber: id(m.birth), relation: m.relation, ...(m.facts ?? {}) }))],
    },
    assistanceTypes: opts.types,
    reason: '家庭成员残疾、患病，子女上学，生活困难',
    documents: [...DOCUMENT_CODES],
  };
}

/** 残疾成员、在学子女、重病成员: the household of the policy scenario. */
const THREE_NEEDS = {
  head: { seriousIllness: true },
  members: [
    { birth: '19780101', relation: '配偶', facts: { disabilityLevel: 2 } },
    { birth: '20130909', relation: '子女', facts: { schoolingStage: 'junior' } },
  ],
};

const DEPARTMENTS = ['health', 'edu', 'dpf', 'hrss', 'housing', 'rural', 'emergency', 'finance', 'ndrc'];

/** Departments whose handlers find a referral task of the case in their inbox (waits until `expected` all have one). */
async function referredInboxes(caseId: string, expected: string[]): Promise<string[]> {
  const inboxes = await Promise.all(DEPARTMENTS.map(async (d) => [d, await loginAs(`handler_${d}`)] as const));
  await Promise.all(expected.map((d) => taskOf(inboxes.find(([x]) => x === d)![1], caseId, 'Task_Referral')));
  const found: string[] = [];
  for (const [d, b] of inboxes) if (!(await noTask(b, caseId, 'Task_Referral'))) found.push(d);
  return found.sort();
}

const publicNotice = async (caseNo: string) => ((await new Browser().get('/api/public/notices')).body.items as any[]).find((n) => n.noticeNo.includes(caseNo.slice(3)));

describe('按政策办案 / 转介、资格认定、村级意见、公示、记录', function () {
  this.timeout(120_000);

  it('残疾、在学、重病成员的家庭：恰好转介残联、教育、卫健，各部门在低保审批期间就能办理', async () => {
    const { clerk } = await actors();
    // given a household with a disabled spouse, a pupil and a seriously ill head, asking only for 低保
    const c = await register(clerk, household({ incomeYuan: 0, types: ['dibao'], ...THREE_NEEDS }));
    // then exactly 残联, 教育 and 卫健 get a referral task, before anyone visits the household
    expect(await referredInboxes(c.id, ['dpf', 'edu', 'health'])).to.deep.equal(['dpf', 'edu', 'health']);
    const file = (await clerk.get(`/api/cases/${c.id}`)).body;
    expect(file.homeVisits).to.deep.equal([]);
    expect(Object.fromEntries(file.referrals.map((r: any) => [r.department, r.reason]))).to.deep.include({ dpf: '家庭成员持有残疾人证，残疾人两项补贴' });
    // and the case file shows the facts in words, the ID numbers masked
    expect(file.household.members.flatMap((m: any) => m.factNames)).to.include.members(['患重特大疾病', '残疾人证二级', '在读初中']);
  });

  it('同一家庭收入超过标准：公示前即不予低保并告知理由，从未公示，三个部门照样办理', async () => {
    const { clerk, village } = await actors();
    const [health, edu, dpf] = await Promise.all(['handler_health', 'handler_edu', 'handler_dpf'].map((u) => loginAs(u)));
    // given the same household declaring 3 000 yuan a month for three people (1 000 each, above the 600-yuan standard)
    const c = await register(clerk, household({ incomeYuan: 3000, types: ['dibao'], ...THREE_NEEDS }));
    // then it is refused right after verification, told why, and never reaches the village or the notice
    const refused = await waitFor('refused', async () => {
      const f = (await clerk.get(`/api/cases/${c.id}`)).body;
      return f.status === 'closed' ? f : undefined;
    });
    expect(refused.outcome).to.equal('rejected');
    expect(refused.outcomeReason).to.contain('家庭月人均收入不低于当地低保标准').and.contain('申请复核');
    expect(refused.notices).to.deep.equal([]);
    expect(await noTask(village, c.id, 'Task_HomeVisit')).to.equal(true);
    expect(await publicNotice(c.caseNo)).to.equal(undefined);
    // and 卫健, 教育 and 残联 still handle their referrals
    await complete(health, c.id, 'Task_Referral', { opinion: '纳入医疗救助，一站式结算' });
    await complete(edu, c.id, 'Task_Referral', { opinion: '落实义务教育阶段资助' });
    await complete(dpf, c.id, 'Task_Referral', { opinion: '发放重度残疾人护理补贴' });
    const file = await closedCase(clerk, c.id);
    expect(file.referrals.map((r: any) => [r.department, r.status])).to.deep.equal([
      ['dpf', 'done'],
      ['edu', 'done'],
      ['health', 'done'],
    ]);
    expect(file.payment).to.equal(null);
    expect(file.timeline.some((e: any) => e.kind === 'payment_instructed')).to.equal(false);
  });

  it('核对查到名下有车（演示数据源）：不符合条件，告知车辆理由，不公示', async () => {
    const { clerk } = await actors();
    // the demo 公安 source finds a vehicle for ID numbers with sequence code 99x
    const c = await register(clerk, household({ incomeYuan: 0, types: ['dibao'], headSeq: '99' }));
    const file = await closedCase(clerk, c.id);
    expect(file.outcome).to.equal('rejected');
    expect(file.outcomeReason).to.contain('名下有机动车辆');
    const police = file.verification[0].sources.find((s: any) => s.source === 'police');
    expect(police.assets).to.deep.equal(['vehicle']);
    expect(police.summary).to.contain('小型汽车');
    expect(file.notices).to.deep.equal([]);
  });

  it('入户调查不建议：不公示，由民政审核并书面告知理由', async () => {
    const { clerk, village, civil } = await actors();
    const c = await register(clerk, household({ incomeYuan: 0, types: ['dibao'] }));
    await complete(village, c.id, 'Task_HomeVisit', { findings: '家中新购农机具，另有经营性收入', recommend: false });
    expect(await noTask(village, c.id, 'Task_DemocraticReview')).to.equal(true);
    await complete(civil, c.id, 'Task_VillageNegativeReview', { approved: false, opinion: '入户调查发现有经营性收入，不予救助' });
    const file = await closedCase(clerk, c.id);
    expect(file.outcome).to.equal('rejected');
    expect(file.outcomeReason).to.contain('有经营性收入');
    expect(file.notices).to.deep.equal([]);
    expect(await publicNotice(c.caseNo)).to.equal(undefined);
  });

  it('民主评议未通过：由民政审核；民政说明理由认为应予救助的才进入公示', async () => {
    const { clerk, village, civil } = await actors();
    const c = await register(clerk, household({ incomeYuan: 0, types: ['dibao'] }));
    await complete(village, c.id, 'Task_HomeVisit', { findings: '生活困难属实', recommend: true });
    await complete(village, c.id, 'Task_DemocraticReview', { participants: 9, votesFor: 3, votesAgainst: 6, opinion: '多数代表认为该户有子女赡养' });
    await taskOf(civil, c.id, 'Task_VillageNegativeReview');
    expect(await publicNotice(c.caseNo)).to.equal(undefined);
    await complete(civil, c.id, 'Task_VillageNegativeReview', { approved: true, opinion: '经核实子女均无赡养能力，评议意见不成立，进入公示' });
    await waitFor('published after 民政 overruled the review', () => publicNotice(c.caseNo));
  });

  it('公示期异议不成立：撤下核实期间不计，重新公示完整公示期', async () => {
    const { clerk, village, civil } = await actors();
    const c = await register(clerk, household({ incomeYuan: 0, types: ['dibao'] }));
    await villageSteps(village, c.id);
    const notice = await waitFor('notice published', () => publicNotice(c.caseNo), 30_000, 100);
    expect((await new Browser().post(`/api/public/notices/${notice.noticeNo}/objections`, { content: '怀疑该户隐瞒收入情况，请核查' })).status).to.equal(201);
    // while the objection is reviewed the notice is off the public page
    expect(await publicNotice(c.caseNo)).to.equal(undefined);
    const dismissedAt = Date.now();
    await complete(civil, c.id, 'Task_ReviewObjection', { upheld: false, opinion: '经核查无隐瞒收入情况，异议不成立' });
    // then it is public again until a full period after the dismissal
    const back = await waitFor('notice public again', () => publicNotice(c.caseNo), 30_000, 100);
    const period = Number(process.env.PUBLIC_NOTICE_SECONDS ?? 5) * 1000;
    expect(new Date(back.objectionDeadline).getTime()).to.be.at.least(dismissedAt + period);
    const row = await thePlatform().ds.getRepository(PublicNotice).findOneByOrFail({ noticeNo: notice.noticeNo });
    expect(row.status).to.equal('open');
    await complete(civil, c.id, 'Task_CountyApproval', { approved: true, opinion: '同意' });
    const file = await closedCase(clerk, c.id);
    expect(file.timeline.map((e: any) => e.kind)).to.include('notice_reopened');
  });

  it('批准后立即发放，转介的部门还在办理：资金不等转介', async () => {
    const { clerk, village, civil } = await actors();
    const health = await loginAs('handler_health');
    const c = await register(clerk, household({ incomeYuan: 0, types: ['dibao'], head: { seriousIllness: true } }));
    await villageSteps(village, c.id);
    await complete(civil, c.id, 'Task_CountyApproval', { approved: true, opinion: '同意纳入低保' });
    // the payment instruction and the closing notice come while 卫健's referral is still open
    await waitFor('paid', async () => (await thePlatform().ds.getRepository(PaymentInstruction).countBy({ caseId: c.id })) === 1);
    const file = await waitFor('closed', async () => {
      const f = (await clerk.get(`/api/cases/${c.id}`)).body;
      return f.status === 'closed' ? f : undefined;
    });
    expect(file.outcome).to.equal('approved');
    expect(file.referrals.map((r: any) => [r.department, r.status])).to.deep.equal([['health', 'pending']]);
    await taskOf(health, c.id, 'Task_Referral');
  });

  it('建档立卡户转介乡村振兴，受灾家庭转介应急管理', async () => {
    const { clerk } = await actors();
    const poor = await register(clerk, household({ incomeYuan: 0, types: ['dibao'], head: { povertyStatus: 'monitored' } }));
    const flooded = await register(clerk, household({ incomeYuan: 0, types: ['housing'], disasterImpact: 'house_damaged' }));
    expect(await referredInboxes(poor.id, ['rural'])).to.deep.equal(['rural']);
    expect(await referredInboxes(flooded.id, ['emergency', 'housing'])).to.deep.equal(['emergency', 'housing']);
  });

  it('转办的转介归接收部门：接收部门能查看案件并办结，记录随之转移', async () => {
    const { clerk } = await actors();
    const [health, dpf] = await Promise.all([loginAs('handler_health'), loginAs('handler_dpf')]);
    const c = await register(clerk, household({ incomeYuan: 0, types: ['medical'], members: [{ birth: '19780101', relation: '配偶' }] }));
    const t = await taskOf(health, c.id, 'Task_Referral');
    expect((await dpf.get(`/api/cases/${c.id}`)).status).to.equal(403);
    const r = await health.post(`/api/tasks/${t.taskId}/transfer`, { toDepartment: 'dpf', opinion: '该户主要需求为残疾人康复，转残联办理' });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect((await dpf.get(`/api/cases/${c.id}`)).status).to.equal(200);
    await complete(dpf, c.id, 'Task_Referral', { opinion: '已纳入残疾人精准康复服务' });
    const file = await closedCase(clerk, c.id);
    expect(file.referrals.map((x: any) => [x.department, x.status, x.opinion])).to.deep.equal([['dpf', 'done', '已纳入残疾人精准康复服务']]);
  });

  it('撤回的申请：未办完的转介随之结束为“已撤回”', async () => {
    const { clerk } = await actors();
    const edu = await loginAs('handler_edu');
    const c = await register(clerk, household({ incomeYuan: 0, types: ['dibao', 'education'] }));
    // withdrawn as soon as the referral is open, while the verification queries may still be running (withdraw-race.test.ts)
    await taskOf(edu, c.id, 'Task_Referral');
    const w = await clerk.post(`/api/cases/${c.id}/withdraw`, { reason: '申请人已外出务工，主动撤回' });
    expect(w.status, JSON.stringify(w.body)).to.equal(200);
    const file = await closedCase(clerk, c.id);
    expect(file.referrals.map((x: any) => [x.department, x.status])).to.deep.equal([['edu', 'withdrawn']]);
    expect(await noTask(edu, c.id, 'Task_Referral')).to.equal(true);
  });

  it('有办理中低保申请的家庭可以申请临时救助（救急难），但不能重复申请临时救助', async () => {
    const { clerk } = await actors();
    const app = household({ incomeYuan: 0, types: ['dibao'] });
    const c = await register(clerk, app);
    const householdId = (await clerk.get(`/api/cases/${c.id}`)).body.household.id;
    const t = await clerk.post('/api/cases/temporary', { householdId, amountYuan: 800, reason: '家中突发火灾，急需救助' });
    expect(t.status, JSON.stringify(t.body)).to.equal(201);
    const again = await clerk.post('/api/cases/temporary', { householdId, amountYuan: 500, reason: '家中突发火灾，急需救助' });
    expect(again.status).to.equal(400);
    expect(again.body.code).to.equal('CASE_ALREADY_OPEN');
    // and 临时救助 ticked in the 低保 form is refused rather than run down the wrong path
    const wrong = await clerk.post('/api/cases', household({ incomeYuan: 0, types: ['dibao', 'temporary'] }));
    expect(wrong.status).to.equal(400);
    expect(wrong.body.code).to.equal('ASSISTANCE_TYPES_INVALID');
  });

  it('矛盾的家庭情况被拒绝（400，中文说明），什么也不登记', async () => {
    const { clerk } = await actors();
    const before = (await clerk.get('/api/households')).body.length;
    const toddler = household({ incomeYuan: 0, types: ['dibao'], members: [{ birth: '20230301', relation: '子女', facts: { schoolingStage: 'senior' } }] });
    const r1 = await clerk.post('/api/cases', toddler);
    expect(r1.status).to.equal(400);
    expect(r1.body.code).to.equal('HOUSEHOLD_MEMBERS_SCHOOLING_STAGE_INVALID');
    expect(r1.body.message).to.match(/周岁的成员不可能在读高中/);
    const level5 = household({ incomeYuan: 0, types: ['dibao'], head: { disabilityLevel: 5 } });
    const r2 = await clerk.post('/api/cases', level5);
    expect(r2.status).to.equal(400);
    expect(r2.body.code).to.equal('HOUSEHOLD_MEMBERS_DISABILITY_LEVEL_INVALID');
    expect(r2.body.message).to.equal('残疾等级只能是一级至四级');
    const child = household({ incomeYuan: 0, types: ['dibao'], members: [{ birth: '20180301', relation: '子女', facts: { employment: 'unemployed' } }] });
    const r3 = await clerk.post('/api/cases', child);
    expect(r3.status).to.equal(400);
    expect(r3.body.code).to.equal('HOUSEHOLD_MEMBERS_EMPLOYMENT_INVALID');
    expect((await clerk.get('/api/households')).body.length).to.equal(before);
  });
});
