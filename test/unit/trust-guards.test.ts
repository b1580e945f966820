import { expect } from 'chai';
import { AddressThrottle, isCommonPassword } from '../../domain/services/login-guard.js';
import { isDecisionStep } from '../../domain/services/separation-of-duties.service.js';
import { stripInvisible } from '../../server/middleware/input.middleware.js';
import { originAllowed } from '../../server/middleware/origin.middleware.js';

describe('登录与输入防护（单元）', () => {
  it('common passwords, the account name with digits and repeated patterns are refused; a good one passes', () => {
    for (const p of ['Password123', 'A123456789', 'qwerty123456', '1qaz2wsx3edc', 'abababababab', 'Civil2026001']) {
      expect(isCommonPassword(p, p === 'Civil2026001' ? 'handler_civil' : 'clerk'), p).to.equal(true);
    }
    expect(isCommonPassword('Xingfu2026Town', 'clerk_town')).to.equal(false);
  });

  it('an address is throttled after its failures, and only within the window', () => {
    const t = new AddressThrottle(3, 60_000);
    for (let i = 0; i < 3; i++) t.fail('198.51.100.1');
    expect(() => t.check('198.51.100.1'))
      .to.throw()
      .with.property('code', 'LOGIN_THROTTLED');
    expect(() => t.check('198.51.100.2')).to.not.throw();
    const expired = new AddressThrottle(1, -1);
    expired.fail('198.51.100.3');
    expect(() => expired.check('198.51.100.3')).to.not.throw();
  });

  it('zero-width and direction controls are removed from every string of a body, nested ones too', () => {
    const body = stripInvisible({ reason: '\u200b困难\u202e', list: ['a\ufeffb'], n: 3, nested: { name: '褚\u2066演示\u2069' } });
    expect(body).to.deep.equal({ reason: '困难', list: ['ab'], n: 3, nested: { name: '褚演示' } });
    // a body nested far deeper than any form is walked without overflowing the stack
    let deep: unknown = ['\u200bx'];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => stripInvisible(deep)).to.not.throw();
  });

  it('an Origin of another host is refused; none, or the same host on any port, passes', () => {
    expect(originAllowed(undefined, '127.0.0.1:3000')).to.equal(true);
    expect(originAllowed('http://127.0.0.1:3000', '127.0.0.1:3000')).to.equal(true);
    expect(originAllowed('https://doudi.example.gov.cn:8443', 'doudi.example.gov.cn')).to.equal(true);
    expect(originAllowed('https://evil.example', 'doudi.example.gov.cn')).to.equal(false);
    expect(originAllowed('null', '127.0.0.1:3000')).to.equal(false);
    expect(originAllowed('not a url', '127.0.0.1:3000')).to.equal(false);
  });

  it('decision steps are the approvals and reviews of every model', () => {
    for (const k of ['Task_CountyApproval', 'Task_TownshipApproval', 'Task_CountyTemporaryApproval', 'Task_DemocraticReview', 'Task_ReviewObjection']) expect(isDecisionStep(k), k).to.equal(true);
    for (const k of ['Task_HomeVisit', 'Task_SupplementDocuments', 'Task_CompleteFile', 'Task_Referral']) expect(isDecisionStep(k), k).to.equal(false);
  });
});
