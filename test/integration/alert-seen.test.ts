import { expect } from 'chai';
import { User } from '../../domain/entities/user.entity.js';
import { AlertService } from '../../domain/services/alert.service.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, waitFor } from '../support/http.js';
import { listen, type Listener } from '../support/realtime.js';

/** The alert ids a listener has received. */
const ids = (l: Listener) => l.alerts().map((a) => a.id as number);

describe('预警 / 弹窗提示每人只出现一次（跨设备、跨登录）', () => {
  it('given a toast shown on one phone, when the worker logs in on another device, then it is not shown again (still unread in 预警中心); one never confirmed is shown once; a client cannot claim alerts it was never sent', async function () {
    this.timeout(30_000);
    const { ds } = thePlatform();
    const coordinator = await ds.getRepository(User).findOneByOrFail({ username: 'coordinator' });
    const service = new AlertService(ds);
    const task = { id: 'seen-drill-task', name: '提示一次演练', processInstanceId: 'none', assignee: null, businessKey: null, candidateGroups: ['unit:139901100202:village'] };
    const urge = async (text: string) => Number((await service.urge(coordinator, task, text)).id);
    const seenUpTo = async () => Number((await ds.query(`SELECT up_to FROM alert_seen WHERE user_id = (SELECT id FROM app_user WHERE username = 'village_tuanjie')`))[0]?.up_to ?? 0);
    const opened: Listener[] = [];
    // a browser as after a fresh login: nothing in its storage, so no lastAlertId
    const device = async () => {
      const l = await listen(await loginAs('village_tuanjie'));
      opened.push(l);
      return l;
    };
    try {
      // given the worker's phone is online and shows a 催办 toast, which the web client confirms
      const phone = await device();
      const first = await urge('请尽快签收（第一次）');
      await waitFor('shown on the phone', async () => ids(phone).includes(first), 10_000);
      phone.socket.emit('alert.seen', first);
      await waitFor('remembered on the server', async () => (await seenUpTo()) >= first, 5_000);
      phone.close();

      // when the worker logs in on the office computer (a new login, nothing stored in that browser)
      const desk = await device();
      const second = await urge('请尽快签收（第二次）');
      // the live alert comes after any replay: by then the replay is complete
      await waitFor('second shown on the desk', async () => ids(desk).includes(second), 10_000);
      // then the first toast is not shown again ...
      expect(ids(desk)).to.not.include(first);
      // ... while the 预警中心 still lists it as unread until it is acknowledged
      const centre = (await (await loginAs('village_tuanjie')).get('/api/alerts?pageSize=100')).body.items as any[];
      expect(centre.find((a) => a.id === first)?.acknowledged).to.equal(false);
      // the desk never confirms the second one (say its page closed at once)
      desk.close();

      // and a third alert raised while nobody is online: the next login shows the unconfirmed second and the third, once each
      const third = await urge('请尽快签收（第三次）');
      const laptop = await device();
      await waitFor('replayed', async () => ids(laptop).includes(second) && ids(laptop).includes(third), 10_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(ids(laptop).filter((id) => id === second || id === third)).to.have.length(2);
      expect(ids(laptop)).to.not.include(first);

      // a client claiming an id it was never sent moves the mark only to what it was sent
      laptop.socket.emit('alert.seen', 2 ** 40);
      await waitFor('clamped', async () => (await seenUpTo()) >= third, 5_000);
      expect(await seenUpTo())
        .to.be.at.least(third)
        .and.below(2 ** 40);
      laptop.close();
      const fourth = await urge('请尽快签收（第四次）');
      const again = await device();
      await waitFor('the fourth is still shown', async () => ids(again).includes(fourth), 10_000);
    } finally {
      for (const l of opened) l.close();
    }
  });
});
