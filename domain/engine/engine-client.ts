/**
 * A small typed client for the Operaton REST API (/engine-rest), used by the
 * server and the launcher. Workers use camunda-external-task-client-js instead.
 * The browser never reaches the engine: only this client, with basic auth.
 */
import crypto from 'node:crypto';

/** An error answered by the engine (status + the engine's own message). */
/** How long a message correlation keeps retrying optimistic-locking conflicts before giving up (then 409, not 503). */
export const CORRELATE_CONFLICT_BUDGET_MS = 20_000;

export class EngineError extends Error {
  constructor(
    readonly status: number,
    readonly engineType: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** The engine did not answer at all (not running, restarting, or too slow). */
export class EngineUnavailableError extends EngineError {
  constructor(message: string) {
    super(503, 'EngineUnavailable', message);
    this.name = 'EngineUnavailableError';
  }
}

export interface EngineTask {
  id: string;
  name: string;
  assignee: string | null;
  created: string;
  due: string | null;
  followUp: string | null;
  processDefinitionId: string;
  processInstanceId: string;
  taskDefinitionKey: string;
  executionId: string;
  priority: number;
  description: string | null;
  /** Set on a 加签 sub-task: the task it belongs to (a sub-task has no process instance of its own). */
  parentTaskId?: string | null;
  /** 委派: the user who delegated the task (its assignee is then the delegate). */
  owner?: string | null;
  /** 委派: PENDING while the delegate works it, RESOLVED once handed back; null when never delegated. */
  delegationState?: 'PENDING' | 'RESOLVED' | null;
}

export interface IdentityLink {
  userId: string | null;
  groupId: string | null;
  type: 'candidate' | 'assignee' | 'owner' | string;
}

export interface EngineDeployment {
  id: string;
  name: string;
  deploymentTime: string;
  /** The deployment's source (`doudi` for the platform's start, the decision edits' own). */
  source?: string | null;
  deployedProcessDefinitions: Record<string, { id: string; key: string; version: number }> | null;
  deployedDecisionDefinitions?: Record<string, { id: string; key: string; version: number }> | null;
}

/** An open incident: a failed external task (configuration = the external task id) or job (the job id). */
export interface EngineIncident {
  id: string;
  processDefinitionId: string;
  processInstanceId: string;
  executionId: string;
  incidentTimestamp: string;
  incidentType: 'failedExternalTask' | 'failedJob' | string;
  activityId: string;
  failedActivityId?: string | null;
  causeIncidentId: string;
  rootCauseIncidentId: string;
  configuration: string | null;
  incidentMessage: string | null;
}

/** One evaluation of a decision kept in the engine's history. */
export interface HistoricDecisionInstance {
  id: string;
  decisionDefinitionId: string;
  evaluationTime: string;
  processInstanceId: string | null;
  rootDecisionInstanceId: string | null;
  inputs: { clauseId: string; clauseName: string | null; value: unknown }[];
  outputs: { clauseId: string | null; variableName: string; value: unknown; ruleId: string; ruleOrder: number }[];
}

/** One matched rule's outputs of a decision evaluated by the engine, by output name. */
export type DecisionResult = Record<string, unknown>;

export interface HistoricActivity {
  id: string;
  activityId: string;
  activityName: string | null;
  activityType: string;
  assignee: string | null;
  startTime: string;
  endTime: string | null;
  canceled: boolean;
  taskId: string | null;
}

export interface HistoricProcessInstance {
  id: string;
  businessKey: string | null;
  processDefinitionKey: string;
  startTime: string;
  endTime: string | null;
  state: 'ACTIVE' | 'COMPLETED' | 'EXTERNALLY_TERMINATED' | 'INTERNALLY_TERMINATED' | 'SUSPENDED' | string;
}

export type VariableValue = { value: unknown; type: 'String' | 'Boolean' | 'Integer' | 'Long' | 'Double' | 'Json' | 'Date' };

/** Converts a plain object to engine variables (strings, booleans, numbers; objects as Json). */
export function toVariables(vars: Record<string, unknown>): Record<string, VariableValue> {
  const out: Record<string, VariableValue> = {};
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) continue;
    if (typeof v === 'boolean') out[k] = { value: v, type: 'Boolean' };
    else if (typeof v === 'number') out[k] = Number.isInteger(v) ? { value: v, type: Math.abs(v) > 2 ** 31 - 1 ? 'Long' : 'Integer' } : { value: v, type: 'Double' };
    else if (typeof v === 'string') out[k] = { value: v, type: 'String' };
    else out[k] = { value: JSON.stringify(v), type: 'Json' };
  }
  return out;
}

