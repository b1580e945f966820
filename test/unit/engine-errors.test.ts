import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { EngineError, EngineUnavailableError, type EngineClient } from '../../domain/engine/engine-client.js';
import { PROCESS } from '../../domain/engine/contract.js';
import { ConflictError, HttpError, NotFoundError } from '../../domain/errors.js';
import { MonitorService } from '../../domain/services/monitor.service.js';
import { engineCall, taskActionInEngine } from '../../domain/engine/engine-calls.js';
import { certainlyNotApplied } from '../../domain/services/outbox.service.js';

/** An engine whose every call fails with the given error. */
function failingEngine(err: Error): EngineClient {
  return new Proxy({}, { get: () => () => Promise.reject(err) }) as EngineClient;
}

async function errorOf(p: Promise<unknown>): Promise<HttpError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('流程监控 / 引擎出错时的回答', () => {
  const ds = {} as DataSource;

  it('an engine failure (5xx) is a 503 ENGINE_UNAVAILABLE with a Chinese message, for the counts and for the instances at an activity', async () => {
    const monitor = new MonitorService(ds, failingEngine(new EngineError(500, 'ProcessEngineException', 'GET /process-definition/... → 500')));
    for (const p of [monitor.counts(PROCESS.socialAssistanceApplication, '139901'), monitor.instancesAt(PROCESS.socialAssistanceApplication, 'Task_HomeVisit', '139901')]) {
      const e = await errorOf(p);
      expect([e.status, e.code]).to.deep.equal([503, 'ENGINE_UNAVAILABLE']);
      expect(e.message).to.match(/流程引擎暂不可用/);
    }
  });

  it('an unknown process is still 404 without asking the engine', async () => {
    const monitor = new MonitorService(ds, failingEngine(new Error('must not be called')));
    const e = await errorOf(monitor.counts('no-such-process', '139901'));
    expect([e.status, e.code]).to.deep.equal([404, 'PROCESS_NOT_FOUND']);
  });
});

describe('办理动作 / 引擎出错时的回答（办结、转办、委派、退回、联席会议办理共用）', () => {
  const cases: [string, Error, number, string][] = [
    ['the engine refuses (task gone or not in that state)', new EngineError(404, 'InvalidRequestException', 'task not found'), 409, 'TASK_STATE_CHANGED'],
    ['a concurrent change (optimistic lock)', new EngineError(500, 'OptimisticLockingException', 'was updated by another transaction'), 409, 'TASK_STATE_CHANGED'],
    ['an engine failure', new EngineError(500, 'ProcessEngineException', 'boom'), 503, 'ENGINE_UNAVAILABLE'],
    ['the engine unreachable or too slow', new EngineUnavailableError('POST /task/x/complete: ECONNREFUSED'), 503, 'ENGINE_UNAVAILABLE'],
  ];
  for (const [what, err, status, code] of cases) {
    it(`${what} → ${status} ${code}`, async () => {
      const e = await errorOf(taskActionInEngine(() => Promise.reject(err)));
      expect([e.status, e.code]).to.deep.equal([status, code]);
    });
  }

  it('a success passes its value through', async () => {
    expect(await taskActionInEngine(async () => 42)).to.equal(42);
  });

  it('a fault of ours (not an engine error) is not passed off as an outage: it goes up unchanged', async () => {
    // given a bug in the code around the engine call, when it fails, then the error handler sees the bug itself (500, logged)
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    for (const p of [taskActionInEngine(() => Promise.reject(bug)), engineCall(() => Promise.reject(bug))]) {
      let thrown: unknown;
      await p.catch((err: unknown) => (thrown = err));
      expect(thrown).to.equal(bug);
    }
  });
});

describe('引擎调用 / 引擎的拒绝由调用方说明含义，只在一处映射', () => {
  const refusal = (status: number, type = 'InvalidRequestException') => new EngineError(status, type, `GET /task/t1 → ${status}: Cannot find task t1`);
  const answers = {
    404: () => new NotFoundError('TASK_NOT_FOUND', '任务不存在或已办结'),
    refused: () => new ConflictError('TASK_ALREADY_CLAIMED', '该任务已被同事签收'),
    conflict: () => new ConflictError('CASE_BUSY', '正在自动处理'),
  };
  const cases: [string, Error, number, string][] = [
    ['a status the caller names', refusal(404), 404, 'TASK_NOT_FOUND'],
    ['any other refusal (4xx)', refusal(400), 409, 'TASK_ALREADY_CLAIMED'],
    ['a concurrent change still conflicting', refusal(500, 'OptimisticLockingException'), 409, 'CASE_BUSY'],
    ['an engine failure (5xx)', refusal(500, 'ProcessEngineException'), 503, 'ENGINE_UNAVAILABLE'],
    ['the engine unreachable', new EngineUnavailableError('GET /task/t1: ECONNREFUSED'), 503, 'ENGINE_UNAVAILABLE'],
  ];
  for (const [what, err, status, code] of cases) {
    it(`${what} → ${status} ${code}`, async () => {
      const e = await errorOf(engineCall(() => Promise.reject(err), answers));
      expect([e.status, e.code]).to.deep.equal([status, code]);
    });
  }

  it("a refusal the caller does not name stays the engine error; an outage may carry the caller's own message", async () => {
    let thrown: unknown;
    await engineCall(() => Promise.reject(refusal(400))).catch((err: unknown) => (thrown = err));
    expect(thrown).to.be.instanceOf(EngineError);
    const e = await errorOf(engineCall(() => Promise.reject(refusal(503)), { unavailable: '系统暂时无法受理异议，请稍后重试' }));
    expect([e.status, e.code, e.message]).to.deep.equal([503, 'ENGINE_UNAVAILABLE', '系统暂时无法受理异议，请稍后重试']);
  });
});

describe('引擎调用补偿 / 哪些失败肯定没有在引擎中生效', () => {
  it('an answer from the engine (any status) or a refused connection changed nothing; a call left without an answer may have', () => {
    // given the failures an engine call can end with, then the outbox drops its row only for the certain ones
    expect(certainlyNotApplied(new EngineError(404, 'InvalidRequestException', 'POST /task/t1/complete → 404'))).to.equal(true);
    expect(certainlyNotApplied(new EngineError(500, 'OptimisticLockingException', 'POST /task/t1/complete → 500'))).to.equal(true);
    expect(certainlyNotApplied(new EngineUnavailableError('POST /task/t1/complete: ECONNREFUSED'))).to.equal(true);
    expect(certainlyNotApplied(new EngineUnavailableError('POST /task/t1/complete: TimeoutError'))).to.equal(false);
    expect(certainlyNotApplied(new EngineUnavailableError('POST /task/t1/complete: ECONNRESET'))).to.equal(false);
    expect(certainlyNotApplied(new Error('socket hang up'))).to.equal(false);
  });
});
