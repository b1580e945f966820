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
    const alert = await new AlertService(ds).urge(coordinator, { id: 'restart-drill-task', name: '重启演练', processInstanceId: 'none', assignee: null, businessKey: null, candidateGroups: ['unit:139901100202:village'] }, '服务重启期间的催办');
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
});
