import { expect } from 'chai';
import { loginAs, waitFor } from '../support/http.js';
import { actors, closedCase, complete, newApplication, noTask, register, taskOf, villageSteps } from '../support/application.js';

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

  it('退回到选定的环节：民政审核确认可退回民主评议或入户调查，各有规则；不在可选范围的环节被拒绝、其他部门或其他村的人不能退回，都不改变任何状态；选民主评议则入户调查不重做', async () => {
    const people = await actors();
    const { clerk, civil, village } = people;
    const c = await register(clerk, newApplication({ incomeYuan: 300, types: ['dibao'] }));
    await villageSteps(village, c.id);
    const t = await taskOf(civil, c.id, 'Task_CountyApproval', 60_000);
    // given the rules offered for this step: the nearest first, each with its rule
    const options = (await civil.get(`/api/tasks/${t.taskId}/actions`)).body;
    expect(options.returnTargets.map((x: any) => x.name)).to.deep.equal(['民主评议', '入户调查']);
    expect(options.returnTargets.every((x: any) => x.rule.length > 10)).to.equal(true);
    // when a step that is not offered is asked for, it is refused and the task stays
    for (const to of ['Task_Registration', 'Task_CountyApproval', 'Task_CompleteFile']) {
      const bad = await civil.post(`/api/tasks/${t.taskId}/return`, { to, opinion: '退回重办' });
      expect(bad.status, to).to.equal(400);
      expect(bad.body.code).to.equal('RETURN_TARGET_INVALID');
      expect(bad.body.message).to.equal('本环节只能退回至「民主评议」或「入户调查」');
    }
    expect((await taskOf(civil, c.id, 'Task_CountyApproval')).taskId).to.equal(t.taskId);
    // another department (health) and another village's worker may not return it to any step
    for (const other of [people.health, await loginAs('village_tuanjie')]) {
      const refused = await other.post(`/api/tasks/${t.taskId}/return`, { to: 'Task_DemocraticReview', opinion: '越权退回' });
      expect(refused.status).to.equal(403);
    }
    expect((await taskOf(civil, c.id, 'Task_CountyApproval')).taskId).to.equal(t.taskId);
    // then 民主评议 is chosen: the village holds the meeting again, the home visit is not redone
    const r = await civil.post(`/api/tasks/${t.taskId}/return`, { to: 'Task_DemocraticReview', opinion: '评议人数不足法定人数，重新评议' });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.to).to.equal('Task_DemocraticReview');
    await taskOf(village, c.id, 'Task_DemocraticReview');
    expect(await noTask(village, c.id, 'Task_HomeVisit')).to.equal(true);
    expect(await noTask(civil, c.id, 'Task_CountyApproval')).to.equal(true);
    const file = (await clerk.get(`/api/cases/${c.id}`)).body;
    expect(file.timeline.map((e: any) => e.opinion).join()).to.contain('退回至民主评议：评议人数不足法定人数');
    // the village worker may not return a step to a step of its own choosing either: 民主评议 goes back only to 入户调查
    const review = await taskOf(village, c.id, 'Task_DemocraticReview');
    const wrong = await village.post(`/api/tasks/${review.taskId}/return`, { to: 'Task_DemocraticReview', opinion: '重来' });
    expect(wrong.status).to.equal(400);
    expect(wrong.body.code).to.equal('RETURN_TARGET_INVALID');
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
    expect(mine.fromName)
      .to.be.a('string')
      .and.match(/[\u4e00-\u9fa5]/u);
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

describe('任务操作 / 取消签收、加签、撤回', function () {
  this.timeout(90_000);

  it('取消签收：签收人放回部门待办，同事可以签收；非签收人取消被拒绝', async () => {
    const civil = await loginAs('handler_civil');
    const head = await loginAs('head_civil');
    const c = await countyCase();
    const t = await taskOf(civil, c.id, 'Task_CountyTemporaryApproval');
    expect((await civil.post(`/api/tasks/${t.taskId}/claim`, {})).status).to.equal(200);
    // given a task claimed by handler_civil, when the head tries to give it back, then it is refused and stays claimed
    const foreign = await head.post(`/api/tasks/${t.taskId}/unclaim`, {});
    expect(foreign.status).to.equal(409);
    expect(foreign.body.code).to.equal('TASK_NOT_CLAIMED_BY_YOU');
    expect((await civil.get(`/api/tasks/${t.taskId}`)).body.claimedByMe).to.equal(true);
    // when the claimant gives it back, then it is unclaimed and the head may claim it
    expect((await civil.post(`/api/tasks/${t.taskId}/unclaim`, {})).status).to.equal(200);
    expect((await civil.get(`/api/tasks/${t.taskId}`)).body.assignee).to.equal(null);
    expect((await head.post(`/api/tasks/${t.taskId}/claim`, {})).status).to.equal(200);
    const file = (await c.clerk.get(`/api/cases/${c.id}`)).body;
    expect(file.timeline.map((e: any) => e.kind)).to.include('task_unclaimed');
  });

  it('加签：加签人签署意见前不能提交办理；加签只能给有权办理该任务的同事；签署后意见进入办理记录', async () => {
    const civil = await loginAs('handler_civil');
    const head = await loginAs('head_civil');
    const health = await loginAs('handler_health');
    const c = await countyCase();
    const t = await taskOf(civil, c.id, 'Task_CountyTemporaryApproval');
    // who may receive it: only users of the task's candidate groups
    const actions = (await civil.get(`/api/tasks/${t.taskId}/actions`)).body;
    expect(actions.candidates.map((u: any) => u.username))
      .to.include('head_civil')
      .and.not.include('handler_health')
      .and.not.include('handler_civil');
    const outsider = await civil.post(`/api/tasks/${t.taskId}/cosign`, { toUsername: 'handler_health', note: '请卫健会签' });
    expect(outsider.status).to.equal(400);
    expect(outsider.body.code).to.equal('TO_USERNAME_INVALID');
    expect((await civil.post(`/api/tasks/${t.taskId}/cosign`, { toUsername: 'head_civil', note: '金额较大，请负责人加签' })).status).to.equal(201);
    // the co-signer finds the request in 待办, linked to the case
    const sub = await waitFor('加签 in the head’s inbox', async () => ((await head.get('/api/tasks?pageSize=100')).body.items as any[]).find((x) => x.name === '加签：县民政审批（大额）' && x.claimedByMe));
    expect((await head.get(`/api/tasks/${sub.taskId}`)).body.caseId).to.equal(c.id);
    // nobody else may sign it, and the owner cannot complete meanwhile
    expect((await health.post(`/api/tasks/${sub.taskId}/sign`, { agree: true, opinion: '同意' })).status).to.equal(403);
    const early = await civil.post(`/api/tasks/${t.taskId}/complete`, { approved: true, opinion: '同意救助' });
    expect(early.status).to.equal(409);
    expect(early.body.code).to.equal('COSIGN_PENDING');
    expect((await civil.get(`/api/tasks/${t.taskId}/actions`)).body.cosigners).to.have.length(1);
    // when the head signs, then the owner completes and the case closes with both opinions on record
    const bad = await head.post(`/api/tasks/${sub.taskId}/sign`, { opinion: '同意' });
    expect(bad.status).to.equal(400);
    expect((await head.post(`/api/tasks/${sub.taskId}/sign`, { agree: true, opinion: '情况属实，同意救助' })).status).to.equal(200);
    await complete(civil, c.id, 'Task_CountyTemporaryApproval', { approved: true, opinion: '同意救助' });
    const file = await closedCase(c.clerk, c.id);
    const line = file.timeline.find((e: any) => e.kind === 'task_cosigned');
    expect(line.opinion).to.equal('加签意见（同意）：情况属实，同意救助');
    expect(file.timeline.map((e: any) => e.kind)).to.include.members(['task_cosign_requested', 'task_completed']);
  });

  it('撤回：下一环节未签收时，村级专干撤回已办结的入户调查；下一环节签收后不能撤回', async () => {
    const { clerk, village } = await actors();
    const a = await register(clerk, newApplication({ incomeYuan: 0, types: ['dibao'] }));
    const visit = await taskOf(village, a.id, 'Task_HomeVisit');
    await complete(village, a.id, 'Task_HomeVisit', { findings: '家中无劳动力，生活困难属实', recommend: true });
    const review = await taskOf(village, a.id, 'Task_DemocraticReview');
    // another user cannot take back someone else's step
    const civil = await loginAs('handler_civil');
    expect((await civil.post(`/api/tasks/${visit.taskId}/recall`, { reason: '误操作' })).status).to.equal(404);
    expect((await village.post(`/api/tasks/${visit.taskId}/recall`, {})).status).to.equal(400);
    // when the village worker recalls it, then 入户调查 is back in their hands with a due date and 民主评议 is gone
    const r = await village.post(`/api/tasks/${visit.taskId}/recall`, { reason: '调查情况填错了户，需更正' });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    const again = (await village.get(`/api/tasks/${r.body.taskId}`)).body;
    expect(again).to.include({ taskKey: 'Task_HomeVisit', claimedByMe: true });
    expect(again.due).to.be.a('string');
    expect(await noTask(village, a.id, 'Task_DemocraticReview')).to.equal(true);
    expect((await village.get(`/api/tasks/${review.taskId}`)).status).to.equal(404);
    const file = (await clerk.get(`/api/cases/${a.id}`)).body;
    expect(file.timeline.find((e: any) => e.kind === 'task_recalled').opinion).to.contain('调查情况填错了户');

    // given the step done again and the next step claimed, when recalled, then it is refused and nothing moves
    await complete(village, a.id, 'Task_HomeVisit', { findings: '家中无劳动力，生活困难属实（更正）', recommend: true });
    const review2 = await taskOf(village, a.id, 'Task_DemocraticReview');
    expect((await village.post(`/api/tasks/${review2.taskId}/claim`, {})).status).to.equal(200);
    const late = await village.post(`/api/tasks/${r.body.taskId}/recall`, { reason: '再次撤回' });
    expect(late.status).to.equal(409);
    expect(late.body.code).to.equal('NEXT_STEP_CLAIMED');
    expect((await village.get(`/api/tasks/${review2.taskId}`)).body.claimedByMe).to.equal(true);
    await clerk.post(`/api/cases/${a.id}/withdraw`, { reason: '测试结束，申请人撤回' });
  });
});
