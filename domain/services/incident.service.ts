/**
 * 流程故障 (incidents): failed external tasks and jobs the engine holds, listed
 * for the admins with the error in Chinese and the case they belong to, retried
 * one or many at a time, and announced to the admins once each as an alert.
 */
import { In, type DataSource } from 'typeorm';
import { AssistanceCase } from '../entities/assistance-case.entity.js';
import { Alert } from '../entities/escalation.entity.js';
import type { User } from '../entities/user.entity.js';
import type { EngineClient, EngineIncident } from '../engine/engine-client.js';
import { engineCall } from '../engine/engine-calls.js';
import { incidentMessageZh, incidentTypeName } from '../engine/incident-messages.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { ALERT_CHANNEL, roleRoom } from './alert.service.js';
import { countyCodeOf } from '../engine/contract.js';
import { unitCovers } from './jurisdiction.service.js';
import { PROCESS_NAMES } from './statistics.service.js';
import type { IncidentView } from './views.js';

export type { IncidentView };

/** Attempts a retried external task or job is given (one: a failure at once becomes an incident again). */
export const RETRY_ATTEMPTS = 1;

export class IncidentService {
  private readonly names = new Map<string, Map<string, string>>();

  constructor(
    private readonly ds: DataSource,
    private readonly engine: EngineClient,
  ) {}

  /** Names of the activities of one process version (read once from its XML). */
  private async activityNames(definitionId: string): Promise<Map<string, string>> {
    let m = this.names.get(definitionId);
    if (m) return m;
    const { bpmn20Xml } = await this.engine.processXmlById(definitionId);
    m = new Map();
    for (const tag of bpmn20Xml.match(/<[\w:]+\s[^>]*\bid="[^"]+"[^>]*>/g) ?? []) {
      const id = tag.match(/\bid="([^"]+)"/)?.[1];
      const name = tag.match(/\bname="([^"]*)"/)?.[1];
      if (id && name) m.set(id, name.replace(/&#10;|\n/g, ''));
    }
    this.names.set(definitionId, m);
    return m;
  }

  /** Open incidents the user's jurisdiction covers, newest first, with their case. */
  async list(user: User): Promise<IncidentView[]> {
    const incidents = await engineCall(() => this.engine.listIncidents({}, 500));
    const views = await this.views(incidents);
    const visible: IncidentView[] = [];
    for (const v of views) if (await this.covers(user, v)) visible.push(v);
    return visible;
  }

  /**
   * Whether the user's unit covers the incident: through its case's unit; an
   * incident of a process without a case (payroll, conference) is the county's.
   */
  private async covers(user: User, v: IncidentView & { unitCode?: string | null }): Promise<boolean> {
    const unit = v.unitCode;
    if (!unit) return true;
    return unitCovers(this.ds, user.unitCode, unit);
  }

