/**
 * 撤回申请 while the household's economic status is being verified: the five
 * parallel verification queries (人社, 住建, 市场监管, 公安, 银行) and the
 * referral branch complete around the withdrawal. The applicant's withdrawal
 * must still be taken (not answered "engine unavailable"), and the case ends
 * as withdrawn with its referrals.
 */
import { expect } from 'chai';
import { thePlatform } from '../support/global-fixture.js';
import { waitFor } from '../support/http.js';
import { actors, closedCase, newApplication, register } from '../support/application.js';

describe('撤回申请 / 家庭经济状况核对进行中', function () {
  this.timeout(180_000);

  it('核对的并行查询正在进行时撤回：撤回被受理，申请以“已撤回”办结，转介随之结束', async () => {
    const { clerk } = await actors();
    const engine = thePlatform().engine;
    // given households applying for 低保 and 教育救助 (a referral branch runs beside the verification), one after another
    const cases: { id: string; caseNo: string; processInstanceId: string }[] = [];
    const answers = [];
    for (const delayMs of [0, 100, 250, 400]) {
      const c = await register(clerk, newApplication({ incomeYuan: 0, types: ['dibao', 'education'], members: 2 }));
      cases.push(c);
      // when the window withdraws the application once its verification queries have begun, at a different moment of
      // them each time (from the queries' creation to their completions, the report and the referral's opening)
      await waitFor(`verification of ${c.caseNo}`, async () => (await engine.historicActivities(c.processInstanceId)).some((a) => a.activityId === 'Task_VerificationQuery'), 60_000, 25);
      await new Promise((r) => setTimeout(r, delayMs));
      answers.push(await clerk.post(`/api/cases/${c.id}/withdraw`, { reason: '申请人家庭情况好转，主动撤回' }));
    }
    // then every withdrawal is taken
    expect(
      answers.map((a) => [a.status, a.body.code ?? null]),
      JSON.stringify(answers.map((a) => a.body)),
    ).to.deep.equal(cases.map(() => [200, null]));
    // and every case closes as withdrawn, with no referral left pending
    for (const c of cases) {
      const file = await closedCase(clerk, c.id);
      expect(file.outcome).to.equal('withdrawn');
      expect(file.referrals.filter((r: any) => r.status === 'pending')).to.deep.equal([]);
    }
  });
});
