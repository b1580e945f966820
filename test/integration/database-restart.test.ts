import { expect } from 'chai';
import { In } from 'typeorm';
import { idNumberIndex } from '../../domain/crypto/pii.js';
import { AssistanceCase } from '../../domain/entities/assistance-case.entity.js';
import { TemporaryPayment } from '../../domain/entities/temporary.entity.js';
import { User } from '../../domain/entities/user.entity.js';
import { AlertService } from '../../domain/services/alert.service.js';
import { thePlatform } from '../support/global-fixture.js';
import { Browser, loginAs, waitFor } from '../support/http.js';
import { listen } from '../support/realtime.js';
import { bulkHousehold, mapLimit } from '../support/application.js';
import { engineGet } from '../support/fuzz.js';

const BIRTH = '19580808';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('数据库重启 / 服务答复 503，自行恢复，已提交的不丢', () => {
  it('PostgreSQL restarted while cases are being registered and paid: 503 with a Chinese message meanwhile, the server, engine, workers and alert listener recover by themselves, every committed case completes once', async function () {
    this.timeout(300_000);
    const p = thePlatform();
    const [clerk, township, tuanjie] = await Promise.all([loginAs('clerk'), loginAs('handler_township'), loginAs('village_tuanjie')]);
    const watcher = await listen(tuanjie, { lastAlertId: 2 ** 40 });
    // given a steady load of 先行救助 registrations (each pays first through the workers)
    const committed: { id: string; processInstanceId: string }[] = [];
    const refused: { status: number; code?: string; message?: string }[] = [];
    let n = 0;
    let loading = true;
    const load = Promise.all(
      [0, 1, 2].map(async () => {
        while (loading && n < 1000) {
          const r = await clerk.post('/api/cases/temporary', { household: bulkHousehold(BIRTH, n++), amountYuan: 500, emergency: true, reason: '家中突发火灾，基本生活暂时无法维持' });
          if (r.status === 201) committed.push(r.body);
          else refused.push({ status: r.status, code: r.body?.code, message: r.body?.message });
          if (r.status !== 201) await sleep(200);
        }
      }),
    );
    try {
      await waitFor('load running', async () => committed.length >= 5, 60_000);
      // when the database is stopped (fast shutdown: open connections are cut) and started again 4 s later
      await p.restartDatabase({
        whileDown: async () => {
          const t0 = Date.now();
          // then requests are answered 503 with a code and a Chinese message, and health says which part is down
          const list = await clerk.get('/api/cases');
          expect(list.status, JSON.stringify(list.body)).to.equal(503);
          expect(list.body).to.include({ code: 'DATABASE_UNAVAILABLE' });
          expect(list.body.message).to.match(/数据库暂不可用/);
          const login = await new Browser().post('/api/auth/login', { username: 'clerk', password: 'whatever-1234' });
          expect(login.status).to.equal(503);
          const health = await new Browser().get('/api/health');
          expect(health.status).to.equal(503);
          expect(health.body.database.ok).to.equal(false);
          await sleep(Math.max(0, 4_000 - (Date.now() - t0)));
        },
      });
      const atRestart = committed.length;
      // the load goes on after the restart and succeeds again without anyone restarting the server
      await waitFor('registrations succeed again', async () => committed.length >= atRestart + 5, 90_000, 300);
      loading = false;
      await load;
      await waitFor('health ok again', async () => (await new Browser().get('/api/health')).status === 200, 60_000, 500);
      expect(
        refused.filter((r) => r.status !== 503),
        'only 503 while the database was down',
      ).to.deep.equal([]);
      for (const r of refused) expect(r.code).to.be.oneOf(['DATABASE_UNAVAILABLE', 'ENGINE_UNAVAILABLE']);

      // and every case answered 201 is there, with its process, paid first exactly once
      const ids = committed.map((c) => c.id);
      const rows = await p.ds.getRepository(AssistanceCase).findBy({ id: In(ids) });
      expect(rows).to.have.length(committed.length);
      for (const c of rows) expect(c.processInstanceId, c.caseNo).to.be.a('string');
      await waitFor('every committed case paid first', async () => (await p.ds.getRepository(TemporaryPayment).countBy({ caseId: In(ids) })) === ids.length, 120_000, 500);
      // no half-registered case and no process without its case
      // (ID numbers are stored encrypted: the households of this test are found by the blind index of every number it sent)
      const hashes = Array.from({ length: n }, (_, i) => idNumberIndex(bulkHousehold(BIRTH, i).headIdNumber));
      const ours = await p.ds.getRepository(AssistanceCase).createQueryBuilder('c').innerJoin('household', 'h', 'h.id = c.household_id').where('h.head_id_hash IN (:...hashes)', { hashes }).getMany();
      expect(
        ours.filter((c) => !c.processInstanceId).map((c) => c.caseNo),
        'cases without a process',
      ).to.deep.equal([]);
      await waitFor(
        'every process at 后补材料',
        async () => {
          const t = await p.engine.queryTasks({ processInstanceIdIn: ours.map((c) => c.processInstanceId), taskDefinitionKey: 'Task_CompleteFile' }, 0, 1000);
          return t.length === ours.length;
        },
        120_000,
        500,
      );
      // (a registration that failed while the engine could not be reached removes its instance once it can)
      const orphans = async () => {
        const running = await engineGet<{ id: string; businessKey: string }[]>('/process-instance?processDefinitionKey=temporary-assistance');
        const withCase = new Set((await p.ds.getRepository(AssistanceCase).findBy({ processInstanceId: In(running.map((r) => r.id)) })).map((c) => c.processInstanceId));
        return running.filter((r) => !withCase.has(r.id)).map((r) => r.businessKey);
      };
      await waitFor('no process whose registration was rolled back', async () => (await orphans()).length === 0, 60_000, 1_000).catch(() => undefined);
      expect(await orphans(), 'processes whose registration was rolled back').to.deep.equal([]);

      // the alert listener is back: an alert raised now reaches the client that stayed connected, once
      const coordinator = await p.ds.getRepository(User).findOneByOrFail({ username: 'coordinator' });
      const alert = await new AlertService(p.ds).urge(
        coordinator,
        { id: 'db-restart-drill', name: '数据库重启演练', processInstanceId: 'none', assignee: null, businessKey: null, candidateGroups: ['unit:139901100202:village'] },
        '数据库恢复后的催办',
      );
      await waitFor('alert after the restart', async () => watcher.alerts().some((a) => a.id === Number(alert.id)), 10_000);
      await sleep(300);
      expect(watcher.alerts().filter((a) => a.id === Number(alert.id))).to.have.length(1);

      // finally the township completes every file and approves: every case closes, still paid once
      const tasks = await p.engine.queryTasks({ processInstanceIdIn: ours.map((c) => c.processInstanceId), taskDefinitionKey: 'Task_CompleteFile' }, 0, 1000);
      await mapLimit(tasks.length, 4, async (i) => {
        const r = await township.post(`/api/tasks/${tasks[i]!.id}/complete`, { opinion: '已补齐申请书和受灾情况说明' });
        expect(r.status, JSON.stringify(r.body)).to.equal(200);
      });
      const approvals = await waitFor(
        'approvals',
        async () => {
          const t = await p.engine.queryTasks({ processInstanceIdIn: ours.map((c) => c.processInstanceId), taskDefinitionKey: 'Task_TownshipApproval' }, 0, 1000);
          return t.length === ours.length ? t : undefined;
        },
        60_000,
        500,
      );
      await mapLimit(approvals.length, 4, async (i) => {
        const r = await township.post(`/api/tasks/${approvals[i]!.id}/complete`, { approved: true, opinion: '补办审批同意' });
        expect(r.status, JSON.stringify(r.body)).to.equal(200);
      });
      const all = ours.map((c) => c.id);
      await waitFor('every case closed', async () => (await p.ds.getRepository(AssistanceCase).countBy({ id: In(all), status: 'closed' })) === all.length, 120_000, 500);
      expect(await p.ds.getRepository(TemporaryPayment).countBy({ caseId: In(all) })).to.equal(all.length);
    } finally {
      loading = false;
      await load;
      watcher.close();
    }
  });
});
