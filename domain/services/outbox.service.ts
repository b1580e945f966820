/**
 * The engine outbox: nothing is lost between the engine and the app database. Every engine
 * call made on a user's behalf (completing a user task, starting a process) is preceded by a
 * write-ahead row in `engine_outbox`, committed on its own before the call. The app's records
 * of the call (the step's form data, the timeline line, the task fact; the case or the matter of
 * a start) are written in one transaction with the engine call, and that transaction marks the
 * row done. A crash anywhere in between leaves the row pending, and the reconciler (at server
 * start and every 30 s, on any number of server nodes: `FOR UPDATE SKIP LOCKED`) finishes it:
 *
 * - a task completion whose engine task is still open is completed again from the stored form
 *   (the records and the engine call, as the user asked); one the engine completed but whose
 *   records were lost (the engine committed, the app did not) gets its records written without
 *   a second engine call;
 * - a process start whose app records did not commit has its orphaned instance (found by the
 *   business key, the case, matter or payroll number) deleted.
 *
 * The live request holds its row locked while it works, so the reconciler never races it.
 * Every user task goes this way: a case's, the joint conference's, and those of the pages of their
 * own (月度发放, 定期核查, 冬春救助, 物价联动, 标准调整), each kind with its record writer below.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { TaskFactRow } from '../entities/task-fact.entity.js';
import { User } from '../entities/user.entity.js';
import { AssistanceCase } from '../entities/assistance-case.entity.js';
import { ConferenceMatter } from '../entities/conference-matter.entity.js';
import { RecipientReview } from '../entities/review.entity.js';
import { EngineError, EngineUnavailableError, type EngineClient, type EngineTask } from '../engine/engine-client.js';
import { engineStatus, taskActionInEngine } from '../engine/engine-calls.js';
import { HttpError } from '../errors.js';
import { crashPoint } from '../faults.js';
import type { Logger } from '../logger.js';
import { engineMs } from './statistics.service.js';
import { recordTaskCompletion } from './task.service.js';
import { ReviewService } from './review.service.js';
import { recordConferenceCompletion, type ConferenceTaskSubject } from './conference-task.service.js';
import { PayrollRun } from '../entities/money.entity.js';
import { ReliefCampaign } from '../entities/campaign.entity.js';
import { recordPayrollCompletion } from './payroll.service.js';
import { recordCampaignCompletion } from './campaign.service.js';
import { PriceService } from './price.service.js';
import { StandardAdjustmentService } from './standard-adjustment.service.js';

/** What a user's task completion needs, stored before the engine call so a reconciler can finish it. */
export interface TaskCompletion {
  taskId: string;
  taskName: string;
  taskKey: string;
  processInstanceId: string;
  processDefinitionId: string;
  processKey: string;
  /** Arrival and due date of the task (ISO 8601). */
  created: string;
  due: string | null;
  candidateGroups: string[];
  /** The request body as the user sent it (validated); parsed again by the step's form. */
  input: unknown;
  /** 联席会议: the department or agreed item the task is about. */
  subject?: ConferenceTaskSubject;
}

export type TaskCompletionKind = 'task.complete' | 'conference.complete' | 'payroll.complete' | 'review.complete' | 'campaign.complete' | 'price.complete' | 'standard.complete';

/** The entity a process start creates, found by its number (the business key) when reconciling. */
export type StartedEntity = 'case' | 'matter' | 'payroll' | 'price_figure' | 'standard_proposal' | 'review' | 'campaign';

interface OutboxRow {
  id: string;
  kind: string;
  task_id: string | null;
  process_key: string | null;
  business_key: string | null;
  user_id: string | null;
  payload: Record<string, unknown>;
}

export interface ReconcileResult {
  done: number;
  abandoned: number;
  failed: number;
  superseded: number;
  /** Rows left pending (the engine or the database could not be reached). */
  retry: number;
}

/** How long a pending row is left to its live request before the reconciler takes it. */
export const OUTBOX_GRACE_MS = 60_000;
/** How often each server node runs the reconciler. */
export const OUTBOX_INTERVAL_MS = 30_000;

/** The task's facts for the completion record (and the process key, asked of the engine once per definition). */
export async function taskCompletionOf(engine: EngineClient, task: EngineTask, candidateGroups: string[], input: unknown, subject?: ConferenceTaskSubject): Promise<TaskCompletion> {
  return {
    taskId: task.id,
    taskName: task.name ?? '',
    taskKey: task.taskDefinitionKey,
    processInstanceId: task.processInstanceId,
    processDefinitionId: task.processDefinitionId,
    processKey: await taskActionInEngine(() => engine.processKeyOf(task.processDefinitionId)),
    created: new Date(engineMs(task.created)).toISOString(),
    due: task.due ? new Date(engineMs(task.due)).toISOString() : null,
    candidateGroups,
    input,
    ...(subject ? { subject } : {}),
  };
}

