import { expect } from 'chai';
import { engineWithDeadlines } from '../../domain/deadlines/engine-with-deadlines.js';
import type { EngineClient } from '../../domain/engine/engine-client.js';

/** A REST client that records the variables each call sends (transport only: it adds nothing). */
function recordingClient() {
  const sent: [string, Record<string, unknown>][] = [];
  const client = {
    baseUrl: 'http://engine.test/engine-rest',
    async startProcess(key: string, _businessKey: string, variables: Record<string, unknown>) {
      sent.push([`start ${key}`, variables]);
      return { id: 'pi-1', businessKey: 'SA-1' };
    },
    async completeTask(taskId: string, variables: Record<string, unknown>) {
      sent.push([`complete ${taskId}`, variables]);
    },
    async correlate(messageName: string, _businessKey: string, variables: Record<string, unknown> = {}) {
      sent.push([`message ${messageName}`, variables]);
    },
    async getTask(id: string) {
      return { id, processDefinitionId: 'def-1', taskDefinitionKey: 'Task_HomeVisit', processInstanceId: 'pi-1' };
    },
    async countyOfInstance() {
      return '139901';
    },
    async instancesByBusinessKey() {
      return [{ id: 'pi-1', definitionId: 'def-1' }];
    },
    async processKeyOf() {
      return 'social-assistance-application';
    },
    async version() {
      return '1.0.3';
    },
  };
  return { sent, client: client as unknown as EngineClient };
}

const deadlines = {
  async variablesAtStart(processKey: string) {
    return { [`${processKey}_start_dueAt`]: '2026-12-10T09:00:00.000Z' };
  },
  async variablesAfter(processKey: string, activityId: string) {
    return { [`after_${activityId}_dueAt`]: `${processKey}:2026-12-11T09:00:00.000Z` };
  },
};

describe('办理时限 / 启动、办结和消息带上后续任务的时限（时限规则属于时限服务，不属于引擎客户端）', () => {
  it('a start carries the deadlines of the first user tasks beside the caller’s variables', async () => {
    const { sent, client } = recordingClient();
    await engineWithDeadlines(client, deadlines).startProcess('temporary-assistance', 'TA-1', { caseId: 'c1' });
    expect(sent).to.deep.equal([['start temporary-assistance', { caseId: 'c1', 'temporary-assistance_start_dueAt': '2026-12-10T09:00:00.000Z' }]]);
  });

  it('a completion carries the deadlines of the tasks after that step, read from the task when the caller did not pass it', async () => {
    const { sent, client } = recordingClient();
    await engineWithDeadlines(client, deadlines).completeTask('t1', { approved: true });
    expect(sent).to.deep.equal([['complete t1', { approved: true, after_Task_HomeVisit_dueAt: 'social-assistance-application:2026-12-11T09:00:00.000Z' }]]);
  });

  it('a message adds deadlines only when the caller names the event catching it; every other call is the client’s own', async () => {
    const { sent, client } = recordingClient();
    const engine = engineWithDeadlines(client, deadlines);
    await engine.correlate('CaseWithdrawn', 'SA-1', { withdrawn: true });
    await engine.correlate('NoticeObjection', 'SA-1', {}, { processKey: 'social-assistance-application', activityId: 'Boundary_Objection' });
    expect(sent).to.deep.equal([
      ['message CaseWithdrawn', { withdrawn: true }],
      ['message NoticeObjection', { after_Boundary_Objection_dueAt: 'social-assistance-application:2026-12-11T09:00:00.000Z' }],
    ]);
    expect([engine.baseUrl, await engine.version()]).to.deep.equal(['http://engine.test/engine-rest', '1.0.3']);
  });
});
