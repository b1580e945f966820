import { expect } from 'chai';
import { nextRetry } from '../../workers/runner.js';

describe('工作进程 / 失败重试', () => {
  it('decreases retries and doubles the backoff until an incident', () => {
    expect(nextRetry(null, 3, 1000)).to.deep.equal({ retries: 2, retryTimeout: 1000 });
    expect(nextRetry(2, 3, 1000)).to.deep.equal({ retries: 1, retryTimeout: 2000 });
    expect(nextRetry(1, 3, 1000)).to.deep.equal({ retries: 0, retryTimeout: 4000 });
  });
});
