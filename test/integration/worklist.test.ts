import { expect } from 'chai';
import { matterTask } from '../support/conference.js';
import { Browser, loginAs } from '../support/http.js';
import { actors, newApplication, register } from '../support/application.js';
import { expectConforms } from '../support/contract.js';
import { donePageSchema } from '../../contracts/lists.schema.js';

/** Every 已办 entry the query returns (all pages of 100). */
async function done(b: Browser, query = ''): Promise<any[]> {
  const all: any[] = [];
  for (let page = 1; ; page++) {
    const r = await b.get(`/api/worklist/done?page=${page}&pageSize=100${query ? `&${query}` : ''}`);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expectConforms(donePageSchema, r.body, 'GET /api/worklist/done');
    all.push(...r.body.items);
    if (all.length >= r.body.total || r.body.items.length === 0) return all;
  }
}

const ids = (rows: any[]) => rows.map((r) => r.taskId);

describe('已办 / 我发起的（引擎历史，服务端按人和部门限定范围）', function () {
  this.timeout(120_000);

  it('shows each person their own completed tasks, a head the department’s, and refuses other departments', async () => {
    const [coordinator, leader, civil, health, headCivil, headHealth] = await Promise.all(['coordinator', 'leader', 'handler_civil', 'handler_health', 'head_civil', 'head_health'].map((u) => loginAs(u)));
    // given a matter concerning civil affairs and health, convened by the leader
    const raised = await coordinator.post('/api/conferences', {
      title: '已办列表范围核验议题',
      background: '核验已办列表只向本人和本部门展示已完成的任务，不向其他部门展示。',
      departments: ['civil', 'health'],
    });
    expect(raised.status, JSON.stringify(raised.body)).to.equal(201);
    const matterId = raised.body.id as string;
    const decision = await matterTask(leader, matterId, '召集人决定');
    expect((await leader.post(`/api/conferences/${matterId}/tasks/${decision.taskId}/complete`, { convene: true, opinion: '同意召集' })).status).to.equal(200);

    // when civil affairs and health each give their opinion
    const civilTask = await matterTask(civil, matterId, '部门意见');
    const healthTask = await matterTask(health, matterId, '部门意见');
    expect((await civil.post(`/api/conferences/${matterId}/tasks/${civilTask.taskId}/complete`, { opinion: '民政局同意联合帮扶' })).status).to.equal(200);
    expect((await health.post(`/api/conferences/${matterId}/tasks/${healthTask.taskId}/complete`, { opinion: '卫健局同意联合帮扶' })).status).to.equal(200);

    // then each handler's 已办 holds their own opinion, labelled with the matter, and not the other department's
    const civilDone = await done(civil);
    expect(ids(civilDone)).to.include(civilTask.taskId).and.not.include(healthTask.taskId);
    const row = civilDone.find((r) => r.taskId === civilTask.taskId);
    expect(row).to.include({ name: '部门意见', processKey: 'joint-conference', processName: '联席会议' });
    expect(row.conference).to.deep.equal({ id: matterId, matterNo: raised.body.matterNo, title: '已办列表范围核验议题' });
    expect(['on_time', 'late', 'no_limit']).to.include(row.timeliness);
    expect(row.durationMs).to.be.a('number').and.at.least(0);
    expect(Date.parse(row.completed)).to.be.at.least(Date.parse(row.created));
    expect(ids(await done(health)))
      .to.include(healthTask.taskId)
      .and.not.include(civilTask.taskId);
    // and the leader's own 已办 holds the convenor's decision
    expect(ids(await done(leader))).to.include(decision.taskId);

    // and the head of civil affairs sees the department's work, not health's
    const deptDone = await done(headCivil, 'scope=department');
    expect(ids(deptDone)).to.include(civilTask.taskId).and.not.include(healthTask.taskId);
    expect(ids(await done(headHealth, 'scope=department')))
      .to.include(healthTask.taskId)
      .and.not.include(civilTask.taskId);
    // and a leader may look at any department
    expect(ids(await done(leader, 'scope=department&department=health')))
      .to.include(healthTask.taskId)
      .and.not.include(civilTask.taskId);

    // and nobody reaches another department's 已办 by asking for it
    for (const [b, query] of [
      [civil, 'scope=department'],
      [civil, 'scope=department&department=health'],
      [civil, 'department=health'],
      [headCivil, 'scope=department&department=health'],
    ] as const) {
      const r = await b.get(`/api/worklist/done?${query}`);
      expect(r.status, query).to.equal(403);
      expect(r.body.code).to.equal('DONE_FORBIDDEN');
      expect(r.body.message).to.match(/[\u4e00-\u9fa5]/u);
    }

    // and the filters narrow the list: by matter number, by process, by timeliness
    expect(ids(await done(civil, `q=${encodeURIComponent(raised.body.matterNo)}`))).to.deep.equal([civilTask.taskId]);
    expect(ids(await done(civil, 'processKey=temporary-assistance'))).to.not.include(civilTask.taskId);
    const other = row.timeliness === 'late' ? 'on_time' : 'late';
    expect(ids(await done(civil, `timeliness=${row.timeliness}`))).to.include(civilTask.taskId);
    expect(ids(await done(civil, `timeliness=${other}`))).to.not.include(civilTask.taskId);
    // and the case filters of the shared bar leave a matter's task out; 逾期办结 is the late ones
    expect(ids(await done(civil, `head=${encodeURIComponent('褚')}`))).to.not.include(civilTask.taskId);
    expect(ids(await done(civil, 'overdue=true')).includes(civilTask.taskId)).to.equal(row.timeliness === 'late');

    // and the coordinator finds the matter under 我发起的
    const mine = await coordinator.get(`/api/worklist/initiated?category=conference&q=${encodeURIComponent('已办列表范围')}`);
    expect(mine.status).to.equal(200);
    expect(mine.body.items.map((i: any) => i.id)).to.deep.equal([matterId]);
    expect(mine.body.items[0]).to.include({ kind: 'conference', number: raised.body.matterNo, closed: false, detail: '民政局、卫生健康局' });
  });

  it('我发起的 lists the cases a clerk registered, masked and filtered; other roles and bad filters are refused', async () => {
    const { clerk } = await actors();
    const c = await register(clerk, newApplication({ incomeYuan: 0, types: ['dibao'] }));
    const r = await clerk.get(`/api/worklist/initiated?q=${c.caseNo}`);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.total).to.equal(1);
    expect(r.body.items[0]).to.include({ kind: 'case', id: c.id, number: c.caseNo, title: '褚**', detail: '最低生活保障', closed: false });
    expect((await clerk.get(`/api/worklist/initiated?q=${c.caseNo}&status=closed`)).body.total).to.equal(0);
    expect((await clerk.get(`/api/worklist/initiated?q=${c.caseNo}&category=conference`)).body.total).to.equal(0);
    // another window's clerk did not register it
    const town = await loginAs('clerk_town');
    expect((await town.get(`/api/worklist/initiated?q=${c.caseNo}`)).body.total).to.equal(0);
    expect((await town.get(`/api/worklist/initiated?caseNo=${c.caseNo}`)).body.total).to.equal(0);

    // the filters 申请查询 has: number, 户主, village, kind, dates of registration (a case filter leaves the matters out)
    const only = async (query: string) => ((await clerk.get(`/api/worklist/initiated?${query}`)).body.items as any[]).map((i) => i.id);
    expect(await only(`caseNo=${c.caseNo.slice(-6)}`)).to.deep.equal([c.id]);
    expect(await only(`caseNo=${c.caseNo}&head=${encodeURIComponent('褚演')}&village=139901100201&kind=dibao&status=open`)).to.deep.equal([c.id]);
    expect(await only(`caseNo=${c.caseNo}&head=${encodeURIComponent('韩')}`)).to.deep.equal([]);
    expect(await only(`caseNo=${c.caseNo}&village=139901100202`)).to.deep.equal([]);
    expect(await only(`caseNo=${c.caseNo}&kind=medical`)).to.deep.equal([]);
    expect(await only(`caseNo=${c.caseNo}&to=2020-01-01`)).to.deep.equal([]);
    expect((await clerk.get(`/api/worklist/initiated?head=${encodeURIComponent('褚演')}&category=conference`)).body.total).to.equal(0);

    const bad = await clerk.get('/api/worklist/initiated?status=maybe');
    expect(bad.status).to.equal(400);
    expect(bad.body.code).to.equal('STATUS_INVALID');
    expect(bad.body.message).to.equal('状态只能是办理中或已办结');
    const badDone = await clerk.get('/api/worklist/done?timeliness=soon');
    expect(badDone.status).to.equal(400);
    expect(badDone.body.code).to.equal('TIMELINESS_INVALID');
    expect((await (await loginAs('handler_civil')).get('/api/worklist/initiated')).status).to.equal(403);
    expect((await (await loginAs('admin')).get('/api/worklist/done')).status).to.equal(403);
    expect((await new Browser().get('/api/worklist/done')).status).to.equal(401);
  });
});
