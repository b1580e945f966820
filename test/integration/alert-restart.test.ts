import { expect } from 'chai';
import { io } from 'socket.io-client';
import { User } from '../../domain/entities/user.entity.js';
import { AlertService } from '../../domain/services/alert.service.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, waitFor } from '../support/http.js';
import { serverNode } from '../support/realtime.js';

describe('预警 / 服务端重启不丢预警', () => {
  it('an alert raised while the server is down reaches the client after it reconnects to the restarted server, once', async function () {
    this.timeout(30_000);
    const village = await loginAs('village_tuanjie');
    const cookie = village.sessionCookie;
    const received: any[] = [];
    const connect = (url: string, lastAlertId: number) => {
      const s = io(url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { Cookie: cookie }, auth: { lastAlertId }, reconnection: false });
      s.on('message', (m) => m.type === 'alert.raised' && received.push(m.data));
      return new Promise<typeof s>((resolve, reject) => {
        s.once('connect', () => resolve(s));
        s.once('connect_error', reject);
      });
    };
    // given a client connected to a server node
    const first = await serverNode();
    const s1 = await connect(first.url, 0);
    await new Promise((r) => setTimeout(r, 300));
    const lastSeen = Math.max(0, ...received.map((a) => a.id));
    // when that node goes down and an alert is raised meanwhile (the row is stored first)
    s1.close();
    await first.realtime.close();
    const { ds } = thePlatform();
    const coordinator = await ds.getRepository(User).findOneByOrFail({ username: 'coordinator' });
    const alert = await new AlertService(ds).urge(
      coordinator,
      { id: 'restart-drill-task', name: '重启演练', processInstanceId: 'none', assignee: null, businessKey: null, candidateGroups: ['unit:139901100202:village'] },
      '服务重启期间的催办',
    );
    // then the client reconnecting to the restarted node with the last id it saw receives it, once
    const second = await serverNode();
    const s2 = await connect(second.url, lastSeen);
    try {
      await waitFor('missed alert', async () => received.some((a) => a.id === Number(alert.id)), 5_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(received.filter((a) => a.id === Number(alert.id))).to.have.length(1);
      expect(received.find((a) => a.id === Number(alert.id)).replayed).to.equal(true);
    } finally {
      s2.close();
      await second.realtime.close();
    }
  });

  it('a client whose connection drops reconnects by itself and receives every alert raised before, during and after the drop exactly once', async function () {
    this.timeout(40_000);
    const { ds, url } = thePlatform();
    const village = await loginAs('village_tuanjie');
    const coordinator = await ds.getRepository(User).findOneByOrFail({ username: 'coordinator' });
    const service = new AlertService(ds);
    const task = { id: 'drop-drill-task', name: '断线演练', processInstanceId: 'none', assignee: null, businessKey: null, candidateGroups: ['unit:139901100202:village'] };
    const received: any[] = [];
    let lastSeen = Math.max(0, ...((await village.get('/api/alerts?pageSize=100')).body.items as any[]).map((a) => a.id));
    // given a client as the web app makes it: automatic reconnection, sending the last id seen on every (re)connection
    const s = io(url, {
      path: '/socket.io',
      transports: ['websocket'],
      extraHeaders: { Cookie: village.sessionCookie },
      reconnectionDelay: 300,
      reconnectionDelayMax: 600,
      auth: (cb) => cb({ lastAlertId: lastSeen }),
    });
    s.on('message', (m) => {
      if (m.type !== 'alert.raised') return;
      received.push(m.data);
      lastSeen = Math.max(lastSeen, m.data.id);
    });
    let connects = 0;
    s.on('connect', () => connects++);
    const raised: number[] = [];
    let raising = true;
    // alerts raised one after another all the time, so some land exactly while the client reconnects and replays
    const raiser = (async () => {
      for (let i = 0; raising; i++) {
        raised.push(Number((await service.urge(coordinator, task, `断线演练第 ${i + 1} 次催办`)).id));
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    try {
      await waitFor('connected', async () => connects === 1, 5_000);
      await waitFor('alerts before the drop', async () => received.length >= 5, 10_000);
      // when the connection drops (the transport closes under the client, as on a network loss)
      const beforeDrop = lastSeen;
      s.io.engine.close();
      await waitFor('reconnected', async () => connects >= 2, 10_000);
      await waitFor('live alerts after the reconnection', async () => received.filter((a) => a.id > beforeDrop && !a.replayed).length >= 5, 10_000);
      raising = false;
      await raiser;
      // then every alert raised reached the client, exactly once, in order
      await waitFor('every alert', async () => raised.every((id) => received.some((a) => a.id === id)), 10_000);
      await new Promise((r) => setTimeout(r, 300));
      const ids = received.map((a) => a.id).filter((id) => raised.includes(id));
      expect(ids).to.deep.equal(raised);
      expect(
        received.some((a) => a.replayed),
        'alerts raised while the client was away are replayed',
      ).to.equal(true);
    } finally {
      raising = false;
      await raiser;
      s.close();
    }
  });
});
