import { expect } from 'chai';
import { AccountabilityRecord, Alert } from '../../domain/entities/escalation.entity.js';
import { addCalendarDays, beijingDateOf } from '../../domain/time/beijing.js';
import { thePlatform } from '../support/global-fixture.js';
import { type Browser, loginAs, waitFor } from '../support/http.js';

/** The user's inbox task of a matter named `name` (waits for it). */
async function matterTask(b: Browser, matterId: string, name: string): Promise<any> {
  return waitFor(`${name} of ${matterId}`, async () => ((await b.get('/api/tasks?pageSize=100')).body.items as any[]).find((t) => t.conference?.id === matterId && t.name === name));
}

describe('联席会议 / 议定事项的办理时限：催办 → 黄牌 → 红牌（引擎定时器，演示时间尺度）', function () {
  this.timeout(150_000);

  it('逾期未落实的议定事项依次发出催办、黄牌、红牌并形成问责记录；按期的事项不受影响', async () => {
    const [coordinator, leader, health, edu] = await Promise.all(['coordinator', 'leader', 'handler_health', 'handler_edu'].map((u) => loginAs(u)));
    // given a matter convened with health and education
    const raised = await coordinator.post('/api/conferences', { title: '困难家庭就医就学联合帮扶（时限）', background: '一户因病致贫家庭需卫健、教育部门协同落实帮扶措施，测试议定事项的办理时限。', departments: ['health', 'edu'] });
    expect(raised.status, JSON.stringify(raised.body)).to.equal(201);
    const id = raised.body.id as string;
    const decision = await matterTask(leader, id, '召集人决定');
    expect((await leader.post(`/api/conferences/${id}/tasks/${decision.taskId}/complete`, { convene: true, opinion: '同意召集' })).status).to.equal(200);
    for (const b of [health, edu]) {
      const t = await matterTask(b, id, '部门意见');
      expect((await b.post(`/api/conferences/${id}/tasks/${t.taskId}/complete`, { opinion: '同意协同落实' })).status).to.equal(200);
    }
    // when the minutes agree an item for health due today and one for education due in a month
    const minutes = await matterTask(coordinator, id, '会议纪要');
    const today = beijingDateOf(new Date());
    const done = await coordinator.post(`/api/conferences/${id}/tasks/${minutes.taskId}/complete`, {
      minutes: '会议议定由卫健局当日落实医疗救助，教育局一个月内落实教育资助。',
      items: [
        { content: '当日为户主办理医疗救助', department: 'health', deadline: today },
        { content: '为子女办理教育资助', department: 'edu', deadline: addCalendarDays(today, 30) },
      ],
    });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    const healthItem = await matterTask(health, id, '议定事项落实');
    const eduItem = await matterTask(edu, id, '议定事项落实');

    // then health's item, left undone, raises the whole ladder in order on the demo time scale
    const ds = thePlatform().ds;
    const levelsOf = async (taskId: string) => (await ds.getRepository(Alert).find({ where: { taskId }, order: { createdAt: 'ASC' } })).map((a) => a.level);
    await waitFor('escalation of the overdue item', async () => (await levelsOf(healthItem.taskId)).includes('escalation'), 90_000, 1_000);
    expect(await levelsOf(healthItem.taskId)).to.deep.equal(['remind', 'warning', 'escalation']);
    // and the 红牌 opened an accountability record for the item
    const record = await ds.getRepository(AccountabilityRecord).findOneByOrFail({ taskId: healthItem.taskId });
    expect(record.taskName).to.equal('议定事项落实');
    // and education's item, due in a month, has raised nothing
    expect(await levelsOf(eduItem.taskId)).to.deep.equal([]);
    // and the head of health sees the 黄牌 in the alert centre
    const head = await loginAs('head_health');
    const alerts = (await head.get('/api/alerts?pageSize=100')).body.items as any[];
    expect(alerts.filter((a) => a.taskId === healthItem.taskId).map((a) => a.level)).to.include('warning');
  });
});
