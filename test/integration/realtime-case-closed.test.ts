/**
 * 实时通道 / 办结推送: the case page hears `case.closed` when its process closes
 * the case (the web listened for this message long before the server sent it).
 * Only a user who may read the case can watch it.
 */
import { expect } from 'chai';
import { CASE_WATCH_EVENT, type CaseWatchAnswer } from '../../domain/realtime.js';
import { actors, closedCase, newApplication, register, settleCasesOfThisSuite, taskOf } from '../support/application.js';
import { loginAs, waitFor } from '../support/http.js';
import { listen, type Listener } from '../support/realtime.js';

function watch(l: Listener, caseId: unknown): Promise<CaseWatchAnswer> {
  return new Promise((resolve) => l.socket.emit(CASE_WATCH_EVENT, caseId, (a: CaseWatchAnswer) => resolve(a)));
}

describe('实时通道：申请办结推送给正在查看案卷的页面', () => {
  settleCasesOfThisSuite();
  const open: Listener[] = [];
  afterEach(() => {
    for (const l of open.splice(0)) l.close();
  });

  it('窗口人员查看案卷时收到“已办结”；无权查看该案卷的人关注不了，也收不到', async () => {
    const { clerk, village, health } = await actors();
    const c = await register(clerk, newApplication({ incomeYuan: 0, types: ['dibao'] }));
    // verification over (the village's home visit is open), so the withdrawal closes the case right away
    await taskOf(village, c.id, 'Task_HomeVisit');

    const page = await listen(clerk);
    const stranger = await listen(health);
    const idle = await listen(await loginAs('clerk'));
    open.push(page, stranger, idle);
    expect(await watch(page, c.id)).to.deep.equal({ ok: true });
    const refused = await watch(stranger, c.id);
    expect(refused.ok).to.equal(false);
    expect(refused).to.include({ code: 'CASE_NOT_FOUND' });
    expect((await watch(stranger, 'not-a-case-id')).ok).to.equal(false);

    const w = await clerk.post(`/api/cases/${c.id}/withdraw`, { reason: '申请人主动撤回' });
    expect(w.status, JSON.stringify(w.body)).to.equal(200);
    await closedCase(clerk, c.id);
    const msg = await waitFor('case.closed pushed', async () => page.messages.find((m) => m.type === 'case.closed'));
    expect(msg.data).to.deep.equal({ caseId: c.id, caseNo: c.caseNo, outcome: 'withdrawn' });
    // a little later, still nothing for the refused user or a connection that watches no case
    await new Promise((r) => setTimeout(r, 500));
    expect(stranger.messages.filter((m) => m.type === 'case.closed')).to.deep.equal([]);
    expect(idle.messages.filter((m) => m.type === 'case.closed')).to.deep.equal([]);
  });
});
