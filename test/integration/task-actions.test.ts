import { expect } from 'chai';
import { loginAs } from '../support/http.js';
import { closedCase, complete, newApplication, noTask, taskOf } from '../support/application.js';

/** A county-level temporary-assistance case: its first user task is 县民政审批 (dept:civil). */
async function countyCase() {
  const clerk = await loginAs('clerk');
  const { household } = newApplication({ incomeYuan: 0, types: ['temporary'] });
  const r = await clerk.post('/api/cases/temporary', { household, amountYuan: 3000, reason: '家中突发重大变故，生活困难' });
  expect(r.status, JSON.stringify(r.body)).to.equal(201);
  return { clerk, id: r.body.id as string };
}

describe('任务操作 / 转办、委派、退回、抄送', function () {
  this.timeout(60_000);

  it('转办给同事：任务直接到同事名下；转办到其他部门：本部门待办消失，对方部门出现', async () => {
    const civil = await loginAs('handler_civil');
    const head = await loginAs('head_civil');
    const emergency = await loginAs('handler_emergency');
    const a = await countyCase();
    const t = await taskOf(civil, a.id, 'Task_CountyTemporaryApproval');
    const bad = await civil.post(`/api/tasks/${t.taskId}/transfer`, { toUsername: 'handler_health', opinion: '请协助' });
    expect(bad.status).to.equal(400);
    expect(bad.body.code).to.equal('TO_USERNAME_INVALID');
    expect((await civil.post(`/api/tasks/${t.taskId}/transfer`, { toUsername: 'head_civil', opinion: '金额较大，请负责人审批' })).status).to.equal(200);
    const mine = ((await head.get('/api/tasks?pageSize=100')).body.items as any[]).find((x) => x.taskId === t.taskId);
    expect(mine.claimedByMe).to.equal(true);

    const b = await countyCase();
    const t2 = await taskOf(civil, b.id, 'Task_CountyTemporaryApproval');
    expect((await civil.post(`/api/tasks/${t2.taskId}/transfer`, { toDepartment: 'emergency', opinion: '属于受灾救助，转应急管理局' })).status).to.equal(200);
    await taskOf(emergency, b.id, 'Task_CountyTemporaryApproval');
    expect(await noTask(civil, b.id, 'Task_CountyTemporaryApproval')).to.equal(true);
    const file = (await a.clerk.get(`/api/cases/${b.id}`)).body;
    expect(file.timeline.map((e: any) => e.opinion).join()).to.contain('转办至应急管理局');
  });

  it('委派：被委派人办理后交回，委派人再办结', async () => {
    const civil = await loginAs('handler_civil');
    const head = await loginAs('head_civil');
    const c = await countyCase();
    const t = await taskOf(civil, c.id, 'Task_CountyTemporaryApproval');
    expect((await civil.post(`/api/tasks/${t.taskId}/delegate`, { toUsername: 'head_civil', opinion: '请负责人先行核实' })).status).to.equal(200);
    // the owner cannot complete while it is delegated
    expect((await civil.post(`/api/tasks/${t.taskId}/complete`, { approved: true, opinion: '同意' })).status).to.equal(409);
    expect((await head.post(`/api/tasks/${t.taskId}/resolve`, { opinion: '已核实，情况属实' })).status).to.equal(200);
    await complete(civil, c.id, 'Task_CountyTemporaryApproval', { approved: true, opinion: '同意救助' });
    const file = await closedCase(c.clerk, c.id);
    expect(file.timeline.map((e: any) => e.kind)).to.include.members(['task_delegated', 'task_resolved', 'task_completed']);
  });

  it('退回：县级审批退回乡镇补办材料，乡镇待办出现该环节', async () => {
    const civil = await loginAs('handler_civil');
    const township = await loginAs('handler_township');
    const c = await countyCase();
    const t = await taskOf(civil, c.id, 'Task_CountyTemporaryApproval');
    const r = await civil.post(`/api/tasks/${t.taskId}/return`, { opinion: '缺少受灾情况证明，退回补办' });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.to).to.equal('Task_CompleteFile');
    const back = await taskOf(township, c.id, 'Task_CompleteFile');
    const detail = (await township.get(`/api/tasks/${back.taskId}`)).body;
    expect(detail.due).to.be.a('string');
    expect(await noTask(civil, c.id, 'Task_CountyTemporaryApproval')).to.equal(true);
  });

  it('抄送：只抄送给本就可以查阅案卷的人；被抄送人在“抄送我的”看到并查阅案卷', async () => {
    const civil = await loginAs('handler_civil');
    const health = await loginAs('handler_health');
    // the leader reads every case of the jurisdiction; the health bureau does not read this one
    const leader = await loginAs('leader');
    const c = await countyCase();
    expect((await health.get(`/api/cases/${c.id}`)).status).to.equal(403);
    const t = await taskOf(civil, c.id, 'Task_CountyTemporaryApproval');
    // a copy does not widen who reads the case: the health handler is refused, and still cannot read it
    const refused = await civil.post(`/api/tasks/${t.taskId}/copy`, { toUsernames: ['leader', 'handler_health'], note: '该户有慢性病患者，请关注医疗救助' });
    expect(refused.status, JSON.stringify(refused.body)).to.equal(400);
    expect(refused.body.code).to.equal('TO_USERNAMES_INVALID');
    expect((await health.get('/api/tasks/copies')).body.items.map((x: any) => x.caseId)).to.not.include(c.id);
    expect((await health.get(`/api/cases/${c.id}`)).status).to.equal(403);
    expect((await civil.post(`/api/tasks/${t.taskId}/copy`, { toUsernames: ['leader'], note: '该户有慢性病患者，请关注医疗救助' })).status).to.equal(201);
    const copies = (await leader.get('/api/tasks/copies')).body.items as any[];
    expect(copies.map((x) => x.caseId)).to.include(c.id);
    expect((await leader.get(`/api/cases/${c.id}`)).status).to.equal(200);

    // the row names the sender, the case and the household; it is unread until opened
    const list = (await leader.get('/api/tasks/copies')).body;
    const mine = list.items.find((x: any) => x.caseId === c.id);
    expect(mine).to.include({ note: '该户有慢性病患者，请关注医疗救助', fromDepartment: '民政局', readAt: null });
    expect(mine.fromName).to.be.a('string').and.match(/[\u4e00-\u9fa5]/u);
    expect(mine.caseNo).to.be.a('string').and.not.empty;
    expect(mine.headName).to.be.a('string').and.not.empty;
    expect(list.unread).to.be.at.least(1);
    // only the addressee may mark it read; reading twice keeps the first time
    const foreign = await civil.post(`/api/tasks/copies/${mine.id}/read`, {});
    expect(foreign.status).to.equal(404);
    expect(foreign.body.code).to.equal('COPY_NOT_FOUND');
    expect((await leader.post('/api/tasks/copies/not-a-uuid/read', {})).status).to.equal(404);
    const read = await leader.post(`/api/tasks/copies/${mine.id}/read`, {});
    expect(read.status, JSON.stringify(read.body)).to.equal(200);
    expect(read.body.readAt).to.be.a('string');
    const again = await leader.post(`/api/tasks/copies/${mine.id}/read`, {});
    expect(again.body.readAt).to.equal(read.body.readAt);
    const after = (await leader.get('/api/tasks/copies')).body;
    expect(after.unread).to.equal(list.unread - 1);
    expect(after.items.find((x: any) => x.id === mine.id).readAt).to.equal(read.body.readAt);
  });
});
