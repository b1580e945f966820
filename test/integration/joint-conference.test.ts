import { expect } from 'chai';
import { ConferenceEvent } from '../../domain/entities/conference-event.entity.js';
import { ConferenceMatter } from '../../domain/entities/conference-matter.entity.js';
import { Department } from '../../domain/entities/department.entity.js';
import { addCalendarDays, beijingDateOf, endOfBeijingDay } from '../../domain/time/beijing.js';
import { thePlatform } from '../support/global-fixture.js';
import { DeadlineService } from '../../domain/deadlines/deadline.service.js';
import { Browser, loginAs, waitFor } from '../support/http.js';

/** Every task in the user's inbox (all pages). */
async function inbox(b: Browser): Promise<any[]> {
  const all: any[] = [];
  for (let page = 1; ; page++) {
    const r = await b.get(`/api/tasks?page=${page}&pageSize=100`);
    expect(r.status).to.equal(200);
    all.push(...r.body.items);
    if (all.length >= r.body.total || r.body.items.length === 0) return all;
  }
}

/** The user's inbox tasks of one matter. */
async function matterTasks(b: Browser, matterId: string): Promise<any[]> {
  return (await inbox(b)).filter((t) => t.conference?.id === matterId);
}

/** Waits until the user's inbox holds exactly `n` tasks of the matter named `name`. */
async function waitForTasks(b: Browser, matterId: string, name: string, n = 1): Promise<any[]> {
  return waitFor(`${n} × ${name}`, async () => {
    const ts = (await matterTasks(b, matterId)).filter((t) => t.name === name);
    return ts.length === n ? ts : undefined;
  });
}

async function matter(b: Browser, id: string): Promise<any> {
  const r = await b.get(`/api/conferences/${id}`);
  expect(r.status, JSON.stringify(r.body)).to.equal(200);
  return r.body;
}

function complete(b: Browser, matterId: string, taskId: string, body: unknown) {
  return b.post(`/api/conferences/${matterId}/tasks/${taskId}/complete`, body);
}

const inDays = (n: number) => addCalendarDays(beijingDateOf(new Date()), n);

/** The engine's due date (…+0800) as an instant. */
const instant = (engineDate: string) => Date.parse(engineDate.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));

const MATTER = {
  title: '因病致贫家庭子女就学与住房安全联合帮扶',
  background: '和平村一户因病致贫家庭，户主长期住院，子女面临辍学，住房经鉴定为C级危房，需卫健、教育、住建部门协同施策。',
  departments: ['health', 'edu', 'housing'],
};

