import { expect } from 'chai';
import { monthlyTopUpFen, nextMonth } from '../../domain/services/payment.service.js';

describe('资金发放 / 月补差计算', () => {
  it('pays (standard − per-capita income) × household size', () => {
    // standard 600.00, household of 3 with 300.00 total income → per capita 100.00 → 500.00 × 3
    expect(monthlyTopUpFen(60_000, 30_000, 3)).to.deep.equal({ perCapitaFen: 10_000, amountFen: 150_000 });
  });

  it('never pays below zero when per-capita income reaches the standard', () => {
    expect(monthlyTopUpFen(60_000, 250_000, 4).amountFen).to.equal(0);
    expect(monthlyTopUpFen(60_000, 60_000, 1).amountFen).to.equal(0);
  });

  it('rounds per-capita income down to the fen', () => {
    expect(monthlyTopUpFen(60_000, 10_000, 3)).to.deep.equal({ perCapitaFen: 3_333, amountFen: (60_000 - 3_333) * 3 });
  });

  it('refuses an empty household', () => {
    expect(() => monthlyTopUpFen(60_000, 0, 0)).to.throw();
  });

  it('starts payment the month after approval in Beijing time', () => {
    expect(nextMonth(new Date('2026-12-31T17:00:00Z'))).to.equal('2027-02'); // already 1 January in Beijing
    expect(nextMonth(new Date('2026-12-31T15:00:00Z'))).to.equal('2027-01');
    expect(nextMonth(new Date('2026-06-15T00:00:00Z'))).to.equal('2026-07');
  });
});
