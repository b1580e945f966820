import { expect } from 'chai';
import { TaskFactRow } from '../../domain/entities/task-fact.entity.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs } from '../support/http.js';

const KEY = 'social-assistance-application';
const HOUR = 3600_000;

describe('流程监控 / 热力：按环节的平均与 P90 等待时间', () => {
  it('given ten 入户调查 completed in January 2020 after 1 … 10 hours and one 民主评议 after 2 hours; then the period shows their average and p90, and a task outside it counts nowhere', async () => {
    const p = thePlatform();
    const base = Date.parse('2020-01-06T01:00:00Z');
    const fact = (i: number, taskKey: string, taskName: string, hours: number, at = base + i * 24 * HOUR) => ({
      taskId: `heat-${taskKey}-${i}-${at}`,
      processInstanceId: `heat-pi-${i}`,
      processKey: KEY,
      taskKey,
      taskName,
      candidateGroups: ['unit:139901100201:village'],
      assignee: null,
      createdAt: new Date(at),
      dueAt: null,
      completedAt: new Date(at + hours * HOUR),
      late: false,
    });
    const rows = [...Array.from({ length: 10 }, (_, i) => fact(i, 'Task_HomeVisit', '入户调查', i + 1)), fact(0, 'Task_DemocraticReview', '民主评议', 2), fact(0, 'Task_HomeVisit', '入户调查', 500, Date.parse('2020-03-01T00:00:00Z'))];
    await p.ds.getRepository(TaskFactRow).insert(rows);
    const coordinator = await loginAs('coordinator');
    const r = await coordinator.get(`/api/monitor/${KEY}/heat?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z`);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    const visit = r.body.activities.find((a: any) => a.activityId === 'Task_HomeVisit');
    // 1 … 10 hours: average 5.5 h; p90 by linear interpolation 9.1 h
    expect(visit).to.deep.equal({ activityId: 'Task_HomeVisit', name: '入户调查', completed: 10, avgMs: 5.5 * HOUR, p90Ms: 9.1 * HOUR });
    expect(r.body.activities.find((a: any) => a.activityId === 'Task_DemocraticReview')).to.include({ completed: 1, avgMs: 2 * HOUR, p90Ms: 2 * HOUR });

    // bad periods and other roles are refused
    expect((await coordinator.get(`/api/monitor/${KEY}/heat?from=2020-02-01&to=2020-01-01`)).body.code).to.equal('PERIOD_INVALID');
    expect((await coordinator.get(`/api/monitor/${KEY}/heat?from=yesterday`)).status).to.equal(400);
    expect((await coordinator.get('/api/monitor/no-such-process/heat')).status).to.equal(404);
    expect((await (await loginAs('clerk')).get(`/api/monitor/${KEY}/heat`)).status).to.equal(403);
    await p.ds.getRepository(TaskFactRow).delete(rows.map((x) => x.taskId));
  });
});