describe('联席会议 / 端到端（真实引擎）', () => {
  it('议题提出 → 召集人决定召集 → 三部门意见 → 会议纪要与两项议定事项 → 落实（含督办） → 通报', async () => {
    const coordinator = await loginAs('coordinator');
    const leader = await loginAs('leader');
    const health = await loginAs('handler_health');
    const edu = await loginAs('handler_edu');
    const eduHead = await loginAs('head_edu');
    const housing = await loginAs('handler_housing');
    const finance = await loginAs('handler_finance');

    // given the coordinator raises a matter concerning health, education and housing
    const raised = await coordinator.post('/api/conferences', MATTER);
    expect(raised.status, JSON.stringify(raised.body)).to.equal(201);
    expect(raised.body.matterNo).to.match(/^JC-\d{4}-\d{4}$/);
    const id = raised.body.id as string;

    // then the convenor finds the decision in his inbox, labelled with the matter
    const [decision] = await waitForTasks(leader, id, '召集人决定');
    expect(decision.conference).to.deep.equal({ id, matterNo: raised.body.matterNo, title: MATTER.title });
    expect(decision.case).to.equal(null);
    expect((await matter(coordinator, id)).statusName).to.equal('待召集人决定');

    // and nobody else can take the convenor's decision
    const notMine = await health.post(`/api/conferences/${id}/tasks/${decision.taskId}/complete`, { convene: true, opinion: '同意召集' });
    expect(notMine.status).to.equal(403);
    expect(notMine.body.code).to.equal('TASK_FORBIDDEN');

    // and the generic case form cannot complete a conference task
    const generic = await leader.post(`/api/tasks/${decision.taskId}/complete`, { approved: true, opinion: '同意' });
    expect(generic.status).to.equal(400);
    expect(generic.body.code).to.equal('CONFERENCE_TASK_FORM_REQUIRED');

    // when the convenor decides to convene
    const convened = await complete(leader, id, decision.taskId, { convene: true, opinion: '同意召集，请卫健、教育、住建部门提出意见' });
    expect(convened.status, JSON.stringify(convened.body)).to.equal(200);

    // then each department concerned sees exactly its own opinion task
    const opinionTasks: Record<string, any> = {};
    for (const [code, b] of [
      ['health', health],
      ['edu', edu],
      ['housing', housing],
    ] as const) {
      const [t] = await waitForTasks(b, id, '部门意见');
      opinionTasks[code] = t;
      const mine = (await matter(b, id)).myTasks;
      expect(mine.map((x: any) => x.department?.code)).to.deep.equal([code]);
      expect(mine[0].taskId).to.equal(t.taskId);
    }
    expect(new Set(Object.values(opinionTasks).map((t) => t.taskId)).size).to.equal(3);
    // the head of a department sees the department's task too
    expect((await matterTasks(eduHead, id)).map((t) => t.taskId)).to.deep.equal([opinionTasks.edu.taskId]);

    // and a department not concerned sees none, cannot act on one and cannot read the matter
    expect(await matterTasks(finance, id)).to.deep.equal([]);
    const foreign = await complete(finance, id, opinionTasks.health.taskId, { opinion: '财政局意见' });
    expect(foreign.status).to.equal(403);
    expect(foreign.body.code).to.equal('TASK_FORBIDDEN');
    const unreadable = await finance.get(`/api/conferences/${id}`);
    expect(unreadable.status).to.equal(403);
    expect(unreadable.body.code).to.equal('CONFERENCE_FORBIDDEN');
    expect((await finance.get('/api/conferences?pageSize=100')).body.items.map((m: any) => m.id)).to.not.include(id);
    expect((await health.get('/api/conferences?pageSize=100')).body.items.map((m: any) => m.id)).to.include(id);

    // nor can one concerned department answer for another
    const crossed = await complete(edu, id, opinionTasks.health.taskId, { opinion: '教育局代卫健局提意见' });
    expect(crossed.status).to.equal(403);

    // when each department gives its opinion
    expect((await complete(health, id, opinionTasks.health.taskId, { opinion: '将户主纳入医疗救助，落实一站式结算' })).status).to.equal(200);
    expect((await complete(edu, id, opinionTasks.edu.taskId, { opinion: '子女纳入教育资助，免除学杂费并发放生活补助' })).status).to.equal(200);
    let file = await matter(coordinator, id);
    expect(file.statusName).to.equal('征求部门意见');
    expect(file.opinions.filter((o: any) => o.opinion === null).map((o: any) => o.department.code)).to.deep.equal(['housing']);
    expect((await complete(housing, id, opinionTasks.housing.taskId, { opinion: '列入农村危房改造计划，年内完成加固' })).status).to.equal(200);

    // then the coordinator is asked for the minutes
    const [minutesTask] = await waitForTasks(coordinator, id, '会议纪要');
    file = await matter(coordinator, id);
    expect(file.statusName).to.equal('起草会议纪要');
    expect(file.opinions.map((o: any) => [o.department.name, o.opinion])).to.deep.equal([
      ['卫生健康局', '将户主纳入医疗救助，落实一站式结算'],
      ['教育局', '子女纳入教育资助，免除学杂费并发放生活补助'],
      ['住房和城乡建设局', '列入农村危房改造计划，年内完成加固'],
    ]);

    // an item for a department that did not take part is refused, and nothing changes
    const stray = await complete(coordinator, id, minutesTask.taskId, {
      minutes: '会议研究了该户的帮扶措施。',
      items: [{ content: '落实临时救助资金', department: 'finance', deadline: inDays(10) }],
    });
    expect(stray.status).to.equal(400);
    expect(stray.body.code).to.equal('ITEMS_DEPARTMENT_INVALID');
    expect(stray.body.message).to.equal('第 1 项议定事项的承办部门须为参会部门之一');
    expect((await waitForTasks(coordinator, id, '会议纪要'))[0].assignee).to.equal(null);

    // when the coordinator writes the minutes with two agreed items
    const healthDeadline = inDays(20);
    const eduDeadline = inDays(30);
    const minuted = await complete(coordinator, id, minutesTask.taskId, {
      minutes: '会议听取了卫健、教育、住建部门意见，议定由卫健局落实医疗救助、教育局落实教育资助，住房问题另行研究。',
      items: [
        { content: '为户主办理医疗救助并落实一站式结算', department: 'health', deadline: healthDeadline },
        { content: '为两名子女办理教育资助', department: 'edu', deadline: eduDeadline },
      ],
    });
    expect(minuted.status, JSON.stringify(minuted.body)).to.equal(200);

    // then each item is a task of its department, due at the end of its deadline day (Beijing time) — on the demo time
    // scale of the tests, after the working time left until then, scaled (16 s a working day)
    const [healthItem] = await waitForTasks(health, id, '议定事项落实');
    const [eduItem] = await waitForTasks(edu, id, '议定事项落实');
    expect(await waitForTasks(housing, id, '议定事项落实', 0)).to.deep.equal([]);
    const demo = new DeadlineService(thePlatform().ds, { demoSecondsPerWorkday: 16 });
    const scaled = async (deadline: string) => (await demo.instantsForDeadline('joint-conference', 'Task_ImplementItem', endOfBeijingDay(deadline))).dueAt.getTime();
    expect(Math.abs(instant(healthItem.due) - (await scaled(healthDeadline)))).to.be.below(5_000);
    expect(Math.abs(instant(eduItem.due) - (await scaled(eduDeadline)))).to.be.below(5_000);
    expect(instant(eduItem.due)).to.be.above(instant(healthItem.due));
    file = await matter(coordinator, id);
    expect(file.statusName).to.equal('议定事项落实中');
    expect(file.items.map((i: any) => [i.seq, i.department.code, i.deadline, i.statusName])).to.deep.equal([
      [1, 'health', healthDeadline, '落实中'],
      [2, 'edu', eduDeadline, '落实中'],
    ]);
    const [healthItemRow, eduItemRow] = file.items;
    expect((await matter(health, id)).myTasks.map((t: any) => t.item?.id)).to.deep.equal([healthItemRow.id]);

    // when health reports its item done, and the convenor supervises education's open item
    expect((await complete(health, id, healthItem.taskId, { note: '已纳入医疗救助对象，住院费用一站式结算' })).status).to.equal(200);
    const urged = await leader.post(`/api/conferences/${id}/items/${eduItemRow.id}/supervise`, { note: '请于本周内办结并报送落实情况' });
    expect(urged.status, JSON.stringify(urged.body)).to.equal(201);
    const doneAlready = await leader.post(`/api/conferences/${id}/items/${healthItemRow.id}/supervise`, { note: '请加快办理' });
    expect(doneAlready.status).to.equal(409);
    expect(doneAlready.body.code).to.equal('CONFERENCE_ITEM_DONE');
    const notAllowed = await health.post(`/api/conferences/${id}/items/${eduItemRow.id}/supervise`, { note: '请加快办理' });
    expect(notAllowed.status).to.equal(403);
    expect((await matter(coordinator, id)).items[1].supervisions).to.equal(1);
    expect((await complete(edu, id, eduItem.taskId, { note: '两名子女已纳入教育资助，学杂费已免除' })).status).to.equal(200);

    // then the report is written and the matter is closed
    file = await waitFor('matter closed', async () => {
      const f = await matter(coordinator, id);
      return f.status === 'closed' && f.processState === 'COMPLETED' ? f : undefined;
    });
    expect(file.outcome).to.equal('reported');
    expect(file.statusName).to.equal('已通报');
    expect(file.report).to.contain(`关于“${MATTER.title}”议题（${raised.body.matterNo}）办理情况的通报`);
    expect(file.report).to.contain('卫生健康局、教育局、住房和城乡建设局共 3 个部门提出了意见');
    expect(file.report).to.contain('会议形成议定事项 2 项，现已全部落实');
    expect(file.report).to.contain('为两名子女办理教育资助（承办部门：教育局');
    expect(file.report).to.contain('其中按期落实 2 项，逾期落实 0 项；办理过程中督办 1 次。');
    expect(file.items.map((i: any) => i.statusName)).to.deep.equal(['已落实', '已落实']);
    expect(file.items[0].completionNote).to.equal('已纳入医疗救助对象，住院费用一站式结算');
    expect(file.minutes.text).to.contain('议定由卫健局落实医疗救助');
    expect(file.decision).to.include({ convene: true, opinion: '同意召集，请卫健、教育、住建部门提出意见' });

    // and the timeline lists every step in order
    expect(file.timeline.map((e: any) => e.step)).to.deep.equal(['议题提出', '召集人决定', '发出会议通知', '部门意见', '部门意见', '部门意见', '会议纪要', '分派议定事项', '议定事项落实', '督办', '议定事项落实', '通报']);
    expect(file.timeline.filter((e: any) => e.step === '部门意见').map((e: any) => e.department)).to.deep.equal(['卫生健康局', '教育局', '住房和城乡建设局']);
    expect(file.timeline[1].opinion).to.equal('同意召集：同意召集，请卫健、教育、住建部门提出意见');
    expect(file.timeline[9]).to.include({ actor: '分管副县长', department: '教育局', itemId: eduItemRow.id });
    expect(file.timeline[9].opinion).to.contain('请于本周内办结并报送落实情况');

    // and the engine's history shows the instance completed along the convened path
    const hpi = await thePlatform().engine.historicProcessInstance(file.processInstanceId);
    expect(hpi.state).to.equal('COMPLETED');
    expect(hpi.businessKey).to.equal(raised.body.matterNo);
    const acts = file.history.map((h: any) => h.activityId);
    expect(acts).to.include.members(['Start_MatterRaised', 'Task_ConvenorDecision', 'Task_Convene', 'Task_DepartmentOpinion', 'Task_Minutes', 'Task_AssignItems', 'Task_ImplementItem', 'Task_Report', 'End_Reported']);
    expect(acts.filter((a: string) => a === 'Task_DepartmentOpinion')).to.have.length(3);
    expect(acts.filter((a: string) => a === 'Task_ImplementItem')).to.have.length(2);
    expect(acts).to.not.include('Task_Decline');
    expect(await thePlatform().engine.incidents(file.processInstanceId)).to.deep.equal([]);

    // and no task of the matter is left in anyone's inbox
    for (const b of [leader, coordinator, health, edu, housing]) expect(await matterTasks(b, id)).to.deep.equal([]);
  });

  it('召集人不予召集 → 议题以“不予召集”办结，并写明理由', async () => {
    const coordinator = await loginAs('coordinator');
    const leader = await loginAs('leader');
    const raised = await coordinator.post('/api/conferences', { ...MATTER, title: '低保边缘家庭认定标准调整', departments: ['civil', 'finance'] });
    expect(raised.status).to.equal(201);
    const id = raised.body.id as string;
    const [decision] = await waitForTasks(leader, id, '召集人决定');

    // when the convenor declines with a reason
    const r = await complete(leader, id, decision.taskId, { convene: false, opinion: '该事项属民政部门职责范围，由民政局牵头办理，不需召集联席会议' });
    expect(r.status).to.equal(200);

    // then the matter ends 不予召集 with the reason, and no department was asked
    const file = await waitFor('matter declined', async () => {
      const f = await matter(coordinator, id);
      return f.status === 'closed' && f.processState === 'COMPLETED' ? f : undefined;
    });
    expect(file.outcome).to.equal('declined');
    expect(file.statusName).to.equal('不予召集');
    expect(file.report).to.equal('经召集人研究，决定不予召集联席会议。理由：该事项属民政部门职责范围，由民政局牵头办理，不需召集联席会议');
    expect(file.timeline.map((e: any) => e.step)).to.deep.equal(['议题提出', '召集人决定', '告知不予召集']);
    expect(file.timeline[1].opinion).to.match(/^不予召集：/);
    expect(file.opinions.every((o: any) => o.opinion === null)).to.equal(true);
    expect(file.history.map((h: any) => h.activityId)).to.include.members(['Task_Decline', 'End_Declined']);
    expect(file.history.map((h: any) => h.activityId)).to.not.include('Task_DepartmentOpinion');
    expect(await matterTasks(await loginAs('handler_finance'), id)).to.deep.equal([]);
  });

  it('invalid bodies are refused with a code and a Chinese message, and change nothing', async () => {
    const coordinator = await loginAs('coordinator');
    const leader = await loginAs('leader');
    const { ds } = thePlatform();
    const matters = () => ds.getRepository(ConferenceMatter).count();

    // raising: every field is checked at the edge, departments and related case against the database
    const before = await matters();
    const cases: [unknown, string, RegExp][] = [
      [{ ...MATTER, departments: [] }, 'DEPARTMENTS_INVALID', /至少选择一个参会部门/],
      [{ ...MATTER, departments: ['health', 'health'] }, 'DEPARTMENTS_INVALID', /参会部门重复/],
      [{ ...MATTER, departments: ['health', 'nosuch'] }, 'DEPARTMENTS_INVALID', /参会部门不存在：nosuch/],
      [{ ...MATTER, departments: ['gov'] }, 'DEPARTMENTS_INVALID', /县人民政府/],
      [{ ...MATTER, title: '短' }, 'TITLE_INVALID', /议题名称至少 4 个字/],
      [{ ...MATTER, background: undefined }, 'BACKGROUND_INVALID', /议题背景必须填写/],
      [{ ...MATTER, relatedCaseId: 'SA-1' }, 'RELATED_CASE_ID_INVALID', /关联申请编号格式不正确/],
      [{ ...MATTER, relatedCaseId: '00000000-0000-4000-8000-000000000000' }, 'RELATED_CASE_ID_INVALID', /关联的救助申请不存在/],
      [{ ...MATTER, urgent: true }, 'BODY_INVALID', /未知字段：urgent/],
    ];
    for (const [body, code, message] of cases) {
      const r = await coordinator.post('/api/conferences', body);
      expect(r.status, code).to.equal(400);
      expect(r.body.code).to.equal(code);
      expect(r.body.message).to.match(message);
    }
    expect(await matters()).to.equal(before);

    // task forms: the convenor's decision must say whether to convene, with an opinion
    const raised = await coordinator.post('/api/conferences', MATTER);
    const id = raised.body.id as string;
    const [decision] = await waitForTasks(leader, id, '召集人决定');
    const events = () => ds.getRepository(ConferenceEvent).countBy({ matterId: id });
    const eventsBefore = await events();
    for (const [body, code] of [
      [{ opinion: '同意召集' }, 'CONVENE_INVALID'],
      [{ convene: 'yes', opinion: '同意召集' }, 'CONVENE_INVALID'],
      [{ convene: true, opinion: ' ' }, 'OPINION_INVALID'],
      [{ convene: true, opinion: '同意召集', minutes: 'x' }, 'BODY_INVALID'],
    ] as const) {
      const r = await complete(leader, id, decision.taskId, body);
      expect(r.status, code).to.equal(400);
      expect(r.body.code).to.equal(code);
      expect(r.body.message).to.match(/[\u4e00-\u9fa5]/u);
    }
    const still = await waitForTasks(leader, id, '召集人决定');
    expect(still[0].taskId).to.equal(decision.taskId);
    expect(still[0].assignee).to.equal(null);
    expect(await events()).to.equal(eventsBefore);
    expect((await matter(coordinator, id)).decision).to.equal(null);

    // a task of another matter, or an unknown matter, is not found
    const other = await complete(leader, '00000000-0000-4000-8000-000000000000', decision.taskId, { convene: true, opinion: '同意召集' });
    expect(other.status).to.equal(404);
    expect(other.body.code).to.equal('CONFERENCE_NOT_FOUND');

    // minutes: at least one item, each with a real deadline not in the past
    expect((await complete(leader, id, decision.taskId, { convene: true, opinion: '同意召集' })).status).to.equal(200);
    for (const [code, b] of [
      ['health', 'handler_health'],
      ['edu', 'handler_edu'],
      ['housing', 'handler_housing'],
    ] as const) {
      const u = await loginAs(b);
      const [t] = await waitForTasks(u, id, '部门意见');
      const empty = await complete(u, id, t.taskId, {});
      expect(empty.status).to.equal(400);
      expect(empty.body).to.deep.include({ code: 'OPINION_INVALID', message: '部门意见必须填写' });
      expect((await complete(u, id, t.taskId, { opinion: `${code} 同意` })).status).to.equal(200);
    }
    const [minutesTask] = await waitForTasks(coordinator, id, '会议纪要');
    const minutes = '会议研究了帮扶措施，形成以下议定事项。';
    for (const [body, code, message] of [
      [{ minutes, items: [] }, 'ITEMS_INVALID', '至少填写一项议定事项'],
      [{ minutes, items: [{ content: '办理医疗救助', department: 'health', deadline: '2026-02-30' }] }, 'ITEMS_DEADLINE_INVALID', '完成期限应为 YYYY-MM-DD 格式的日期'],
      [{ minutes, items: [{ content: '办理医疗救助', department: 'health', deadline: inDays(-1) }] }, 'ITEMS_DEADLINE_INVALID', '完成期限不能早于今天'],
      [{ minutes, items: [{ content: '办理医疗救助', deadline: inDays(5) }] }, 'ITEMS_DEPARTMENT_INVALID', '部门必须选择'],
      [{ items: [{ content: '办理医疗救助', department: 'health', deadline: inDays(5) }] }, 'MINUTES_INVALID', '会议纪要必须填写'],
    ] as const) {
      const r = await complete(coordinator, id, minutesTask.taskId, body);
      expect(r.status, code).to.equal(400);
      expect(r.body).to.deep.include({ code, message });
    }
    const file = await matter(coordinator, id);
    expect(file.statusName).to.equal('起草会议纪要');
    expect(file.minutes).to.equal(null);
    expect(file.items).to.deep.equal([]);
    expect((await waitForTasks(coordinator, id, '会议纪要'))[0].assignee).to.equal(null);

    // unknown matters and items are not found; a supervision needs a note
    const unknown = await coordinator.get('/api/conferences/not-a-matter');
    expect([unknown.status, unknown.body.code]).to.deep.equal([404, 'CONFERENCE_NOT_FOUND']);
    const noMatter = await coordinator.post('/api/conferences/not-a-matter/items/not-an-item/supervise', { note: '请加快办理' });
    expect([noMatter.status, noMatter.body.code]).to.deep.equal([404, 'CONFERENCE_NOT_FOUND']);
    const noItem = await coordinator.post(`/api/conferences/${id}/items/not-an-item/supervise`, { note: '请加快办理' });
    expect([noItem.status, noItem.body.code]).to.deep.equal([404, 'CONFERENCE_ITEM_NOT_FOUND']);
    const noNote = await coordinator.post(`/api/conferences/${id}/items/not-an-item/supervise`, {});
    expect(noNote.body).to.deep.include({ code: 'NOTE_INVALID', message: '督办意见必须填写' });
  });

  it('a disabled department (停用) is refused when a matter is raised and when the convenor would ask it for an opinion', async () => {
    const coordinator = await loginAs('coordinator');
    const leader = await loginAs('leader');
    const { ds } = thePlatform();
    const departments = ds.getRepository(Department);
    const matters = () => ds.getRepository(ConferenceMatter).count();
    // Switched off in the table directly: the admin page refuses while the department still has accounts,
    // but a department may be switched off between the raising of a matter and the convenor's decision.
    const setFinance = (active: boolean) => departments.update({ code: 'finance' }, { active });
    try {
      // raising with a disabled department: 400, nothing written
      await setFinance(false);
      const before = await matters();
      const r = await coordinator.post('/api/conferences', { ...MATTER, departments: ['civil', 'finance'] });
      expect(r.status).to.equal(400);
      expect(r.body).to.deep.include({ code: 'DEPARTMENT_DISABLED', message: '以下部门已停用，不能列为参会部门：财政局' });
      expect(await matters()).to.equal(before);

      // raised while active, switched off before the decision: convening is refused with 409 and nothing changes
      await setFinance(true);
      const raised = await coordinator.post('/api/conferences', { ...MATTER, title: '困难家庭取暖补贴资金保障', departments: ['civil', 'finance'] });
      expect(raised.status).to.equal(201);
      const id = raised.body.id as string;
      const [decision] = await waitForTasks(leader, id, '召集人决定');
      const events = () => ds.getRepository(ConferenceEvent).countBy({ matterId: id });
      const eventsBefore = await events();
      await setFinance(false);
      const refused = await complete(leader, id, decision.taskId, { convene: true, opinion: '同意召集' });
      expect(refused.status).to.equal(409);
      expect(refused.body.code).to.equal('DEPARTMENT_DISABLED');
      expect(refused.body.message).to.match(/^以下参会部门已停用，无法征求意见：财政局。/);
      const still = await waitForTasks(leader, id, '召集人决定');
      expect([still[0].taskId, still[0].assignee]).to.deep.equal([decision.taskId, null]);
      expect(await events()).to.equal(eventsBefore);
      expect((await matter(coordinator, id)).decision).to.equal(null);

      // declining is still possible: the matter can be closed and raised again without the department
      const declined = await complete(leader, id, decision.taskId, { convene: false, opinion: '财政局已停用，请调整参会部门后重新提出' });
      expect(declined.status).to.equal(200);
    } finally {
      await setFinance(true);
    }
  });

  it('only the joint-conference office raises matters; only it and the convenor supervise', async () => {
    const clerk = await loginAs('clerk');
    const r = await clerk.post('/api/conferences', MATTER);
    expect(r.status).to.equal(403);
    expect(r.body.code).to.equal('ROLE_FORBIDDEN');
    const handler = await loginAs('handler_civil');
    expect((await handler.post('/api/conferences', MATTER)).status).to.equal(403);
    expect((await clerk.get('/api/conferences')).status).to.equal(403);
    expect((await new Browser().get('/api/conferences')).status).to.equal(401);
  });
});
