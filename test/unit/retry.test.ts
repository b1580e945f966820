import { expect } from 'chai';
import { EngineError, retryOnOptimisticLock } from '../../domain/engine/engine-client.js';
import { nextRetry } from '../../workers/runner.js';

describe('工作进程 / 失败重试', () => {
  it('decreases retries and doubles the backoff until an incident', () => {
    expect(nextRetry(null, 3, 1000)).to.deep.equal({ retries: 2, retryTimeout: 1000 });
    expect(nextRetry(2, 3, 1000)).to.deep.equal({ retries: 1, retryTimeout: 2000 });
    expect(nextRetry(1, 3, 1000)).to.deep.equal({ retries: 0, retryTimeout: 4000 });
  });
});

describe('引擎 / 乐观锁冲突重试', () => {
  const conflict = (type: string | undefined, message: string) => new EngineError(500, type, message);

  it('sends a call again after an optimistic-locking conflict, also when the REST API wraps it (task completion vs. a firing timer)', async () => {
    for (const err of [
      conflict('OptimisticLockingException', 'ENGINE-03005 Execution of \'UPDATE VariableInstanceEntity[1]\' failed.'),
      conflict('RestException', "POST /task/1/complete → 500: Cannot complete task 1: ENGINE-03005 Execution of 'DELETE TimerEntity[2]' failed. Entity was updated by another transaction concurrently."),
    ]) {
      let calls = 0;
      const r = await retryOnOptimisticLock(async () => {
        if (++calls < 3) throw err;
        return 'done';
      });
      expect([r, calls]).to.deep.equal(['done', 3]);
    }
  });

  it('does not repeat other failures', async () => {
    let calls = 0;
    const failing = retryOnOptimisticLock(async () => {
      calls++;
      throw conflict('RestException', 'Cannot complete task 1: task is suspended');
    });
    await failing.then(() => expect.fail('should fail'), (e: Error) => expect(e.message).to.contain('suspended'));
    expect(calls).to.equal(1);
  });
});
