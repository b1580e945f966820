import { expect } from 'chai';
import { PaymentInstruction } from '../../domain/entities/payment-instruction.entity.js';
import { makeIdNumber } from '../../domain/idcard.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, waitFor, type Browser } from '../support/http.js';

let seq = 300;
/** A new synthetic household registration (unique ID numbers per call). */
export function newApplication(opts: { incomeYuan: number; types: string[]; members?: number }) {
  const head = makeIdNumber('139901', '19720304', String(seq++));
  const members = [{ name: '褚演示', idNumber: head, relation: '本人' }];
  for (let i = 1; i < (opts.members ?? 1); i++) members.push({ name: `褚小${'一二三四五'[i]}`, idNumber: makeIdNumber('139901', '20100101', String(seq++)), relation: '子女' });
  return {
    household: { headName: '褚演示', headIdNumber: head, phone: '19900001234', address: '和平村演示街 20 号', villageCode: '139901100201', monthlyIncomeYuan: opts.incomeYuan, members },
    assistanceTypes: opts.types,
    reason: '户主因病丧失劳动能力，家庭生活困难',
  };
}

async function inboxItem(b: Browser, caseId: string) {
  const r = await b.get('/api/tasks?pageSize=100');
  return (r.body.items as any[]).find((t) => t.case?.id === caseId);
}

async function closedCase(b: Browser, caseId: string) {
  const r = await b.get(`/api/cases/${caseId}`);
  return r.body.status === 'closed' && r.body.processState === 'COMPLETED' ? r.body : undefined;
}

describe('社会救助一门受理 / 端到端（真实引擎）', () => {
  it('窗口受理 → 分类派单 → 民政审核同意 → 资金发放指令 → 办结', async () => {
    const clerk = await loginAs('clerk');
    const civil = await loginAs('handler_civil');
    const health = await loginAs('handler_health');

    // given a clerk registers a household of three with 300 yuan monthly income asking for 低保 and 医疗救助
    const reg = await clerk.post('/api/cases', newApplication({ incomeYuan: 300, types: ['dibao', 'medical'], members: 3 }));
    expect(reg.status).to.equal(201);
    expect(reg.body.caseNo).to.match(/^SA-\d{4}-\d{6}$/);
    const caseId = reg.body.id as string;

    // then the classification worker routes it to the civil-affairs inbox
    const item = await waitFor('task in civil inbox', () => inboxItem(civil, caseId));
    expect(item.name).to.equal('牵头部门审核');
    expect(item.case.caseNo).to.equal(reg.body.caseNo);
    expect(item.case.householdHead).to.equal('褚**');

    // and a handler of another department neither sees it nor can act on it
    expect(await inboxItem(health, caseId)).to.equal(undefined);
    const foreign = await health.post(`/api/tasks/${item.taskId}/complete`, { approved: true, opinion: '同意' });
    expect(foreign.status).to.equal(403);
    expect(foreign.body.code).to.equal('TASK_FORBIDDEN');
    expect((await health.get(`/api/cases/${caseId}`)).status).to.equal(403);

    // an opinion is mandatory
    const noOpinion = await civil.post(`/api/tasks/${item.taskId}/complete`, { approved: true, opinion: '' });
    expect(noOpinion.status).to.equal(400);
    expect(noOpinion.body.code).to.equal('OPINION_INVALID');

    // when the civil handler claims and approves it with an opinion
    expect((await civil.post(`/api/tasks/${item.taskId}/claim`)).status).to.equal(200);
    const done = await civil.post(`/api/tasks/${item.taskId}/complete`, { approved: true, opinion: '材料齐全，符合低保条件' });
    expect(done.status).to.equal(200);

    // then the payment worker instructs (600 − 100) × 3 = 1500 yuan a month and the case closes
    const file = await waitFor('case closed', () => closedCase(clerk, caseId));
    expect(file.outcome).to.equal('approved');
    expect(file.payment.monthlyAmountYuan).to.equal(1500);
    expect(file.payment.householdSize).to.equal(3);
    expect(file.household.headIdNumber).to.match(/^139901\*{8}\d{3}[\dX]$/);
    expect(file.timeline.map((e: any) => e.kind)).to.deep.equal(['registered', 'classified', 'task_claimed', 'task_completed', 'payment_instructed', 'closed']);
    expect(file.timeline.find((e: any) => e.kind === 'task_completed').opinion).to.equal('同意：材料齐全，符合低保条件');
    expect(file.history.map((h: any) => h.activityId)).to.include.members(['Start_Registered', 'Task_Classify', 'Task_DepartmentReview', 'Task_PaymentInstruct', 'Task_CloseApproved', 'End_Approved']);
    const payments = await thePlatform().ds.getRepository(PaymentInstruction).countBy({ caseId });
    expect(payments).to.equal(1);

    // and the task has left the inbox
    expect(await inboxItem(civil, caseId)).to.equal(undefined);
  });

  it('不同意 → 书面告知不予救助, with the handler opinion as the written reason, and no payment', async () => {
    const clerk = await loginAs('clerk');
    const civil = await loginAs('handler_civil');
    const reg = await clerk.post('/api/cases', newApplication({ incomeYuan: 100, types: ['temporary'] }));
    expect(reg.status).to.equal(201);
    const item = await waitFor('task in civil inbox', () => inboxItem(civil, reg.body.id));
    expect((await civil.post(`/api/tasks/${item.taskId}/complete`, { approved: false, opinion: '申请人有赡养人且赡养能力充足' })).status).to.equal(200);
    const file = await waitFor('case closed', () => closedCase(clerk, reg.body.id));
    expect(file.outcome).to.equal('rejected');
    expect(file.outcomeReason).to.contain('申请人有赡养人且赡养能力充足');
    expect(file.payment).to.equal(null);
    expect(file.history.map((h: any) => h.activityId)).to.include('End_Rejected');
  });

  it('a household whose per-capita income reaches the standard ends by the BPMN error path, not an incident', async () => {
    const clerk = await loginAs('clerk');
    const civil = await loginAs('handler_civil');
    const reg = await clerk.post('/api/cases', newApplication({ incomeYuan: 2000, types: ['dibao'], members: 2 }));
    const item = await waitFor('task in civil inbox', () => inboxItem(civil, reg.body.id));
    await civil.post(`/api/tasks/${item.taskId}/complete`, { approved: true, opinion: '同意，请核算' });
    const file = await waitFor('case closed', () => closedCase(clerk, reg.body.id));
    expect(file.outcome).to.equal('rejected');
    expect(file.outcomeReason).to.contain('不低于当地最低生活保障标准');
    expect(file.payment).to.equal(null);
    expect(file.history.map((h: any) => h.activityId)).to.include.members(['Boundary_IncomeAboveStandard', 'Task_CloseRejected']);
    expect(await thePlatform().engine.incidents(file.processInstanceId)).to.deep.equal([]);
  });

  it('a household with an open application cannot be registered twice', async () => {
    const clerk = await loginAs('clerk');
    const app = newApplication({ incomeYuan: 100, types: ['dibao'] });
    expect((await clerk.post('/api/cases', app)).status).to.equal(201);
    const again = await clerk.post('/api/cases', app);
    expect(again.status).to.equal(400);
    expect(again.body.code).to.equal('HOUSEHOLD_DUPLICATE');
  });
});
