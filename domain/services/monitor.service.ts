/**
 * 流程监控: per-activity counts of a process for the coordinators' diagram —
 * running instances at each activity (the engine's own activity statistics),
 * open user tasks past their due date, incidents — and the instances waiting
 * at one activity.
 */
import { In, type DataSource } from 'typeorm';
import { AssistanceCase } from '../entities/assistance-case.entity.js';
import { ReliefCampaign } from '../entities/campaign.entity.js';
import { PROCESS } from '../engine/contract.js';
import type { EngineClient } from '../engine/engine-client.js';
import { NotFoundError } from '../errors.js';
import { engineCall } from '../engine/engine-calls.js';

export interface ActivityCount {
  activityId: string;
  running: number;
  overdue: number;
  incidents: number;
}

export class MonitorService {
  constructor(
    private readonly ds: DataSource,
    private readonly engine: EngineClient,
  ) {}

  private check(key: string): void {
    if (!(Object.values(PROCESS) as string[]).includes(key)) throw new NotFoundError('PROCESS_NOT_FOUND', '流程不存在');
  }

  /**
   * Counts per activity over every deployed version of the process, of the
   * instances of one county (their `countyCode` variable): the engine's
   * statistics say where instances are, the county's are counted there.
   */
  async counts(processKey: string, county: string): Promise<{ processKey: string; total: number; activities: ActivityCount[]; at: string }> {
    this.check(processKey);
    const dueBefore = new Date().toISOString().replace('Z', '+0000');
    const ofCounty = [{ name: 'countyCode', operator: 'eq', value: county }];
    // an engine that fails or times out answers 503 ENGINE_UNAVAILABLE, as the inbox does (was 500)
    const [stats, total] = await engineCall(() => Promise.all([this.engine.activityStatistics(processKey), this.engine.countInstancesWhere({ processDefinitionKey: processKey, variables: ofCounty })]));
    const map = new Map<string, ActivityCount>();
    for (const s of stats) {
      const a = map.get(s.id) ?? { activityId: s.id, running: 0, overdue: 0, incidents: 0 };
      a.running += s.instances;
      map.set(s.id, a);
    }
    // Per activity that has instances (an open task's activity always has one): the county's instances
    // there, those with an incident, and its overdue open tasks, counted by the engine. Counting instead of
    // listing keeps the answer small and exact however many there are (docs/performance.md, process monitor).
    await engineCall(() =>
      Promise.all(
        [...map.values()]
          .filter((a) => a.running > 0)
          .map(async (a) => {
            const at = { processDefinitionKey: processKey, activityIdIn: [a.activityId], variables: ofCounty };
            const [running, incidents, overdue] = await Promise.all([
              this.engine.countInstancesWhere(at),
              this.engine.countInstancesWhere({ ...at, withIncident: true }),
              this.engine.countTasks({ processDefinitionKey: processKey, taskDefinitionKey: a.activityId, dueBefore, processVariables: ofCounty }),
            ]);
            Object.assign(a, { running, incidents, overdue });
          }),
      ),
    );
    return { processKey, total, activities: [...map.values()].filter((a) => a.running > 0 || a.incidents > 0).sort((x, y) => x.activityId.localeCompare(y.activityId)), at: new Date().toISOString() };
  }

  /**
   * 热力: per user task of the process, how long completed tasks waited (arrival to
   * completion) over a period — average and 90th percentile, from the task facts of the user's county.
   */
  async heat(processKey: string, from: Date, to: Date, county: string): Promise<{ processKey: string; from: string; to: string; activities: { activityId: string; name: string; completed: number; avgMs: number; p90Ms: number }[] }> {
    this.check(processKey);
    const rows: { task_key: string; task_name: string; n: string; avg_ms: string; p90_ms: string }[] = await this.ds.query(
      `SELECT task_key, max(task_name) AS task_name, count(*) AS n,
              avg(extract(epoch FROM completed_at - created_at) * 1000) AS avg_ms,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - created_at) * 1000) AS p90_ms
         FROM task_fact WHERE process_key = $1 AND completed_at >= $2 AND completed_at < $3
          AND EXISTS (SELECT 1 FROM unnest(candidate_groups) g WHERE g LIKE 'dept:' || $4 || ':%' OR g LIKE 'role:' || $4 || ':%' OR g LIKE 'unit:' || $4 || '%')
        GROUP BY task_key ORDER BY task_key`,
      [processKey, from, to, county],
    );
    return {
      processKey,
      from: from.toISOString(),
      to: to.toISOString(),
      activities: rows.map((r) => ({ activityId: r.task_key, name: r.task_name, completed: Number(r.n), avgMs: Math.round(Number(r.avg_ms)), p90Ms: Math.round(Number(r.p90_ms)) })),
    };
  }

  /** The instances of one county currently at an activity, with their case and how late their task is. */
  async instancesAt(processKey: string, activityId: string, county: string) {
    this.check(processKey);
    if (!/^[\w-]{1,64}$/.test(activityId)) throw new NotFoundError('ACTIVITY_NOT_FOUND', '环节不存在');
    const processVariables = [{ name: 'countyCode', operator: 'eq', value: county }];
    const tasks = await engineCall(() => this.engine.queryTasks({ processDefinitionKey: processKey, taskDefinitionKey: activityId, processVariables }, 0, 200));
    const piIds = [...new Set(tasks.map((t) => t.processInstanceId))];
    const cases = piIds.length ? await this.ds.getRepository(AssistanceCase).findBy({ processInstanceId: In(piIds) }) : [];
    // 冬春救助's tasks lead to their campaign's page.
    const campaigns = piIds.length && processKey === PROCESS.winterSpringCampaign ? await this.ds.getRepository(ReliefCampaign).findBy({ processInstanceId: In(piIds) }) : [];
    const now = Date.now();
    return tasks.map((t) => {
      const c = cases.find((x) => x.processInstanceId === t.processInstanceId);
      return {
        taskId: t.id,
        taskName: t.name,
        processInstanceId: t.processInstanceId,
        caseId: c?.id ?? null,
        caseNo: c?.caseNo ?? null,
        campaignId: campaigns.find((x) => x.processInstanceId === t.processInstanceId)?.id ?? null,
        created: t.created,
        due: t.due,
        assignee: t.assignee,
        overdue: !!t.due && Date.parse(t.due) < now,
      };
    });
  }
}
