/**
 * 就个案提请联席会议: the joint-conference office raises a matter from a case
 * page; the matter shows the case and the case file shows the matter with its
 * outcome. Only the office raises matters.
 */
import { expect } from 'chai';
import { loginAs, waitFor } from '../support/http.js';
import { matterTask } from '../support/conference.js';
import { actors, newApplication, register, settleCases } from '../support/application.js';
import { seedSecondCounty } from '../support/second-county.js';

const MATTER = {
  title: '因病致贫家庭医疗与住房联合帮扶',
  background: '该户户主长期住院，医疗费用负担重，住房经鉴定为C级危房，需卫健、住建部门协同施策。',
  departments: ['health', 'housing'],
};

describe('联席会议 / 就个案提请联席会议', function () {
  this.timeout(120_000);
  const opened: string[] = [];
  after(async () => settleCases(opened));

  it('协调员从案卷提请议题：议题显示关联申请，案卷显示议题和办理结果（不予召集及理由）', async () => {
    const { clerk, civil } = await actors();
    const coordinator = (await loginAs('coordinator'))!;
    const leader = (await loginAs('leader'))!;
    // given a 低保 application being handled
    const c = await register(clerk, newApplication({ incomeYuan: 0, types: ['dibao'] }));
    opened.push(c.id);
    // when the joint-conference office raises a matter about it
    const raised = await coordinator.post('/api/conferences', { ...MATTER, relatedCaseId: c.id });
    expect(raised.status, JSON.stringify(raised.body)).to.equal(201);
    // then the matter shows the case
    const matter = (await coordinator.get(`/api/conferences/${raised.body.id}`)).body;
    expect(matter.relatedCase).to.deep.equal({ id: c.id, caseNo: c.caseNo });
    // and the case file shows the matter, still open, and the raising in its timeline
    const file = (await clerk.get(`/api/cases/${c.id}`)).body;
    expect(file.conferences.map((m: any) => [m.matterNo, m.title, m.statusName, m.report])).to.deep.equal([[raised.body.matterNo, MATTER.title, '待召集人决定', null]]);
    expect(file.timeline.map((e: any) => [e.step, e.actor, e.opinion])).to.deep.include(['提请联席会议', '联席会议办公室', `议题 ${raised.body.matterNo}：${MATTER.title}`]);
    // a window clerk (not a department of the matter) reads the line but cannot open the matter; the office can
    expect(file.conferences[0].readable).to.equal(false);
    expect((await coordinator.get(`/api/cases/${c.id}`)).body.conferences[0].readable).to.equal(true);
    // 民政 (the lead department once the case is classified) reads the case, not the matter of 卫健 and 住建
    const civilFile = await waitFor('civil reads the case', async () => {
      const r = await civil.get(`/api/cases/${c.id}`);
      return r.status === 200 ? r.body : undefined;
    });
    expect(civilFile.conferences[0].readable).to.equal(false);

    // when the convenor decides not to convene
    const decision = await matterTask(leader, raised.body.id, '召集人决定');
    const r = await leader.post(`/api/conferences/${raised.body.id}/tasks/${decision.taskId}/complete`, { convene: false, opinion: '由卫健、住建部门按职责直接办理，不需召集联席会议' });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    // then the case file shows the outcome and its reason
    const closed = await waitFor('matter outcome on the case', async () => {
      const f = (await clerk.get(`/api/cases/${c.id}`)).body;
      // (the file reads its timeline and its matters one after the other: wait for both)
      return f.conferences[0].status === 'closed' && f.timeline.some((e: any) => e.step === '联席会议议题办结') ? f : undefined;
    });
    expect(closed.conferences[0].statusName).to.equal('不予召集');
    expect(closed.conferences[0].report).to.equal('经召集人研究，决定不予召集联席会议。理由：由卫健、住建部门按职责直接办理，不需召集联席会议');
    expect(closed.timeline.find((e: any) => e.step === '联席会议议题办结').opinion).to.match(/^议题 JC-\d{4}-\d{4}不予召集：经召集人研究/);
  });

  it('只有联席会议办公室可以提请：窗口、部门经办人、分管领导、村级专干被拒绝；不存在的申请和其他县的申请不能关联', async () => {
    const { clerk } = await actors();
    const c = await register(clerk, newApplication({ incomeYuan: 0, types: ['dibao'] }));
    opened.push(c.id);
    for (const u of ['clerk', 'handler_civil', 'head_civil', 'leader', 'village_heping']) {
      const b = (await loginAs(u))!;
      const r = await b.post('/api/conferences', { ...MATTER, relatedCaseId: c.id });
      expect([r.status, r.body.code], u).to.deep.equal([403, 'ROLE_FORBIDDEN']);
    }
    const coordinator = (await loginAs('coordinator'))!;
    const missing = await coordinator.post('/api/conferences', { ...MATTER, relatedCaseId: '00000000-0000-4000-8000-000000000000' });
    expect([missing.status, missing.body.code]).to.deep.equal([400, 'RELATED_CASE_ID_INVALID']);
    // the office of another county cannot relate a matter to this county's case (nor learn that it exists)
    await seedSecondCounty();
    const other = (await loginAs('coordinator_c2'))!;
    const foreign = await other.post('/api/conferences', { ...MATTER, departments: ['health'], relatedCaseId: c.id });
    expect([foreign.status, foreign.body.code]).to.deep.equal([400, 'RELATED_CASE_ID_INVALID']);
    // nothing was raised about the case
    expect((await clerk.get(`/api/cases/${c.id}`)).body.conferences).to.deep.equal([]);
  });
});
