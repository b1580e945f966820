import { expect } from 'chai';
import { EngineError, retryOnOptimisticLock, retryOnOptimisticLockFor } from '../../domain/engine/engine-client.js';
import { EntityNotFoundError } from 'typeorm';
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
      conflict('OptimisticLockingException', "ENGINE-03005 Execution of 'UPDATE VariableInstanceEntity[1]' failed."),
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
    await failing.then(
      () => expect.fail('should fail'),
      (e: Error) => expect(e.message).to.contain('suspended'),
    );
    expect(calls).to.equal(1);
  });
});

describe('引擎 / 撤回消息的乐观锁冲突：按时长重试', () => {
  const conflict = new EngineError(500, 'OptimisticLockingException', "ENGINE-03005 Execution of 'DELETE ExternalTaskEntity[1]' failed.");

  it('a message that conflicts more than twelve times in a row (the verification burst under load) still gets through within its time budget', async () => {
    let calls = 0;
    const r = await retryOnOptimisticLockFor(
      async () => {
        if (++calls <= 20) throw conflict;
        return 'withdrawn';
      },
      5_000,
      1,
      4,
    );
    expect([r, calls]).to.deep.equal(['withdrawn', 21]);
  });

  it('gives up with the conflict itself once the budget is spent, and repeats no other failure', async () => {
    let calls = 0;
    const endless = await retryOnOptimisticLockFor(
      async () => {
        calls++;
        throw conflict;
      },
      40,
      1,
      4,
    ).then(
      () => null,
      (e: Error) => e,
    );
    expect(endless).to.equal(conflict);
    // the database ending the message's transaction as a deadlock with a completing query is a conflict too
    calls = 0;
    const deadlock = new EngineError(500, 'ProcessEnginePersistenceException', 'POST /message → 500: An exception occurred in the persistence layer.');
    const r = await retryOnOptimisticLockFor(
      async () => {
        if (++calls < 3) throw deadlock;
        return 'withdrawn';
      },
      5_000,
      1,
      4,
    );
    expect([r, calls]).to.deep.equal(['withdrawn', 3]);
    expect(calls).to.be.greaterThan(2);
    calls = 0;
    const other = await retryOnOptimisticLockFor(async () => {
      calls++;
      throw new EngineError(404, 'RestException', 'no process instance with business key SA-2026-000001');
    }, 5_000).then(
      () => null,
      (e: Error) => e.message,
    );
    expect([other, calls]).to.deep.equal(['no process instance with business key SA-2026-000001', 1]);
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

  it('a step reading its own record with findOneByOrFail (临时救助 request) waits the same way', async () => {
    let calls = 0;
    const r = await untilVisible(
      async () => {
        if (++calls < 2) throw new EntityNotFoundError('TemporaryRequest', { caseId: 'c-3' });
        return 'assessed';
      },
      undefined,
      [1, 1],
    );
    expect([r, calls]).to.deep.equal(['assessed', 2]);
  });

  it('a case still missing after the waits, and any other error, fail as usual', async () => {
    let calls = 0;
    const missing = await untilVisible(
      async () => {
        calls++;
        throw new RecordNotFoundError('case', 'c-2');
      },
      undefined,
      [1, 1],
    ).catch((e: Error) => e);
    expect([missing instanceof RecordNotFoundError, calls]).to.deep.equal([true, 3]);
    calls = 0;
    const other = await untilVisible(
      async () => {
        calls++;
        throw new Error('boom');
      },
      undefined,
      [1, 1],
    ).catch((e: Error) => e.message);
    expect([other, calls]).to.deep.equal(['boom', 1]);
  });
});
