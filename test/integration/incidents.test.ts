import { expect } from 'chai';
import { thePlatform } from '../support/global-fixture.js';
import { seedSecondCounty } from '../support/second-county.js';
import { type Browser, loginAs, waitFor } from '../support/http.js';
import { newApplication, register, taskOf } from '../support/application.js';
import { failingWorker } from '../support/faults.js';

/** The second county's admin (admins may only create accounts in their own county). */
async function otherCountyAdmin(_admin: Browser): Promise<Browser> {
  await seedSecondCounty();
  return loginAs('admin_c2');
}

describe('流程故障 / 自动环节失败后由系统管理员重试', () => {
  it('given the 案件分类 step fails until it is an incident; then the admin sees it with the case number and an alert, the monitor counts it, others are refused; when retried, the case goes on', async function () {
    this.timeout(180_000);
    const p = thePlatform();
    const [admin, clerk, coordinator, village] = await Promise.all(['admin', 'clerk', 'coordinator', 'village_heping'].map((u) => loginAs(u)));
    // given a worker whose 案件分类 (case.classify) step always fails, with one attempt, replaces the regular one
    const worker = await failingWorker('case.classify');
    try {
      const reg = await register(clerk, newApplication({ incomeYuan: 0, types: ['dibao'], members: 2 }));

      // then the admins' list shows the incident with its case, step and error in Chinese
      const incident = await waitFor(
        'incident listed',
        async () => {
          const r = await admin.get('/api/incidents');
          expect(r.status, JSON.stringify(r.body)).to.equal(200);
          return (r.body.items as any[]).find((i) => i.caseNo === reg.caseNo);
        },
        60_000,
        300,
      );
      expect(incident).to.include({ caseId: reg.id, processKey: 'social-assistance-application', processName: '社会救助一门受理', type: 'failedExternalTask', typeName: '外部任务失败' });
      expect(incident.activityName).to.match(/[\u4e00-\u9fa5]/u);
      expect(incident.message).to.equal('故障注入：case.classify 处理失败');

      // and the admin is alerted once, naming the case
      const alert = await waitFor(
        'incident alert',
        async () => {
          const r = await admin.get('/api/alerts?pageSize=50');
          return (r.body.items as any[]).find((a) => a.level === 'incident' && a.businessKey === reg.caseNo);
        },
        30_000,
        300,
      );
      expect(alert.levelName).to.equal('流程故障');
      expect(alert.message).to.contain(reg.caseNo).and.contain(incident.activityName);

      // and the coordinators' monitor counts the incident at its step
      const counts = await coordinator.get('/api/monitor/social-assistance-application');
      const at = (counts.body.activities as any[]).find((a) => a.activityId === incident.activityId);
      expect(at?.incidents, JSON.stringify(counts.body.activities)).to.be.at.least(1);

      // and nobody else reads or retries it: not a clerk, not a coordinator, not the admin of another county
      for (const b of [clerk, coordinator]) {
        expect((await b.get('/api/incidents')).status).to.equal(403);
        expect((await b.post('/api/incidents/retry', { ids: [incident.id] })).status).to.equal(403);
      }
      const other = await otherCountyAdmin(admin);
      const otherList = await other.get('/api/incidents');
      expect(otherList.status).to.equal(200);
      expect((otherList.body.items as any[]).map((i) => i.id)).to.not.include(incident.id);
      const otherRetry = await other.post('/api/incidents/retry', { ids: [incident.id] });
      expect(otherRetry.status).to.equal(404);
      expect(otherRetry.body.code).to.equal('INCIDENT_NOT_FOUND');

      // and bad requests change nothing
      for (const [body, status, code] of [
        [{ ids: [] }, 400, 'IDS_INVALID'],
        [{ ids: ['no such id!'] }, 400, 'IDS_INVALID'],
        [{ ids: ['00000000-0000-0000-0000-000000000000'] }, 404, 'INCIDENT_NOT_FOUND'],
        [{ ids: [incident.id], extra: 1 }, 400, 'BODY_INVALID'],
      ] as const) {
        const r = await admin.post('/api/incidents/retry', body);
        expect(r.status, JSON.stringify(r.body)).to.equal(status);
        if (code) expect(r.body.code).to.equal(code);
        expect(r.body.message).to.match(/[\u4e00-\u9fa5]/u);
      }
      expect((await p.engine.incidents(reg.processInstanceId)).map((i) => i.id)).to.deep.equal([incident.id]);

      // when the cause is removed (the regular worker is back) and the admin retries it
      await worker.restore();
      const retried = await admin.post('/api/incidents/retry', { ids: [incident.id] });
      expect(retried.status, JSON.stringify(retried.body)).to.equal(200);
      expect(retried.body.retried).to.deep.equal([{ id: incident.id, caseNo: reg.caseNo, activityName: incident.activityName }]);

      // then the case continues to the village's 入户调查, and the incident is gone
      await taskOf(village, reg.id, 'Task_HomeVisit', 60_000);
      expect(await p.engine.incidents(reg.processInstanceId)).to.deep.equal([]);
      expect(((await admin.get('/api/incidents')).body.items as any[]).map((i) => i.id)).to.not.include(incident.id);
    } finally {
      await worker.restore();
    }
  });
});
