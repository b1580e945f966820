import { expect } from 'chai';
import { loginAs, waitFor } from '../support/http.js';
import { newApplication, register, taskOf } from '../support/application.js';
import { thePlatform } from '../support/global-fixture.js';
import { expectConforms } from '../support/contract.js';
import { caseListPageSchema } from '../../contracts/lists.schema.js';

describe('申请查询 / 按受理编号、户主、村、类型、当前环节、逾期、登记日期筛选（服务端）', () => {
  it('given two households, the clerk finds each by number, 户主 name, kind, current step and 逾期, with 户主 and 当前环节 columns', async () => {
    const clerk = await loginAs('clerk');
    const a = newApplication({ incomeYuan: 200, types: ['dibao'] });
    a.household.headName = '蒋查询演示';
    a.household.members[0]!.name = '蒋查询演示';
    // 特困 (not 低保) so the kind filter tells them apart; both reach the home visit (a 医疗-only application takes the short path without one)
    const b = newApplication({ incomeYuan: 200, types: ['tekun'] });
    b.household.headName = '韩筛选样例';
    b.household.members[0]!.name = '韩筛选样例';
    const ca = await register(clerk, a);
    const cb = await register(clerk, b);
    // both wait at the village worker's home visit once classified
    const village = await loginAs('village_heping');
    await taskOf(village, ca.id, 'Task_HomeVisit');
    await taskOf(village, cb.id, 'Task_HomeVisit');

    const list = async (q: string) => {
      const r = await clerk.get(`/api/cases?${q}`);
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expectConforms(caseListPageSchema, r.body, 'GET /api/cases');
      return r.body as { total: number; items: any[]; steps: { key: string; name: string }[] };
    };
    // by 户主 name (part of it)
    const byHead = await list(`head=${encodeURIComponent('查询演')}`);
    expect(byHead.items.map((i) => i.caseNo)).to.deep.equal([ca.caseNo]);
    expect(byHead.items[0].headName).to.equal('蒋查询演示');
    expect(byHead.items[0].village).to.equal('和平村');
    expect(byHead.items[0].currentSteps).to.deep.equal(['入户调查']);
    // by number
    expect((await list(`caseNo=${cb.caseNo.slice(-6)}`)).items.map((i) => i.caseNo)).to.deep.equal([cb.caseNo]);
    // by kind, within the 户主 filter
    expect((await list(`head=${encodeURIComponent('韩筛选')}&kind=dibao`)).total).to.equal(0);
    expect((await list(`head=${encodeURIComponent('韩筛选')}&kind=tekun`)).total).to.equal(1);
    // by current step: the options name the steps in Chinese; another step finds neither
    const all = await list('step=Task_HomeVisit&pageSize=100');
    expect(all.steps.find((s) => s.key === 'Task_HomeVisit')?.name).to.equal('入户调查');
    expect(all.items.map((i) => i.caseNo)).to.include.members([ca.caseNo, cb.caseNo]);
    const approval = await list('step=Task_CountyApproval&pageSize=100');
    expect(approval.items.map((i) => i.caseNo)).not.to.include.members([ca.caseNo]);
    // 逾期: make a's home visit overdue in the engine, then only a is listed as overdue
    const t = await taskOf(village, ca.id, 'Task_HomeVisit');
    const engine = thePlatform().engine;
    const task = await engine.getTask(t.taskId);
    await (engine as unknown as { request: (m: string, p: string, b: unknown) => Promise<unknown> }).request('PUT', `/task/${t.taskId}`, {
      name: task.name,
      priority: task.priority,
      assignee: task.assignee,
      due: '2020-01-01T00:00:00.000+0000',
    });
    const late = await waitFor('overdue listed', async () => {
      const r = await list(`overdue=true&head=${encodeURIComponent('演示')}&pageSize=100`);
      return r.items.some((i) => i.caseNo === ca.caseNo) ? r : undefined;
    });
    expect(late.items.map((i) => i.caseNo)).not.to.include(cb.caseNo);
    expect(late.items.find((i) => i.caseNo === ca.caseNo).overdue).to.equal(true);
    // registration dates: today finds them, a day long past none
    expect((await list('from=2020-01-01&to=2020-01-02')).total).to.equal(0);

    // 待办 of the village worker: the same search, over the tasks of their inbox
    const inbox = async (q: string) => {
      const r = await village.get(`/api/tasks?${q}&pageSize=100`);
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      return r.body as { total: number; items: any[] };
    };
    const mine = await inbox(`head=${encodeURIComponent('查询演')}`);
    expect(mine.items.map((i) => i.case?.caseNo)).to.deep.equal([ca.caseNo]);
    expect(mine.total).to.equal(1);
    expect((await inbox(`caseNo=${cb.caseNo}`)).items.map((i) => i.case?.caseNo)).to.deep.equal([cb.caseNo]);
    const lateTasks = await inbox('overdue=true');
    expect(lateTasks.items.map((i) => i.case?.caseNo))
      .to.include(ca.caseNo)
      .and.not.include(cb.caseNo);
    expect((await inbox(`head=${encodeURIComponent('韩筛选')}&kind=dibao`)).total).to.equal(0);
    expect((await inbox('from=2020-01-01&to=2020-01-02')).total).to.equal(0);
    expect((await village.get('/api/tasks?status=open')).status, 'every 待办 is open: no status filter').to.equal(400);
  });

  it('a village worker searching by name sees only the households of their own village', async () => {
    const clerk = await loginAs('clerk');
    const a = newApplication({ incomeYuan: 200, types: ['dibao'] });
    a.household.villageCode = '139901100202'; // 团结村
    a.household.headName = '秦团结演示';
    a.household.members[0]!.name = '秦团结演示';
    await register(clerk, a);
    const heping = await loginAs('village_heping');
    const r = await heping.get(`/api/cases?head=${encodeURIComponent('秦团结')}`);
    expect(r.status).to.equal(200);
    expect(r.body.total).to.equal(0);
    const tuanjie = await loginAs('village_tuanjie');
    expect((await tuanjie.get(`/api/cases?head=${encodeURIComponent('秦团结')}`)).body.total).to.equal(1);
  });

  it('bad filters get 400 with a code and a Chinese message; an ID number is no search term', async () => {
    const clerk = await loginAs('clerk');
    for (const [q, code] of [
      ['head=139901197203040011', 'HEAD_INVALID'],
      ['head=%25', 'HEAD_INVALID'],
      ['kind=cash', 'KIND_INVALID'],
      ['step=Task_Nope', 'STEP_INVALID'],
      ['from=2026-02-30', 'FROM_INVALID'],
      ['overdue=yes', 'OVERDUE_INVALID'],
      ['idNumber=139901197203040011', 'BODY_INVALID'],
    ] as const) {
      const r = await clerk.get(`/api/cases?${q}`);
      expect(r.status, q).to.equal(400);
      expect(r.body.code, q).to.equal(code);
      expect(r.body.message, q).to.match(/[\u4e00-\u9fa5]/u);
    }
  });
});
