import { expect } from 'chai';
import { PROCESS } from '../../domain/engine/contract.js';
import { Recipient } from '../../domain/entities/money.entity.js';
import { RecipientReview, ReviewRound } from '../../domain/entities/review.entity.js';
import { ReviewService } from '../../domain/services/review.service.js';
import { thePlatform } from '../support/global-fixture.js';
import { givenRecipient } from '../support/payroll.js';

/**
 * A province's round of 定期核查 starts its instances for longer than the
 * external-task lock of the daily `review.schedule` task, so the engine may
 * hand that task to a second worker while the first is still starting. Both
 * then resume the same round: each review must still get exactly one instance.
 */
describe('定期核查：同一轮核查同时被两个工作进程续启时，每户只启动一个核查流程', function () {
  this.timeout(180_000);
  // a month of its own, far from the months other files use
  const MONTH = '2031-07';
  const reviewNos: string[] = [];
  const recipientIds: string[] = [];

  after(async () => {
    const p = thePlatform();
    for (const no of reviewNos) await p.engine.deleteStartedInstances(no, 5).catch(() => undefined);
    await p.ds.query(`DELETE FROM recipient_review WHERE review_no = ANY($1::text[])`, [reviewNos]);
    await p.ds.query(`DELETE FROM review_round WHERE county_code = '139901' AND month = $1`, [MONTH]);
    if (recipientIds.length) await p.ds.getRepository(Recipient).update(recipientIds, { status: 'terminated' });
  });

  it('两个续启同时进行：每条核查记录恰好对应一个流程实例，轮次的已启动数等于选出数', async () => {
    const p = thePlatform();
    // given a round whose 24 reviews were selected (the write-ahead rows) but not started yet, as a crash leaves it
    const round = await p.ds.getRepository(ReviewRound).save(p.ds.getRepository(ReviewRound).create({ countyCode: '139901', month: MONTH, startedByName: '并发续启测试', selected: 24 }));
    for (let i = 0; i < 24; i++) {
      const { recipient } = await givenRecipient({ name: `褚并发${i}`, startMonth: '2026-01' });
      recipientIds.push(recipient.id);
      const reviewNo = `HC203107-CONC${String(i).padStart(3, '0')}`;
      reviewNos.push(reviewNo);
      await p.ds.getRepository(RecipientReview).insert({
        reviewNo,
        recipientId: recipient.id,
        householdId: recipient.householdId,
        countyCode: '139901',
        townshipCode: recipient.townshipCode,
        villageCode: recipient.villageCode,
        trigger: 'periodic',
        roundId: round.id,
        startedByName: '并发续启测试',
      });
    }

    // when two workers resume the round at the same time
    const [a, b] = await Promise.all([new ReviewService(p.ds, p.engine).startPending(round.id, true), new ReviewService(p.ds, p.engine).startPending(round.id, true)]);

    // then the 24 reviews were started once between them, and each has exactly one running instance
    expect(a + b).to.equal(24);
    for (const no of reviewNos) {
      const found = await p.engine.instancesByBusinessKey(no);
      expect(found.length, `instances of ${no}`).to.equal(1);
      expect(found[0]!.definitionId).to.contain(PROCESS.periodicReview);
    }
    const rows = await p.ds.getRepository(RecipientReview).findBy({ roundId: round.id });
    expect(rows.every((r) => r.processInstanceId)).to.equal(true);
    expect((await p.ds.getRepository(ReviewRound).findOneByOrFail({ id: round.id })).started).to.equal(24);
  });
});
