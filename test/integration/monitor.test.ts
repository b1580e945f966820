import { expect } from 'chai';
import { loginAs, waitFor } from '../support/http.js';
import { listen } from '../support/realtime.js';
import { actors, newApplication, register, taskOf } from '../support/application.js';

const KEY = 'social-assistance-application';
const runningAt = (counts: any, activityId: string) => counts.activities.find((a: any) => a.activityId === activityId)?.running ?? 0;

describe('流程监控 / 协调员看到各环节的在办数量实时变化', function () {
  this.timeout(60_000);

  it('a new case at 入户调查 raises that activity count on the coordinator socket, without reloading', async () => {
    const coordinator = await loginAs('coordinator');
    const { clerk, village } = await actors();
    const before = (await coordinator.get(`/api/monitor/${KEY}`)).body;
    expect(before.processKey).to.equal(KEY);
    const watch = await listen(coordinator, { lastAlertId: 0 });
    try {
      const c = await register(clerk, newApplication({ incomeYuan: 0, types: ['dibao'] }));
      await taskOf(village, c.id, 'Task_HomeVisit');
      const pushed = await waitFor(
        'pushed counts',
        async () =>
          watch.messages
            .filter((m) => m.type === 'monitor.counts' && m.data.processKey === KEY)
            .map((m) => m.data)
            .find((d) => runningAt(d, 'Task_HomeVisit') >= runningAt(before, 'Task_HomeVisit') + 1),
        15_000,
      );
      expect(pushed.total).to.be.greaterThan(before.total);
      const at = (await coordinator.get(`/api/monitor/${KEY}/activities/Task_HomeVisit`)).body.items as any[];
      expect(at.map((x) => x.caseId)).to.include(c.id);
    } finally {
      watch.close();
    }
  });

  it('only coordinators and leaders watch the monitor; unknown processes are 404', async () => {
    const handler = await loginAs('handler_civil');
    expect((await handler.get(`/api/monitor/${KEY}`)).status).to.equal(403);
    const leader = await loginAs('leader');
    expect((await leader.get('/api/monitor/no-such-process')).status).to.equal(404);
  });
});