/**
 * Whether a failed engine call certainly changed nothing in the engine: the engine answered
 * (any status: its transaction rolled back) or the connection was refused. Only a call left
 * without an answer (a timeout, a connection lost mid-request) may have been carried out.
 */
export function certainlyNotApplied(err: unknown): boolean {
  if (err instanceof EngineUnavailableError) return /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH/.test(err.message);
  return err instanceof EngineError;
}

export class OutboxService {
  constructor(
    private readonly ds: DataSource,
    private readonly engine: EngineClient,
  ) {}

  /** Commits the write-ahead row on its own (before the transaction that does the work). */
  private async intent(kind: string, row: { taskId?: string; processKey: string; businessKey?: string; userId?: string; payload: object }): Promise<string> {
    const [{ id }] = (await this.ds.query(`INSERT INTO engine_outbox (kind, task_id, process_key, business_key, user_id, payload) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, [
      kind,
      row.taskId ?? null,
      row.processKey,
      row.businessKey ?? null,
      row.userId ?? null,
      JSON.stringify(row.payload),
    ])) as { id: string }[];
    return String(id);
  }

  private static async lock(em: EntityManager, id: string): Promise<void> {
    await em.query(`SELECT id FROM engine_outbox WHERE id = $1 FOR UPDATE`, [id]);
  }

  private static async finish(em: EntityManager | DataSource, id: string, state: 'done' | 'abandoned' | 'failed' | 'superseded', note: string | null = null): Promise<void> {
    await em.query(`UPDATE engine_outbox SET state = $2, last_error = coalesce($3, last_error), finished_at = now() WHERE id = $1`, [id, state, note]);
  }

  /** Removes the row of a request that changed nothing (refused, or failed before the engine was asked). */
  private async drop(id: string): Promise<void> {
    await this.ds.query(`DELETE FROM engine_outbox WHERE id = $1 AND state = 'pending'`, [id]).catch(() => undefined);
  }

  /**
   * Completes a user task: the write-ahead row, then one transaction that writes the step's
   * records and the task fact, completes the engine task and marks the row done. A refusal
   * (the task moved on) or a failure before the engine call leaves nothing behind.
   */
  async completeTask(kind: TaskCompletionKind, user: User, c: TaskCompletion): Promise<void> {
    const id = await this.intent(kind, { taskId: c.taskId, processKey: c.processKey, userId: user.id, payload: c });
    let uncertain = false;
    try {
      await this.ds.transaction(async (em) => {
        await OutboxService.lock(em, id);
        const variables = await recordCompletion(em, kind, user, c, new Date());
        crashPoint('task.before-engine');
        await taskActionInEngine(() =>
          this.engine.completeTask(c.taskId, variables, { processDefinitionId: c.processDefinitionId, taskDefinitionKey: c.taskKey, processInstanceId: c.processInstanceId }).catch((err) => {
            uncertain = !certainlyNotApplied(err);
            throw err;
          }),
        );
        uncertain = true; // from here on the engine has completed the task
        crashPoint('task.after-engine');
        await OutboxService.finish(em, id, 'done');
      });
    } catch (err) {
      // An error before the call, or a call the engine certainly did not carry out (a refusal, an
      // answered failure, a refused connection), changed nothing: the row goes. Otherwise (no answer,
      // a failed commit) the task may be completed: the row stays for the reconciler.
      if (!uncertain) await this.drop(id);
      throw err;
    }
    crashPoint('task.after-commit');
  }

  /**
   * Starts a process for an entity written in `work`'s transaction: the write-ahead row (with
   * the business key), then the transaction, in which `work` calls `start` once. If the
   * transaction does not commit, the instance the start may have created is deleted again
   * (here, or by the reconciler when this process died).
   */
  async startProcess<T>(processKey: string, businessKey: string, entity: StartedEntity, work: (em: EntityManager, start: (variables: Record<string, unknown>) => Promise<{ id: string }>) => Promise<T>): Promise<T> {
    const id = await this.intent('process.start', { processKey, businessKey, payload: { entity } });
    let asked = false;
    let startedId: string | undefined;
    let notApplied = false;
    let result: T;
    try {
      result = await this.ds.transaction(async (em) => {
        await OutboxService.lock(em, id);
        const out = await work(em, async (variables) => {
          crashPoint('start.before-engine');
          asked = true;
          try {
            const instance = await this.engine.startProcess(processKey, businessKey, variables);
            startedId = instance.id;
            crashPoint('start.after-engine');
            return instance;
          } catch (err) {
            notApplied = certainlyNotApplied(err);
            throw err;
          }
        });
        await OutboxService.finish(em, id, 'done');
        return out;
      });
    } catch (err) {
      if (!asked || notApplied) {
        await this.drop(id);
      } else {
        // A start whose answer was lost may still be running in a slow engine: look for it for up to ~20 s.
        // If the engine cannot be reached now, the row stays pending and the reconciler removes the instance later.
        const removed = await this.removeStarted(entity, businessKey, startedId).then(
          () => true,
          () => false,
        );
        if (removed) await OutboxService.finish(this.ds, id, 'abandoned', `not committed: ${(err as Error).message.slice(0, 200)}`).catch(() => undefined);
      }
      throw err;
    }
    crashPoint('start.after-commit');
    return result;
  }

  /**
   * Deletes the instance a start that did not commit created: the one the engine named, or, when
   * its answer was lost, whatever runs under the business key — but never a payroll month's
   * committed instance (a month's number is the same on every attempt).
   */
  private async removeStarted(entity: StartedEntity, businessKey: string, startedId: string | undefined): Promise<void> {
    if (startedId) return this.engine.deleteInstance(startedId);
    for (let attempt = 1; ; attempt++) {
      const committed = entity === 'payroll' ? (await this.ds.getRepository(PayrollRun).findOneBy({ runNo: businessKey }))?.processInstanceId : undefined;
      const list = (await this.engine.instancesByBusinessKey(businessKey)).filter((i) => i.id !== committed);
      for (const i of list) await this.engine.deleteInstance(i.id);
      if (list.length || attempt >= 10) return;
      await new Promise((r) => setTimeout(r, 2_000));
    }
  }

  /**
   * Finishes what crashed requests left: every pending row older than `graceMs`, one row per
   * transaction, each row locked (`SKIP LOCKED`: rows a live request or another node holds are
   * left to them). Safe to run on every server node at once.
   */
  async reconcile(opts: { graceMs?: number; limit?: number; log?: Logger } = {}): Promise<ReconcileResult> {
    const result: ReconcileResult = { done: 0, abandoned: 0, failed: 0, superseded: 0, retry: 0 };
    // Finished rows are kept a while for operators; failed ones stay until someone looks at them.
    await this.ds.query(`DELETE FROM engine_outbox WHERE state IN ('done', 'abandoned', 'superseded') AND finished_at < now() - interval '30 days'`);
    const seen: string[] = [];
    for (let i = 0; i < (opts.limit ?? 100); i++) {
      let rowId: string | undefined;
      try {
        const outcome = await this.ds.transaction(async (em) => {
          const [row] = (await em.query(
            `SELECT id, kind, task_id, process_key, business_key, user_id, payload FROM engine_outbox
              WHERE state = 'pending' AND created_at < now() - ($1::int * interval '1 millisecond') AND NOT (id = ANY($2::bigint[]))
              ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
            [opts.graceMs ?? OUTBOX_GRACE_MS, seen],
          )) as OutboxRow[];
          if (!row) return undefined;
          rowId = String(row.id);
          seen.push(rowId);
          const [state, note] = row.kind === 'process.start' ? await this.reconcileStart(em, row) : await this.reconcileTask(em, row);
          await OutboxService.finish(em, rowId, state, note);
          return state;
        });
        if (!outcome) break;
        result[outcome]++;
      } catch (err) {
        if (!rowId) throw err;
        // A business refusal stays refused; an outage is tried again by the next round.
        const permanent = err instanceof HttpError && err.status < 500;
        await this.ds
          .query(`UPDATE engine_outbox SET attempts = attempts + 1, last_error = $2, state = CASE WHEN $3 THEN 'failed' ELSE state END, finished_at = CASE WHEN $3 THEN now() END WHERE id = $1`, [
            rowId,
            (err as Error).message.slice(0, 500),
            permanent,
          ])
          .catch(() => undefined);
        if (permanent) result.failed++;
        else result.retry++;
        opts.log?.warn({ outboxId: rowId, err: (err as Error).message }, permanent ? '引擎调用补偿失败，已标记为失败' : '引擎调用补偿暂未完成，稍后重试');
      }
    }
    return result;
  }

  /** A completion left by a crash: finish it, or write the records the engine's completion lacks. */
  private async reconcileTask(em: EntityManager, row: OutboxRow): Promise<['done' | 'abandoned' | 'superseded', string | null]> {
    const c = row.payload as unknown as TaskCompletion;
    const [other] = (await em.query(`SELECT id FROM engine_outbox WHERE task_id = $1 AND state = 'done' AND id <> $2 LIMIT 1`, [c.taskId, row.id])) as unknown[];
    if (other) return ['superseded', 'completed by a later request'];
    const user = await em.findOneBy(User, { id: row.user_id ?? '' });
    if (!user) return ['abandoned', 'user not found'];
    const open = await this.engine.getTask(c.taskId).then(
      () => true,
      (err) => {
        if (engineStatus(err) === 404) return false;
        throw err;
      },
    );
    if (open) {
      const variables = await recordCompletion(em, row.kind as TaskCompletionKind, user, c, new Date());
      await taskActionInEngine(() => this.engine.completeTask(c.taskId, variables, { processDefinitionId: c.processDefinitionId, taskDefinitionKey: c.taskKey, processInstanceId: c.processInstanceId }));
      return ['done', 'completed by the reconciler'];
    }
    const [h] = await this.engine.historicTasks({ taskId: c.taskId });
    if (h?.deleteReason === 'completed' && h.assignee === user.id && h.endTime) {
      await recordCompletion(em, row.kind as TaskCompletionKind, user, c, new Date(engineMs(h.endTime)), true);
      return ['done', 'records written after the engine had completed the task'];
    }
    return ['abandoned', h ? `task ended otherwise (${h.deleteReason ?? 'unknown'}, ${h.assignee ?? 'no assignee'})` : 'task unknown to the engine'];
  }

  /** A start left by a crash: its records did not commit (else the row would be done), so its instance goes. */
  private async reconcileStart(em: EntityManager, row: OutboxRow): Promise<['done' | 'abandoned', string | null]> {
    const key = row.business_key ?? '';
    const entity = (row.payload as { entity?: StartedEntity }).entity;
    if (entity === 'payroll') {
      // A month's number is its business key, the same on every attempt: a start that crashed may have left an
      // instance beside the one a later attempt committed. Every instance but the committed one goes.
      const run = await em.findOneBy(PayrollRun, { runNo: key });
      const orphans = (await this.engine.instancesByBusinessKey(key)).filter((i) => i.id !== run?.processInstanceId);
      for (const i of orphans) await this.engine.deleteInstance(i.id);
      return run ? ['done', orphans.length ? `${orphans.length} orphaned instance(s) deleted` : null] : ['abandoned', `not committed; ${orphans.length} orphaned instance(s) deleted`];
    }
    const committed =
      entity === 'matter'
        ? await em.existsBy(ConferenceMatter, { matterNo: key })
        : entity === 'price_figure' || entity === 'standard_proposal'
          ? ((await em.query(`SELECT 1 FROM ${entity} WHERE ${entity === 'price_figure' ? 'figure_no' : 'proposal_no'} = $1`, [key])) as unknown[]).length > 0
          : entity === 'review'
            ? await em.existsBy(RecipientReview, { reviewNo: key })
            : entity === 'campaign'
              ? await em.existsBy(ReliefCampaign, { campaignNo: key })
              : await em.existsBy(AssistanceCase, { caseNo: key });
    if (committed) return ['done', null];
    const removed = await this.engine.deleteStartedInstances(key, 1);
    return ['abandoned', `not committed; ${removed} orphaned instance(s) deleted`];
  }

  /** Runs the reconciler now and every OUTBOX_INTERVAL_MS until the returned stop is called. */
  startReconciler(log: Logger): () => Promise<void> {
    let running: Promise<unknown> = Promise.resolve();
    const run = () => {
      running = this.reconcile({ log }).then(
        (r) => {
          if (r.done + r.abandoned + r.failed) log.info(r, '引擎调用补偿完成');
        },
        (err) => log.warn({ err: (err as Error).message }, '引擎调用补偿暂不可用'),
      );
    };
    run();
    const timer = setInterval(run, OUTBOX_INTERVAL_MS);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await running;
    };
  }
}