  private async views(incidents: EngineIncident[]): Promise<(IncidentView & { unitCode: string | null })[]> {
    if (!incidents.length) return [];
    const piIds = [...new Set(incidents.map((i) => i.processInstanceId))];
    const [cases, instances] = await Promise.all([this.ds.getRepository(AssistanceCase).findBy({ processInstanceId: In(piIds) }), engineCall(() => this.engine.processInstancesById(piIds))]);
    const out: (IncidentView & { unitCode: string | null })[] = [];
    for (const i of incidents) {
      const names = await engineCall(() => this.activityNames(i.processDefinitionId)).catch(() => new Map<string, string>());
      const activityId = i.failedActivityId ?? i.activityId;
      const c = cases.find((x) => x.processInstanceId === i.processInstanceId);
      const processKey = await engineCall(() => this.engine.processKeyOf(i.processDefinitionId));
      const zh = incidentMessageZh(i.incidentMessage);
      out.push({
        id: i.id,
        type: i.incidentType,
        typeName: incidentTypeName(i.incidentType),
        processKey,
        processName: PROCESS_NAMES[processKey] ?? processKey,
        processInstanceId: i.processInstanceId,
        activityId,
        activityName: names.get(activityId) ?? names.get(activityId.replace(/#multiInstanceBody$/, '')) ?? activityId,
        message: zh.message,
        rawMessage: i.incidentMessage,
        occurredAt: new Date(i.incidentTimestamp.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')).toISOString(),
        caseId: c?.id ?? null,
        caseNo: c?.caseNo ?? null,
        businessKey: instances.find((p) => p.id === i.processInstanceId)?.businessKey ?? null,
        unitCode: c?.unitCode ?? null,
      });
    }
    return out;
  }

  /**
   * Retries incidents: a failed external task gets new attempts (the workers fetch it
   * again), a failed job too (the job executor runs it). Every id must be an open
   * incident the user's jurisdiction covers, or nothing is retried.
   */
  async retry(user: User, ids: string[]): Promise<{ retried: { id: string; caseNo: string | null; activityName: string }[] }> {
    const unique = [...new Set(ids)];
    const found = await Promise.all(
      unique.map(async (id) => {
        try {
          return await engineCall(() => this.engine.incident(id));
        } catch (err) {
          if ((err as { status?: number }).status === 404) return null;
          throw err;
        }
      }),
    );
    const missing = unique.filter((_, k) => !found[k]);
    if (missing.length) throw new NotFoundError('INCIDENT_NOT_FOUND', `故障不存在或已处理：${missing.join('、')}`);
    const views = await this.views(found as EngineIncident[]);
    for (const v of views) if (!(await this.covers(user, v))) throw new NotFoundError('INCIDENT_NOT_FOUND', `故障不存在或已处理：${v.id}`);
    const externalTasks = (found as EngineIncident[])
      .filter((i) => i.incidentType === 'failedExternalTask')
      .map((i) => i.configuration!)
      .filter(Boolean);
    const jobs = (found as EngineIncident[])
      .filter((i) => i.incidentType === 'failedJob')
      .map((i) => i.configuration!)
      .filter(Boolean);
    const other = (found as EngineIncident[]).filter((i) => i.incidentType !== 'failedExternalTask' && i.incidentType !== 'failedJob');
    if (other.length) throw new BadRequestError('INCIDENT_NOT_RETRYABLE', `该类故障不能重试：${other.map((i) => incidentTypeName(i.incidentType)).join('、')}`);
    if (externalTasks.length) await engineCall(() => this.engine.setExternalTaskRetries(externalTasks, RETRY_ATTEMPTS));
    if (jobs.length) await engineCall(() => this.engine.setJobRetries(jobs, RETRY_ATTEMPTS));
    return { retried: views.map((v) => ({ id: v.id, caseNo: v.caseNo, activityName: v.activityName })) };
  }

  /**
   * Raises one alert to the admins per new incident (the dedup key makes a second
   * sweep, or a second worker, find it raised). Returns how many were new.
   */
  async sweep(): Promise<number> {
    const incidents = await this.engine.listIncidents({}, 100);
    if (!incidents.length) return 0;
    const known = new Set((await this.ds.getRepository(Alert).findBy({ dedupKey: In(incidents.map((i) => `incident:${i.id}`)) })).map((a) => a.dedupKey));
    const fresh = incidents.filter((i) => !known.has(`incident:${i.id}`));
    if (!fresh.length) return 0;
    let raised = 0;
    // The admins of the case's county (its unit comes with the view); an incident without a case
    // (payroll, conference) goes to every county's admins.
    let counties: string[] | undefined;
    for (const v of await this.views(fresh)) {
      if (!v.unitCode) counties ??= ((await this.ds.query(`SELECT code FROM unit WHERE level = 'county'`)) as { code: string }[]).map((u) => u.code);
      const rooms = (v.unitCode ? [countyCodeOf(v.unitCode)] : counties!).map((c) => roleRoom(c, 'admin'));
      await this.ds.transaction(async (em) => {
        const r = await em
          .createQueryBuilder()
          .insert()
          .into(Alert)
          .values({
            level: 'incident',
            taskId: v.id.slice(0, 64),
            taskName: v.activityName.slice(0, 64),
            processInstanceId: v.processInstanceId,
            // admins do not read case files: the alert names the case number and leads to the alerts page
            caseId: null,
            businessKey: v.caseNo ?? v.businessKey,
            departmentCode: null,
            rooms,
            message: `【流程故障】${v.processName}·${v.activityName}${v.caseNo ? `（${v.caseNo}）` : ''}：${v.message}。请在“流程故障”页查看并重试`,
            dueAt: null,
            sentBy: null,
            dedupKey: `incident:${v.id}`,
          })
          .orIgnore()
          .returning('id')
          .execute();
        const id = (r.raw as { id: string }[])[0]?.id;
        if (id) {
          raised++;
          await em.query('SELECT pg_notify($1, $2)', [ALERT_CHANNEL, String(id)]);
        }
      });
    }
    return raised;
  }
}
