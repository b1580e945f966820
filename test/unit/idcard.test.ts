import { expect } from 'chai';
import { idCheckChar, isValidIdNumber, makeIdNumber, maskIdNumber, maskName } from '../../domain/idcard.js';

describe('身份证号校验 (GB 11643)', () => {
  it('computes the published check character of the standard example', () => {
    // The example number from GB 11643-1999, appendix: 11010519491231002X
    expect(idCheckChar('11010519491231002')).to.equal('X');
    expect(isValidIdNumber('11010519491231002X')).to.equal(true);
  });

  it('rejects a wrong check character, an impossible date, a future date and bad shapes', () => {
    expect(isValidIdNumber('110105194912310021')).to.equal(false);
    expect(isValidIdNumber(makeIdNumber('139901', '19990230', '001'))).to.equal(false); // 30 February
    expect(isValidIdNumber(makeIdNumber('139901', '20991231', '001'))).to.equal(false); // born in the future
    expect(isValidIdNumber('13990119800101001')).to.equal(false);
    expect(isValidIdNumber('1399011980010100x')).to.equal(false);
  });

  it('generates synthetic numbers that pass the checksum', () => {
    for (let i = 1; i < 50; i++) expect(isValidIdNumber(makeIdNumber('139901', '19800101', String(i).padStart(3, '0')))).to.equal(true);
  });

  it('masks numbers and names for display', () => {
    expect(maskIdNumber('13010219800101123X')).to.equal('130102********123X');
    expect(maskName('王演示')).to.equal('王**');
    expect(maskName('王')).to.equal('王');
  });
});