/** Writes a completion's records (the step's form data and timeline line, the task fact) and returns the engine variables. */
async function recordCompletion(em: EntityManager, kind: TaskCompletionKind, user: User, c: TaskCompletion, completedAt: Date, afterEngine = false): Promise<Record<string, unknown>> {
  const variables =
    kind === 'conference.complete'
      ? await recordConferenceCompletion(em, user, c, afterEngine)
      : kind === 'payroll.complete'
        ? await recordPayrollCompletion(em, user, c, afterEngine)
        : kind === 'review.complete'
          ? await ReviewService.recordCompletion(em, user, c, completedAt)
          : kind === 'campaign.complete'
            ? await recordCampaignCompletion(em, user, c)
            : kind === 'price.complete'
              ? await PriceService.recordCompletion(em, user, c)
              : kind === 'standard.complete'
                ? await StandardAdjustmentService.recordCompletion(em, user, c)
                : await recordTaskCompletion(em, user, c);
  await em
    .createQueryBuilder()
    .insert()
    .into(TaskFactRow)
    .values({
      taskId: c.taskId,
      processInstanceId: c.processInstanceId,
      processKey: c.processKey,
      taskKey: c.taskKey,
      taskName: c.taskName.slice(0, 128),
      candidateGroups: c.candidateGroups,
      assignee: user.id,
      createdAt: new Date(c.created),
      dueAt: c.due ? new Date(c.due) : null,
      completedAt,
    })
    .orIgnore()
    .execute();
  return variables;
}
