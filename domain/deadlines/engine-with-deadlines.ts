/**
 * The engine as the server's services call it: starting a process, completing a user task and
 * correlating a message also set the deadline variables of the user tasks that follow
 * (`<TaskKey>_remindAt|_dueAt|_escalateAt`, read by the models' due dates and timers). The
 * deadlines are the DeadlineService's business; the REST client only carries the variables.
 */
import type { EngineClient, EngineTask } from '../engine/engine-client.js';

/** What computes the deadline variables (DeadlineService), under the time-limit rules of the instance's county (its own, else the installation defaults). */
export interface DeadlineVariables {
  variablesAtStart(processKey: string, countyCode?: string | null): Promise<Record<string, string>>;
  variablesAfter(processKey: string, activityId: string, countyCode?: string | null): Promise<Record<string, string>>;
}

/**
 * The same client (same connection settings and caches) with the three calls that lead into
 * user tasks adding their deadlines; every other call is the client's own.
 */
export function engineWithDeadlines(engine: EngineClient, deadlines: DeadlineVariables): EngineClient {
  const calls: Pick<EngineClient, 'startProcess' | 'completeTask' | 'correlate'> = {
    async startProcess(key, businessKey, variables) {
      const county = typeof variables.countyCode === 'string' ? variables.countyCode : null;
      return engine.startProcess(key, businessKey, { ...variables, ...(await deadlines.variablesAtStart(key, county)) });
    },
    async completeTask(taskId, variables, task?: Pick<EngineTask, 'processDefinitionId' | 'taskDefinitionKey' | 'processInstanceId'>) {
      const t = task?.processInstanceId ? task : await engine.getTask(taskId);
      const after = await deadlines.variablesAfter(await engine.processKeyOf(t.processDefinitionId), t.taskDefinitionKey, await engine.countyOfInstance(t.processInstanceId));
      return engine.completeTask(taskId, { ...variables, ...after }, t);
    },
    async correlate(messageName, businessKey, variables = {}, caughtBy) {
      let after = {};
      if (caughtBy) {
        const [instance] = await engine.instancesByBusinessKey(businessKey);
        after = await deadlines.variablesAfter(caughtBy.processKey, caughtBy.activityId, instance ? await engine.countyOfInstance(instance.id) : null);
      }
      return engine.correlate(messageName, businessKey, { ...variables, ...after }, caughtBy);
    },
  };
  return Object.assign(Object.create(engine) as EngineClient, calls);
}
