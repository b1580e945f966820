import { expect } from 'chai';
import { EngineError, retryOnOptimisticLock } from '../../domain/engine/engine-client.js';
import { nextRetry, untilVisible } from '../../workers/runner.js';
import { RecordNotFoundError } from '../../domain/errors.js';

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

describe('工作进程 / 登记事务提交前取到的任务', () => {
  it('a step whose case is not visible yet runs again after short waits and then succeeds', async () => {
    let calls = 0;
    const waits: number[] = [];
    const r = await untilVisible(
      async () => {
        if (++calls < 3) throw new RecordNotFoundError('case', 'c-1');
        return 'done';
      },
      (ms) => waits.push(ms),
      [1, 2, 3],
    );
    expect([r, calls, waits]).to.deep.equal(['done', 3, [1, 2]]);
  });

  it('a case still missing after the waits, and any other error, fail as usual', async () => {
    let calls = 0;
    const missing = await untilVisible(async () => {
      calls++;
      throw new RecordNotFoundError('case', 'c-2');
    }, undefined, [1, 1]).catch((e: Error) => e);
    expect([missing instanceof RecordNotFoundError, calls]).to.deep.equal([true, 3]);
    calls = 0;
    const other = await untilVisible(async () => {
      calls++;
      throw new Error('boom');
    }, undefined, [1, 1]).catch((e: Error) => e.message);
    expect([other, calls]).to.deep.equal(['boom', 1]);
  });
});