export interface EngineClientOptions {
  baseUrl: string;
  user: string;
  password: string;
  /** Per-request timeout (ms). */
  timeoutMs?: number;
}

/** The REST client. Every method throws EngineError on a non-2xx answer. */
export class EngineClient {
  private readonly auth: string;
  private readonly definitionKeys = new Map<string, string>();
  /** The `countyCode` variable of instances already asked (it never changes during an instance). */
  private readonly instanceCounties = new Map<string, string | null>();

  constructor(private readonly opts: EngineClientOptions) {
    this.auth = 'Basic ' + Buffer.from(`${opts.user}:${opts.password}`).toString('base64');
  }

  get baseUrl(): string {
    return this.opts.baseUrl;
  }

  private async request<T>(method: string, path: string, body?: unknown, raw?: { body: BodyInit; headers?: Record<string, string> }): Promise<T> {
    const headers: Record<string, string> = { Authorization: this.auth, Accept: 'application/json' };
    let payload: BodyInit | undefined;
    if (raw) {
      payload = raw.body;
      Object.assign(headers, raw.headers ?? {});
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
    let res: Response;
    try {
      res = await fetch(this.opts.baseUrl + path, {
        method,
        headers,
        body: payload,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      throw new EngineUnavailableError(`${method} ${path}: ${cause ?? (err as Error).name ?? 'fetch failed'}`);
    }
    const text = await res.text();
    if (!res.ok) {
      let type: string | undefined;
      let message = text;
      try {
        const j = JSON.parse(text) as { type?: string; message?: string };
        type = j.type;
        message = j.message ?? text;
      } catch {
        /* not JSON */
      }
      throw new EngineError(res.status, type, `${method} ${path} → ${res.status}: ${message}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** The engine answers with its name when it is up and the credentials are right. */
  async ping(): Promise<{ name: string }[]> {
    return this.request('GET', '/engine');
  }

  async version(): Promise<{ version: string }> {
    return this.request('GET', '/version');
  }

  /**
   * Deploys resources with the engine's own duplicate filtering: unchanged
   * resources under the same deployment name produce no new deployment.
   */
  async deploy(name: string, files: { name: string; content: string | Buffer }[], source = 'doudi'): Promise<EngineDeployment> {
    const form = new FormData();
    form.append('deployment-name', name);
    form.append('deployment-source', source);
    form.append('enable-duplicate-filtering', 'true');
    form.append('deploy-changed-only', 'true');
    for (const f of files) {
      form.append(f.name, new Blob([typeof f.content === 'string' ? f.content : new Uint8Array(f.content)], { type: 'application/octet-stream' }), f.name);
    }
    return this.request('POST', '/deployment/create', undefined, { body: form });
  }

  /**
   * Evaluates the latest version of a decision (DMN) in the engine; one entry
   * per matched rule with its output values by name.
   */
  async evaluateDecision(key: string, variables: Record<string, unknown>): Promise<DecisionResult[]> {
    const rows = await this.request<Record<string, { value: unknown }>[]>('POST', `/decision-definition/key/${encodeURIComponent(key)}/evaluate`, { variables: toVariables(variables) });
    return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.value])));
  }

  /** The latest version's DMN XML of a decision (for the coordinators' decision page). */
  /** The latest version of a decision (its definition id, version and deployment). */
  async decisionDefinition(key: string): Promise<{ id: string; key: string; version: number; deploymentId: string; name: string | null }> {
    return this.request('GET', `/decision-definition/key/${encodeURIComponent(key)}`);
  }

  /** Every deployed version of a decision, oldest first. */
  async decisionVersions(key: string): Promise<{ id: string; key: string; version: number; deploymentId: string; name: string | null }[]> {
    return this.request('GET', `/decision-definition?key=${encodeURIComponent(key)}&sortBy=version&sortOrder=asc`);
  }

  /** The last evaluations of a decision (newest first) with their inputs and outputs, from the engine's history. */
  async historicDecisionInstances(key: string, maxResults: number): Promise<HistoricDecisionInstance[]> {
    const q = new URLSearchParams({
      decisionDefinitionKey: key,
      includeInputs: 'true',
      includeOutputs: 'true',
      disableBinaryFetching: 'true',
      disableCustomObjectDeserialization: 'true',
      sortBy: 'evaluationTime',
      sortOrder: 'desc',
      maxResults: String(maxResults),
    });
    return this.request('GET', `/history/decision-instance?${q}`);
  }

  /** Variables of a process instance by name (latest values, running or finished), from the history. */
  async historicVariables(processInstanceId: string, names: string[]): Promise<{ name: string; value: unknown }[]> {
    if (!names.length) return [];
    const q = new URLSearchParams({ processInstanceId, variableNameIn: names.join(','), deserializeValues: 'false' });
    return this.request('GET', `/history/variable-instance?${q}`);
  }

  /** Deletes a deployment with everything deployed by it (the decision check's sandbox). */
  async deleteDeployment(id: string): Promise<void> {
    await this.request('DELETE', `/deployment/${encodeURIComponent(id)}?cascade=true`);
  }

  /** The DMN XML of one decision definition version. */
  async decisionXmlById(definitionId: string): Promise<{ id: string; dmnXml: string }> {
    return this.request('GET', `/decision-definition/${encodeURIComponent(definitionId)}/xml`);
  }

  async decisionXml(key: string): Promise<{ id: string; dmnXml: string }> {
    return this.request('GET', `/decision-definition/key/${encodeURIComponent(key)}/xml`);
  }

  /** The latest version's BPMN XML of a process (for diagrams). */
  async processXml(key: string): Promise<{ id: string; bpmn20Xml: string }> {
    return this.request('GET', `/process-definition/key/${encodeURIComponent(key)}/xml`);
  }

  /** The BPMN XML of one process definition version. */
  async processXmlById(definitionId: string): Promise<{ id: string; bpmn20Xml: string }> {
    return this.request('GET', `/process-definition/${encodeURIComponent(definitionId)}/xml`);
  }

  async listDeployments(name?: string): Promise<EngineDeployment[]> {
    const q = name ? `?name=${encodeURIComponent(name)}&sortBy=deploymentTime&sortOrder=desc` : '?sortBy=deploymentTime&sortOrder=desc';
    return this.request('GET', `/deployment${q}`);
  }

  /** The county a running instance concerns (its `countyCode` variable; null when it has none), asked once per instance. */
  async countyOfInstance(processInstanceId: string): Promise<string | null> {
    if (this.instanceCounties.has(processInstanceId)) return this.instanceCounties.get(processInstanceId)!;
    let county: string | null = null;
    try {
      const v = await this.request<{ value: unknown }>('GET', `/process-instance/${encodeURIComponent(processInstanceId)}/variables/countyCode`);
      if (typeof v.value === 'string') county = v.value;
    } catch (err) {
      // 404: an instance without the variable (or already ended) — the installation defaults apply.
      if (!(err instanceof EngineError && err.status === 404)) throw err;
    }
    if (this.instanceCounties.size >= 10_000) this.instanceCounties.clear();
    this.instanceCounties.set(processInstanceId, county);
    return county;
  }

  /**
   * The process key of a definition id. Ids are `key:version:uuid` only while
   * that fits in 64 characters (a bare uuid otherwise), so ask the engine once.
   */
  async processKeyOf(definitionId: string): Promise<string> {
    let key = this.definitionKeys.get(definitionId);
    if (!key) {
      key = (await this.request<{ key: string }>('GET', `/process-definition/${encodeURIComponent(definitionId)}`)).key;
      this.definitionKeys.set(definitionId, key);
    }
    return key;
  }

  /**
   * Removes the instances started under a business key whose app transaction did not commit
   * (the start's answer was lost, or the commit failed afterwards). A start whose answer timed
   * out may still be running in the engine, so an empty lookup is repeated a few times.
   */
  async deleteStartedInstances(businessKey: string, attempts = 3, gapMs = 1_000): Promise<number> {
    for (let i = 1; ; i++) {
      const list = await this.instancesByBusinessKey(businessKey);
      for (const p of list) await this.deleteInstance(p.id);
      if (list.length || i >= attempts) return list.length;
      await new Promise((r) => setTimeout(r, gapMs));
    }
  }

  /** Deletes one running instance (its listeners and output mappings skipped, as for an orphan). */
  async deleteInstance(id: string): Promise<void> {
    await this.request('DELETE', `/process-instance/${encodeURIComponent(id)}?skipCustomListeners=true&skipIoMappings=true`);
  }

  /** The running instances started under a business key (any process). */
  async instancesByBusinessKey(businessKey: string): Promise<{ id: string; definitionId: string }[]> {
    return this.request('GET', `/process-instance?businessKey=${encodeURIComponent(businessKey)}`);
  }

  async startProcess(key: string, businessKey: string, variables: Record<string, unknown>): Promise<{ id: string; businessKey: string }> {
    return this.request('POST', `/process-definition/key/${encodeURIComponent(key)}/start`, { businessKey, variables: toVariables(variables) });
  }

  /** Open user tasks, filtered the engine's way (candidate groups, assignee, process instance …). */
  async queryTasks(filter: Record<string, unknown>, firstResult = 0, maxResults = 50): Promise<EngineTask[]> {
    return this.request('POST', `/task?firstResult=${firstResult}&maxResults=${maxResults}`, filter);
  }

  async countTasks(filter: Record<string, unknown>): Promise<number> {
    const r = await this.request<{ count: number }>('POST', '/task/count', filter);
    return r.count;
  }

  /**
   * The 待办 query of the engine app's own endpoint (engine/src/.../InboxQuery.java): open tasks
   * with a candidate group among `groups` or assigned to `user`, oldest first (ties by id), and
   * their number — the filter of `{orQueries: [{candidateGroups, includeAssignedTasks: true, assignee}]}`
   * sorted by created, without the scan of all open tasks that query costs. A number of 1000 or
   * more may be up to 5 s old (shared per group set). `plan` forces the page's query shape (tests).
   */
  async inboxTasks(user: string, groups: string[], firstResult: number, maxResults: number, plan?: 'walk' | 'lookup'): Promise<{ count: number; plan: 'walk' | 'lookup'; tasks: EngineTask[] }> {
    const q = new URLSearchParams({ user, firstResult: String(firstResult), maxResults: String(maxResults) });
    for (const g of groups) q.append('group', g);
    if (plan) q.set('plan', plan);
    return this.request('GET', `/doudi/inbox?${q}`);
  }

  async getTask(id: string): Promise<EngineTask> {
    return this.request('GET', `/task/${encodeURIComponent(id)}`);
  }

  async identityLinks(taskId: string): Promise<IdentityLink[]> {
    return this.request('GET', `/task/${encodeURIComponent(taskId)}/identity-links`);
  }

  async claim(taskId: string, userId: string): Promise<void> {
    await this.request('POST', `/task/${encodeURIComponent(taskId)}/claim`, { userId });
  }

  /** Sets the assignee directly (转办 to a colleague). */
  async setAssignee(taskId: string, userId: string | null): Promise<void> {
    await this.request('POST', `/task/${encodeURIComponent(taskId)}/assignee`, { userId });
  }

  /** Replaces one candidate group of a task by another (转办 to a department). */
  async replaceCandidateGroup(taskId: string, from: string, to: string): Promise<void> {
    await this.request('POST', `/task/${encodeURIComponent(taskId)}/identity-links`, { groupId: to, type: 'candidate' });
    await this.request('POST', `/task/${encodeURIComponent(taskId)}/identity-links/delete`, { groupId: from, type: 'candidate' });
  }

  /** 委派: the delegate works the task, then resolves it back to its owner. */
  async delegate(taskId: string, userId: string): Promise<void> {
    await this.request('POST', `/task/${encodeURIComponent(taskId)}/delegate`, { userId });
  }

  async resolve(taskId: string, variables: Record<string, unknown> = {}): Promise<void> {
    await this.request('POST', `/task/${encodeURIComponent(taskId)}/resolve`, { variables: toVariables(variables) });
  }

  /** Sets process variables of an instance (global scope). */
  async setVariables(processInstanceId: string, variables: Record<string, unknown>): Promise<void> {
    await this.request('POST', `/process-instance/${encodeURIComponent(processInstanceId)}/variables`, { modifications: toVariables(variables) });
  }

  /** 退回: moves an instance from one activity back to an earlier one (the engine's process instance modification). */
  async moveActivity(processInstanceId: string, fromActivityId: string, toActivityId: string): Promise<void> {
    await this.request('POST', `/process-instance/${encodeURIComponent(processInstanceId)}/modification`, {
      skipCustomListeners: false,
      skipIoMappings: false,
      instructions: [
        { type: 'startBeforeActivity', activityId: toActivityId },
        { type: 'cancel', activityId: fromActivityId },
      ],
    });
  }

  /** 加签: a sub-task of a process task, assigned to the co-signer; the engine lists it under the parent (`parentTaskId`). */
  async createSubtask(parentTaskId: string, sub: { name: string; assignee: string; description: string; due: string | null }): Promise<void> {
    await this.request('POST', '/task/create', { name: sub.name, parentTaskId, assignee: sub.assignee, description: sub.description, due: sub.due, owner: null });
  }

  /** The open sub-tasks (加签) of a task. */
  async subtasks(parentTaskId: string): Promise<EngineTask[]> {
    return this.request('GET', `/task?parentTaskId=${encodeURIComponent(parentTaskId)}`);
  }

  /** Completes a sub-task (it has no process, so no deadlines follow it). */
  async completeSubtask(taskId: string): Promise<void> {
    await this.request('POST', `/task/${encodeURIComponent(taskId)}/complete`, { variables: {} });
  }

  /** Deletes a standalone sub-task whose parent is gone. */
  async deleteSubtask(taskId: string): Promise<void> {
    await this.request('DELETE', `/task/${encodeURIComponent(taskId)}`);
  }

  /** 撤回: starts a step again before the given activity instances (the steps that followed it), cancelling those. */
  async restartBefore(processInstanceId: string, activityId: string, cancelActivityInstanceIds: string[]): Promise<void> {
    await this.request('POST', `/process-instance/${encodeURIComponent(processInstanceId)}/modification`, {
      skipCustomListeners: false,
      skipIoMappings: false,
      instructions: [{ type: 'startBeforeActivity', activityId }, ...cancelActivityInstanceIds.map((id) => ({ type: 'cancel', activityInstanceId: id }))],
    });
  }

  async unclaim(taskId: string): Promise<void> {
    await this.request('POST', `/task/${encodeURIComponent(taskId)}/unclaim`, {});
  }

  /**
   * Completes a user task. `task` (when the caller has it) names the step, for a caller that adds
   * variables of its own for what follows the step (see domain/deadlines/engine-with-deadlines.ts).
   */
  async completeTask(taskId: string, variables: Record<string, unknown>, _task?: Pick<EngineTask, 'processDefinitionId' | 'taskDefinitionKey' | 'processInstanceId'>): Promise<void> {
    await retryOnOptimisticLock(() => this.request('POST', `/task/${encodeURIComponent(taskId)}/complete`, { variables: toVariables(variables) }));
  }

  /**
   * Delivers a message to the instance waiting for it under this business key; 4xx when none waits.
   * `caughtBy` names the event catching it, for a caller that adds variables for what follows it.
   */
  async correlate(messageName: string, businessKey: string, variables: Record<string, unknown> = {}, _caughtBy?: { processKey: string; activityId: string }): Promise<void> {
    // A message interrupts whatever runs in the instance: while the parallel verification queries, their report and
    // the referral branch complete around it, every one of their commits conflicts with it, so it keeps trying until
    // that burst of automated steps is over (the instance then waits for a person), within CORRELATE_CONFLICT_BUDGET_MS.
    await retryOnOptimisticLockFor(() => this.request('POST', '/message', { messageName, businessKey, processVariables: toVariables(variables) }), CORRELATE_CONFLICT_BUDGET_MS);
  }

  /** Running activity instances per activity over every version of a process (the engine's own statistics). */
  async activityStatistics(processKey: string): Promise<{ id: string; instances: number; failedJobs: number; incidents?: { incidentType: string; incidentCount: number }[] }[]> {
    const defs = await this.request<{ id: string }[]>('GET', `/process-definition?key=${encodeURIComponent(processKey)}`);
    const all = await Promise.all(
      defs.map((d) => this.request<{ id: string; instances: number; failedJobs: number; incidents?: { incidentType: string; incidentCount: number }[] }[]>('GET', `/process-definition/${encodeURIComponent(d.id)}/statistics?incidents=true`)),
    );
    return all.flat();
  }

  /** Every deployed process definition (all versions) with its running instances and failed jobs (the engine's statistics). */
  async definitionStatistics(): Promise<
    {
      id: string;
      instances: number;
      failedJobs: number;
      incidents?: { incidentType: string; incidentCount: number }[];
      definition: { id: string; key: string; name: string | null; version: number; deploymentId: string; versionTag: string | null; suspended: boolean };
    }[]
  > {
    return this.request('GET', '/process-definition/statistics?incidents=true');
  }

  /** One page of running process instances matching an engine filter (e.g. `processDefinitionKey`). */
  async processInstances(filter: Record<string, unknown>, firstResult = 0, maxResults = 500): Promise<{ id: string; businessKey: string | null; definitionId: string }[]> {
    return this.request('POST', `/process-instance?firstResult=${firstResult}&maxResults=${maxResults}`, filter);
  }

  /** One page of runtime variables of one name, with their process instances. */
  async variableInstances(name: string, firstResult = 0, maxResults = 500): Promise<{ processInstanceId: string; value: unknown }[]> {
    return this.request('GET', `/variable-instance?variableName=${encodeURIComponent(name)}&firstResult=${firstResult}&maxResults=${maxResults}`);
  }

  /** Running instances matching an engine process-instance filter (e.g. `activityIdIn`, `variables`, `withIncident`). */
  async countInstancesWhere(filter: Record<string, unknown>): Promise<number> {
    return (await this.request<{ count: number }>('POST', '/process-instance/count', filter)).count;
  }

  /** Running instances of a process. */
  async countInstances(processKey: string): Promise<number> {
    return (await this.request<{ count: number }>('GET', `/process-instance/count?processDefinitionKey=${encodeURIComponent(processKey)}`)).count;
  }

  async historicProcessInstance(id: string): Promise<HistoricProcessInstance> {
    return this.request('GET', `/history/process-instance/${encodeURIComponent(id)}`);
  }

  async historicActivities(processInstanceId: string): Promise<HistoricActivity[]> {
    return this.request('GET', `/history/activity-instance?processInstanceId=${encodeURIComponent(processInstanceId)}&sortBy=startTime&sortOrder=asc`);
  }

  async externalTasks(filter: Record<string, string>): Promise<{ id: string; topicName: string; workerId: string | null; lockExpirationTime: string | null; retries: number | null; processInstanceId: string }[]> {
    const q = new URLSearchParams(filter).toString();
    return this.request('GET', `/external-task?${q}`);
  }

  /** The timer job of a timer start event of a process (for running the 月度发放 daily check by hand). */
  async startTimerJob(processKey: string, activityId: string): Promise<{ id: string; duedate: string } | null> {
    const defs = await this.request<{ id: string }[]>('GET', `/process-definition?key=${encodeURIComponent(processKey)}&latestVersion=true`);
    if (!defs[0]) return null;
    const jobs = await this.request<{ id: string; duedate: string }[]>('GET', `/job?processDefinitionId=${encodeURIComponent(defs[0].id)}&activityId=${encodeURIComponent(activityId)}&timers=true`);
    return jobs[0] ?? null;
  }

  /** Executes a job now (the engine fires the timer as if its time had come). */
  async executeJob(jobId: string): Promise<void> {
    await this.request('POST', `/job/${encodeURIComponent(jobId)}/execute`);
  }

  async incidents(processInstanceId: string): Promise<{ id: string; incidentType: string; incidentMessage: string }[]> {
    return this.request('GET', `/incident?processInstanceId=${encodeURIComponent(processInstanceId)}`);
  }

  /** Open incidents, newest first (the engine's incident query: processDefinitionKeyIn, incidentType …). */
  async listIncidents(filter: Record<string, string> = {}, maxResults = 500): Promise<EngineIncident[]> {
    const q = new URLSearchParams({ ...filter, sortBy: 'incidentTimestamp', sortOrder: 'desc', maxResults: String(maxResults) }).toString();
    return this.request('GET', `/incident?${q}`);
  }

  async incident(id: string): Promise<EngineIncident> {
    return this.request('GET', `/incident/${encodeURIComponent(id)}`);
  }

  /** Gives failed external tasks new attempts (clears their incidents; the workers fetch them again). */
  async setExternalTaskRetries(externalTaskIds: string[], retries: number): Promise<void> {
    await this.request('PUT', '/external-task/retries', { externalTaskIds, retries });
  }

  /** Gives failed jobs (timers, asynchronous continuations) new attempts; the job executor runs them again. */
  async setJobRetries(jobIds: string[], retries: number): Promise<void> {
    await this.request('PUT', '/job/retries', { jobIds, retries });
  }

  /** Running process instances by id, with their business key and definition. */
  async processInstancesById(ids: string[]): Promise<{ id: string; businessKey: string | null; definitionId: string }[]> {
    if (!ids.length) return [];
    return this.request('POST', '/process-instance', { processInstanceIds: ids });
  }

  /** One page of historic task instances (finished and open), filtered the engine's way (finished, finishedAfter …). */
  async historicTasks(filter: Record<string, string | number | boolean>, firstResult = 0, maxResults = 500): Promise<HistoricTask[]> {
    const q = new URLSearchParams(Object.entries({ ...filter, firstResult, maxResults }).map(([k, v]) => [k, String(v)]));
    return this.request('GET', `/history/task?${q}`);
  }

  /** Every version of one process (or of every process), oldest first, from the engine's definition query. */
  async processDefinitions(key?: string): Promise<EngineProcessDefinition[]> {
    const q = new URLSearchParams({ sortBy: 'version', sortOrder: 'asc', maxResults: '1000' });
    if (key) q.set('key', key);
    return this.request('GET', `/process-definition?${q}`);
  }

  /** One process definition version by id (404 EngineError when it does not exist). */
  async processDefinition(id: string): Promise<EngineProcessDefinition> {
    return this.request('GET', `/process-definition/${encodeURIComponent(id)}`);
  }

  /** Every version of every decision, oldest first. */
  async decisionDefinitions(): Promise<{ id: string; key: string; name: string | null; version: number; deploymentId: string }[]> {
    return this.request('GET', '/decision-definition?sortBy=version&sortOrder=asc&maxResults=1000');
  }

  /** Starts an instance of one definition version before the given activity (the engine's start instructions). */
  async startProcessBefore(definitionId: string, activityId: string, businessKey: string, variables: Record<string, unknown>): Promise<{ id: string }> {
    return this.request('POST', `/process-definition/${encodeURIComponent(definitionId)}/start`, {
      businessKey,
      variables: toVariables(variables),
      startInstructions: [{ type: 'startBeforeActivity', activityId }],
    });
  }

  /** The engine's migration plan between two versions: the activities it maps by id (POST /migration/generate). */
  async generateMigrationPlan(sourceProcessDefinitionId: string, targetProcessDefinitionId: string): Promise<MigrationPlan> {
    return this.request('POST', '/migration/generate', { sourceProcessDefinitionId, targetProcessDefinitionId, updateEventTriggers: true });
  }

  /** Validates a migration plan without executing it; only instructions with failures are reported. */
  async validateMigrationPlan(plan: MigrationPlan): Promise<{ instructionReports: { instruction: MigrationInstruction; failures: string[] }[]; variableReports?: Record<string, { failures: string[] }> }> {
    return this.request('POST', '/migration/validate', plan);
  }

  /** Migrates instances as a batch of jobs run by the job executor (POST /migration/executeAsync). */
  async executeMigrationAsync(plan: MigrationPlan, processInstanceIds: string[]): Promise<{ id: string; totalJobs: number }> {
    return this.request('POST', '/migration/executeAsync', { migrationPlan: plan, processInstanceIds, skipCustomListeners: false, skipIoMappings: false });
  }

  /** A running batch's progress; null once the batch has finished (it then lives only in the history). */
  async batchStatistics(batchId: string): Promise<{ id: string; totalJobs: number; remainingJobs: number; completedJobs: number; failedJobs: number; suspended: boolean } | null> {
    const rows = await this.request<{ id: string; totalJobs: number; remainingJobs: number; completedJobs: number; failedJobs: number; suspended: boolean }[]>('GET', `/batch/statistics?batchId=${encodeURIComponent(batchId)}`);
    return rows[0] ?? null;
  }

  /** Suspends or activates a running batch (its jobs are not executed while suspended). */
  async setBatchSuspended(batchId: string, suspended: boolean): Promise<void> {
    await this.request('PUT', `/batch/${encodeURIComponent(batchId)}/suspended`, { suspended });
  }

  /** Deletes a running batch (the instances it has not migrated yet stay where they are). */
  async deleteBatch(batchId: string): Promise<void> {
    await this.request('DELETE', `/batch/${encodeURIComponent(batchId)}`);
  }

  /** Updates a task's fields; the engine sets every field of the body, so pass the task as read with the change. */
  async updateTask(task: EngineTask, change: { due: Date | null }): Promise<void> {
    await this.request('PUT', `/task/${encodeURIComponent(task.id)}`, {
      name: task.name,
      description: task.description,
      priority: task.priority,
      assignee: task.assignee,
      owner: task.owner ?? null,
      delegationState: task.delegationState ?? null,
      due: change.due ? engineDate(change.due) : null,
      followUp: task.followUp,
      parentTaskId: task.parentTaskId ?? null,
    });
  }

  /** The timer jobs not fired yet of one activity (a boundary timer) in one process instance. */
  async timerJobs(processInstanceId: string, activityId: string): Promise<{ id: string; dueDate: string | null }[]> {
    const q = new URLSearchParams({ processInstanceId, activityId, timers: 'true' });
    return this.request('GET', `/job?${q}`);
  }

  /** Moves a job's due date (a timer fires at the new instant). */
  async setJobDueDate(jobId: string, duedate: Date): Promise<void> {
    await this.request('PUT', `/job/${encodeURIComponent(jobId)}/duedate`, { duedate: engineDate(duedate) });
  }

  /** One page of the identity-link log (candidate groups and users added to or removed from tasks). */
  async identityLinkLog(filter: Record<string, string | number | boolean>, firstResult = 0, maxResults = 500): Promise<HistoricIdentityLinkLog[]> {
    const q = new URLSearchParams(Object.entries({ ...filter, firstResult, maxResults }).map(([k, v]) => [k, String(v)]));
    return this.request('GET', `/history/identity-link-log?${q}`);
  }
}

/**
 * Parallel branches finishing at once (or a task completed while one of its
 * boundary timers fires, on this or another engine node) collide on the
 * engine's optimistic locking; the losing call was rolled back by the engine
 * and is sent again. The REST API reports a failed task completion as a
 * RestException whose message carries the OptimisticLockingException's code
 * ENGINE-03005 ("Cannot complete task …: ENGINE-03005 Execution of 'DELETE
 * TimerEntity[…]' failed"), so the code counts too.
 */
export async function retryOnOptimisticLock<T>(call: () => Promise<T>, attempts = 6): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await call();
    } catch (err) {
      if (!isOptimisticLockConflict(err) || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 30 * i + Math.random() * 70));
    }
  }
}

/** True for an optimistic-locking conflict: our EngineError carries the engine's type, the external-task client's errors only its message. */
export function isOptimisticLockConflict(err: unknown): boolean {
  return (err instanceof EngineError && err.engineType === 'OptimisticLockingException') || /OptimisticLocking|ENGINE-03005/.test(String((err as Error)?.message));
}

/**
 * A conflict with a concurrent transaction of the same instance, after which
 * the engine has rolled the call back: an optimistic-locking conflict, or a
 * persistence failure (PostgreSQL ends one of two transactions deleting and
 * updating the same rows in a different order — a message cancelling the
 * verification queries while they complete — as a deadlock the engine reports
 * as ProcessEnginePersistenceException).
 */
export function isConcurrencyConflict(err: unknown): boolean {
  return isOptimisticLockConflict(err) || (err instanceof EngineError && err.engineType === 'ProcessEnginePersistenceException');
}

/**
 * Like retryOnOptimisticLock, but for as long as `budgetMs` rather than a
 * number of tries, waiting longer each time (doubling from 50 ms to 1 s, with
 * jitter), and on every concurrency conflict (isConcurrencyConflict). For a
 * call that meets every transaction of an instance (a message interrupting
 * it): while automated steps run in bursts the conflicts go on, and they end
 * once the instance waits for a person.
 */
export async function retryOnOptimisticLockFor<T>(call: () => Promise<T>, budgetMs: number, firstWaitMs = 50, maxWaitMs = 1000): Promise<T> {
  const until = Date.now() + budgetMs;
  for (let wait = firstWaitMs; ; wait = Math.min(wait * 2, maxWaitMs)) {
    try {
      return await call();
    } catch (err) {
      if (!isConcurrencyConflict(err) || Date.now() + wait > until) throw err;
      await new Promise((r) => setTimeout(r, wait / 2 + Math.random() * wait));
    }
  }
}

/** A stable content hash, used to report which models changed. */
export function contentHash(content: string | Buffer): string {
  return crypto.createHash('sha256').update(content).digest('hex').slice(0, 12);
}

/** A date as the engine's REST API reads it (yyyy-MM-dd'T'HH:mm:ss.SSSZ). */
export function engineDate(d: Date): string {
  return d.toISOString().replace('Z', '+0000');
}

/** One process definition version. */
export interface EngineProcessDefinition {
  id: string;
  key: string;
  name: string | null;
  version: number;
  deploymentId: string;
  versionTag: string | null;
  suspended: boolean;
}

/** One instruction of a migration plan: source activities mapped to target activities. */
export interface MigrationInstruction {
  sourceActivityIds: string[];
  targetActivityIds: string[];
  updateEventTrigger: boolean;
}

/** A migration plan between two versions of a process. */
export interface MigrationPlan {
  sourceProcessDefinitionId: string;
  targetProcessDefinitionId: string;
  instructions: MigrationInstruction[];
}

/** A historic task instance (/history/task); an open task has no endTime. */
export interface HistoricTask {
  id: string;
  processDefinitionKey: string | null;
  processDefinitionId: string | null;
  processInstanceId: string | null;
  name: string | null;
  taskDefinitionKey: string | null;
  assignee: string | null;
  startTime: string;
  endTime: string | null;
  /** Milliseconds from start to end. */
  duration: number | null;
  due: string | null;
  /** `completed` for a completed task, `deleted` for one cancelled by its process. */
  deleteReason: string | null;
}

/** One entry of the identity-link log (/history/identity-link-log). */
export interface HistoricIdentityLinkLog {
  id: string;
  time: string;
  type: 'candidate' | 'assignee' | 'owner' | string;
  userId: string | null;
  groupId: string | null;
  taskId: string | null;
  processDefinitionKey: string | null;
  operationType: 'add' | 'delete' | string;
}
