import { expect } from 'chai';
import { User } from '../../domain/entities/user.entity.js';
import { AlertService } from '../../domain/services/alert.service.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, waitFor } from '../support/http.js';
import { listen, serverNode, type Listener } from '../support/realtime.js';

const copies = (l: Listener, id: number) => l.alerts().filter((a) => a.id === id).length;

describe('多节点 / 会话与实时通道跨服务节点（socket.io Postgres 适配器）', () => {
  it("a session opened on one node works on the others; an alert reaches a client on each node once; a logout on one node closes the session's sockets on the others", async function () {
    this.timeout(30_000);
    const { ds } = thePlatform();
    const [nodeA, nodeB] = [await serverNode(), await serverNode()];
    const sockets: Listener[] = [];
    try {
      // the session is opened on the platform's server and used on two other nodes
      const village = await loginAs('village_tuanjie');
      expect((await village.on(nodeA.url).get('/api/auth/me')).body.username).to.equal('village_tuanjie');
      expect((await village.on(nodeB.url).get('/api/auth/me')).body.username).to.equal('village_tuanjie');
      const [{ max }] = (await ds.query('SELECT coalesce(max(id), 0)::int AS max FROM alert')) as { max: number }[];
      const [onMain, onA, onB] = [await listen(village, { lastAlertId: max }), await listen(village, { lastAlertId: max }, nodeA.url), await listen(village, { lastAlertId: max }, nodeB.url)];
      sockets.push(onMain, onA, onB);

      // an alert stored and announced once (as a worker or any node does) reaches each connection once
      const coordinator = await ds.getRepository(User).findOneByOrFail({ username: 'coordinator' });
      const alert = await new AlertService(ds).urge(
        coordinator,
        { id: 'cluster-drill-task', name: '多节点演练', processInstanceId: 'none', assignee: null, businessKey: null, candidateGroups: ['unit:139901100202:village'] },
        '多节点推送演练',
      );
      const id = Number(alert.id);
      await waitFor('alert on every node', async () => [onMain, onA, onB].every((l) => copies(l, id) > 0), 5_000);
      await new Promise((r) => setTimeout(r, 500)); // a second copy would arrive by now
      expect([onMain, onA, onB].map((l) => copies(l, id))).to.deep.equal([1, 1, 1]);

      // logging out through node A closes the session's sockets on the platform's server and on node B
      const closed = [onMain, onB].map((l) => new Promise<string>((r) => l.socket.once('disconnect', (reason) => r(reason))));
      expect((await village.on(nodeA.url).post('/api/auth/logout')).status).to.equal(200);
      const reasons = await Promise.race([Promise.all(closed), new Promise<string[]>((r) => setTimeout(() => r(['still connected after 5 s']), 5_000))]);
      expect(reasons).to.deep.equal(['io server disconnect', 'io server disconnect']);
      expect((await village.on(nodeB.url).get('/api/auth/me')).status).to.equal(401);
    } finally {
      for (const s of sockets) s.close();
      await nodeA.close();
      await nodeB.close();
    }
  });
});
