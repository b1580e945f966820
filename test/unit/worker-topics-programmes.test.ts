/**
 * The topics of the other processes (time-limit ladder, price linkage, joint conference,
 * winter-spring campaign, monthly payroll) as their factories build them: each handler with
 * small fakes of the services it is given — no database, no engine. What is checked is the
 * handler's own work: the variables it reads and maps, the branch it chooses, what it
 * tolerates and what it lets fail.
 */
import { expect } from 'chai';
import type { Alert, AlertLevel } from '../../domain/entities/escalation.entity.js';
import { EngineError, EngineUnavailableError, type EngineTask, type IdentityLink } from '../../domain/engine/engine-client.js';
import type { TaskRef } from '../../domain/services/alert.service.js';
import { SUBSIDY_WITHDRAWN_MESSAGE } from '../../domain/services/price.service.js';
import { endOfBeijingDay } from '../../domain/time/beijing.js';
import { toEngineDate, toIsoWithOffset, type DeadlineInstants } from '../../domain/time/deadline.js';
import type { TopicContext } from '../../workers/topic.js';
import { rejection, topicContext } from '../support/topics.js';
import { campaignPrepareTopic } from '../../workers/topics/campaign-prepare.topic.js';
import { campaignRecordTopic } from '../../workers/topics/campaign-record.topic.js';
import { conferenceAssignTopic } from '../../workers/topics/conference-assign.topic.js';
import { escalationRaiseTopic } from '../../workers/topics/escalation-raise.topic.js';
import { payrollInstructTopic } from '../../workers/topics/payroll-instruct.topic.js';
import { payrollSettleTopic } from '../../workers/topics/payroll-settle.topic.js';
import { priceDecideTopic } from '../../workers/topics/price-decide.topic.js';
import type { JavaList } from '../../workers/values.js';

/** The external task a topic receives: its variables, and the step it belongs to. */
const task = (variables: Record<string, unknown>, over: Partial<TopicContext> = {}): TopicContext =>
  topicContext(variables, { taskId: 'ext-task-3', processInstanceId: 'pi-1', businessKey: 'BK-1', activityId: 'Task_Step', processDefinitionKey: 'some-process' }, over);

const HOUR = 3_600_000;

describe('时限预警（escalation.raise）/ 由工厂注入依赖，单独测试', () => {
  /** An open user task of the step as the engine lists it. */
  const open = (id: string, due: Date | null): EngineTask => ({ id, name: `审核 ${id}`, assignee: id === 'a' ? 'zhang' : null, due: due ? toEngineDate(due) : null }) as EngineTask;

  /** The engine's open tasks and their candidate groups; a task id listed in `gone` was completed after the step's query. */
  function fakes(tasks: EngineTask[], opts: { gone?: string[]; linksFail?: string[] } = {}) {
    const raised: { level: AlertLevel; t: TaskRef; dueAt: Date; late: number }[] = [];
    const queries: Record<string, unknown>[] = [];
    const engine = {
      async queryTasks(filter: Record<string, unknown>) {
        queries.push(filter);
        if (filter.taskId) return opts.gone?.includes(String(filter.taskId)) ? [] : tasks.filter((t) => t.id === filter.taskId);
        return tasks;
      },
      async identityLinks(taskId: string): Promise<IdentityLink[]> {
        if (opts.gone?.includes(taskId) || opts.linksFail?.includes(taskId)) throw new EngineError(404, 'NotFound', `task ${taskId}`);
        return [
          { type: 'candidate', groupId: `group:${taskId}`, userId: null },
          { type: 'candidate', groupId: null, userId: 'li' },
          { type: 'assignee', groupId: null, userId: 'zhang' },
        ];
      },
    };
    const deadlines = {
      async lateWorkingDays(due: Date) {
        expect(due).to.be.instanceOf(Date);
        return 1.5;
      },
    };
    const alerts = {
      async raise(level: Exclude<AlertLevel, 'manual'>, t: TaskRef, dueAt: Date, late: number) {
        raised.push({ level, t, dueAt, late });
        return {} as Alert;
      },
    };
    return { engine, deadlines, alerts, raised, queries };
  }

  /** The ladder's variables of Task_Review as the model stores them. */
  const ladder = (remindAt: Date, dueAt: Date, escalateAt: Date) => ({
    Task_Review_remindAt: remindAt.toISOString(),
    Task_Review_dueAt: dueAt.toISOString(),
    Task_Review_escalateAt: escalateAt.toISOString(),
  });

  it('given the reminder and due instants passed but not the escalation, then 催办 and 黄牌 are raised for the step’s open task with its candidate groups and the days late — no 红牌', async () => {
    const now = Date.now();
    const dueAt = new Date(now - HOUR);
    const f = fakes([open('a', dueAt)]);
    await escalationRaiseTopic(f).handle(task(ladder(new Date(now - 2 * HOUR), dueAt, new Date(now + 24 * HOUR)), { activityId: 'Escalate_Task_Review', businessKey: 'SA-2026-000042' }));
    expect(f.queries[0]).to.deep.equal({ processInstanceId: 'pi-1', taskDefinitionKey: 'Task_Review' });
    expect(f.raised.map((r) => r.level)).to.deep.equal(['remind', 'warning']);
    expect(f.raised[0]!.t).to.deep.equal({ id: 'a', name: '审核 a', processInstanceId: 'pi-1', assignee: 'zhang', businessKey: 'SA-2026-000042', candidateGroups: ['group:a'] });
    expect(f.raised.every((r) => r.dueAt.getTime() === dueAt.getTime() && r.late === 1.5)).to.equal(true);
  });

  it('given per-item due dates (one task per agreed item), then only the tasks of this timer’s due date and those without one are raised', async () => {
    const now = Date.now();
    const dueAt = new Date(now - HOUR);
    const f = fakes([open('a', dueAt), open('b', new Date(now + 48 * HOUR)), open('c', null)]);
    await escalationRaiseTopic(f).handle(task(ladder(new Date(now - 2 * HOUR), dueAt, new Date(now - HOUR / 2)), { activityId: 'Escalate_Task_Review' }));
    expect(f.raised.map((r) => `${r.t.id}:${r.level}`)).to.deep.equal(['a:remind', 'a:warning', 'a:escalation', 'c:remind', 'c:warning', 'c:escalation']);
  });

  it('given only the reminder instant passed, then only 催办 is raised, for every open task when none has this due date', async () => {
    const now = Date.now();
    const f = fakes([open('a', new Date(now + 72 * HOUR)), open('b', new Date(now + 96 * HOUR))]);
    await escalationRaiseTopic(f).handle(task(ladder(new Date(now - HOUR), new Date(now + 24 * HOUR), new Date(now + 48 * HOUR)), { activityId: 'Escalate_Task_Review' }));
    expect(f.raised.map((r) => `${r.t.id}:${r.level}`)).to.deep.equal(['a:remind', 'b:remind']);
  });

  it('given a task completed between the query and its groups, then it is skipped; a task still open whose groups cannot be read is a fault', async () => {
    const now = Date.now();
    const vars = ladder(new Date(now - 2 * HOUR), new Date(now + HOUR), new Date(now + 2 * HOUR));
    const f = fakes([open('a', null), open('b', null)], { gone: ['a'] });
    await escalationRaiseTopic(f).handle(task(vars, { activityId: 'Escalate_Task_Review' }));
    expect(f.raised.map((r) => `${r.t.id}:${r.level}`)).to.deep.equal(['b:remind']);

    const g = fakes([open('a', null)], { linksFail: ['a'] });
    const err = await rejection(escalationRaiseTopic(g).handle(task(vars, { activityId: 'Escalate_Task_Review' })));
    expect(err).to.be.instanceOf(EngineError);
    expect(g.raised).to.deep.equal([]);
  });

  it('given an instance without the step’s deadline variables, then it is a fault and the engine is not asked', async () => {
    const f = fakes([open('a', null)]);
    const err = await rejection(escalationRaiseTopic(f).handle(task({ Task_Review_dueAt: new Date().toISOString() }, { activityId: 'Escalate_Task_Review' })));
    expect(err.message).to.match(/no deadline variables for Task_Review/);
    expect(f.queries).to.deep.equal([]);
  });
});

describe('物价联动（price.decide）/ 由工厂注入依赖，单独测试', () => {
  function fakes(result: { subsidyOpened: boolean; priceSubsidyId: string | null; withdrawnFigureNo: string | null }, engineOpts: { correlateFails?: Error; stillRunning?: boolean } = {}) {
    const decided: unknown[][] = [];
    const correlated: [string, string][] = [];
    const price = {
      async decide(figureId: string, triggered: boolean, reason: string, thresholds: { cpiThresholdBp: number; foodThresholdBp: number }) {
        decided.push([figureId, triggered, reason, thresholds]);
        return result;
      },
    };
    const engine = {
      async correlate(messageName: string, businessKey: string) {
        correlated.push([messageName, businessKey]);
        if (engineOpts.correlateFails) throw engineOpts.correlateFails;
      },
      async instancesByBusinessKey(businessKey: string) {
        return engineOpts.stillRunning ? [{ id: `pi-${businessKey}`, definitionId: 'price-linkage:1' }] : [];
      },
    };
    return { price, engine, decided, correlated };
  }
  const vars = (decision: unknown) => ({ priceFigureId: 'fig-1', triggerDecision: JSON.stringify(decision), cpiThresholdBp: '350', foodThresholdBp: 600 });

  it('given the decision table triggered, then the decision is recorded with its reason and numeric thresholds, and the result (without the withdrawn figure) goes to the model', async () => {
    const f = fakes({ subsidyOpened: true, priceSubsidyId: 'ps-1', withdrawnFigureNo: null });
    const out = await priceDecideTopic(f).handle(task(vars({ triggered: true, reason: 'CPI 同比涨幅达到 3.5%' })));
    expect(f.decided).to.deep.equal([['fig-1', true, 'CPI 同比涨幅达到 3.5%', { cpiThresholdBp: 350, foodThresholdBp: 600 }]]);
    expect(out).to.deep.equal({ subsidyOpened: true, priceSubsidyId: 'ps-1' });
    expect(f.correlated).to.deep.equal([]);
  });

  it('given a decision without a yes/no, then it is a fault and nothing is recorded', async () => {
    const f = fakes({ subsidyOpened: false, priceSubsidyId: null, withdrawnFigureNo: null });
    const err = await rejection(priceDecideTopic(f).handle(task(vars({ triggered: 'yes' }))));
    expect(err.message).to.match(/gave no decision/);
    expect(f.decided).to.deep.equal([]);
  });

  it('given a correction below the trigger withdrew the month’s earlier subsidy, then its instance is told by message', async () => {
    const f = fakes({ subsidyOpened: false, priceSubsidyId: null, withdrawnFigureNo: 'WJ-2026-03-1' });
    const out = await priceDecideTopic(f).handle(task(vars({ triggered: false, reason: '未达到启动条件' })));
    expect(f.correlated).to.deep.equal([[SUBSIDY_WITHDRAWN_MESSAGE, 'WJ-2026-03-1']]);
    expect(out).to.deep.equal({ subsidyOpened: false, priceSubsidyId: null });
  });

  it('given the withdrawn instance already ended (the engine refuses the message, no instance left), then the step still succeeds', async () => {
    const f = fakes({ subsidyOpened: false, priceSubsidyId: null, withdrawnFigureNo: 'WJ-2026-03-1' }, { correlateFails: new EngineError(400, 'MismatchingMessageCorrelationException', 'no instance') });
    const out = await priceDecideTopic(f).handle(task(vars({ triggered: false })));
    expect(out).to.deep.equal({ subsidyOpened: false, priceSubsidyId: null });
  });

  it('given the withdrawn instance still runs (a model without the message), or the engine is down, then the step fails (an incident to migrate, or a retry)', async () => {
    const refused = new EngineError(400, 'MismatchingMessageCorrelationException', 'no subscription');
    const running = fakes({ subsidyOpened: false, priceSubsidyId: null, withdrawnFigureNo: 'WJ-1' }, { correlateFails: refused, stillRunning: true });
    expect(await rejection(priceDecideTopic(running).handle(task(vars({ triggered: false }))))).to.equal(refused);
    const down = new EngineUnavailableError('engine down');
    const unavailable = fakes({ subsidyOpened: false, priceSubsidyId: null, withdrawnFigureNo: 'WJ-1' }, { correlateFails: down });
    expect(await rejection(priceDecideTopic(unavailable).handle(task(vars({ triggered: false }))))).to.equal(down);
    const failing = new EngineError(500, 'ProcessEngineException', 'boom');
    const failed = fakes({ subsidyOpened: false, priceSubsidyId: null, withdrawnFigureNo: 'WJ-1' }, { correlateFails: failing });
    expect(await rejection(priceDecideTopic(failed).handle(task(vars({ triggered: false }))))).to.equal(failing);
  });
});

describe('联席会议分派（conference.assign）/ 由工厂注入依赖，单独测试', () => {
  function fakes() {
    const asked: { processKey: string; taskKey: string; due: Date; now: Date; county: string | null | undefined }[] = [];
    const conferences = {
      async assign(matterId: string) {
        expect(matterId).to.equal('m-1');
        return { itemIds: ['i1', 'i2'], itemDepartments: ['education', 'health'], itemDueDates: [], itemDeadlines: ['2026-03-02', '2026-03-09'] };
      },
    };
    const deadlines = {
      async instantsForDeadline(processKey: string, taskKey: string, due: Date, now = new Date(), county?: string | null): Promise<DeadlineInstants> {
        asked.push({ processKey, taskKey, due, now, county });
        return { remindAt: new Date(due.getTime() - 24 * HOUR), dueAt: due, escalateAt: new Date(due.getTime() + 48 * HOUR) } as DeadlineInstants;
      },
    };
    return { conferences, deadlines, asked };
  }

  it('given the agreed items, then each gets its department and its 催办 / 逾期 / 升级 instants from the end of its deadline day, in the county’s rules, as parallel lists', async () => {
    const f = fakes();
    const out = (await conferenceAssignTopic(f).handle(task({ matterId: 'm-1', countyCode: '330102' }, { processDefinitionKey: 'joint-conference' }))) as Record<string, JavaList | number>;
    expect(f.asked.map((a) => [a.processKey, a.taskKey, toIsoWithOffset(a.due), a.county])).to.deep.equal([
      ['joint-conference', 'Task_ImplementItem', '2026-03-02T23:59:59.999+08:00', '330102'],
      ['joint-conference', 'Task_ImplementItem', '2026-03-09T23:59:59.999+08:00', '330102'],
    ]);
    const items = (k: string) => (out[k] as JavaList).items;
    expect(items('itemIds')).to.deep.equal(['i1', 'i2']);
    expect(items('itemDepartments')).to.deep.equal(['education', 'health']);
    expect(items('itemDueDates')).to.deep.equal(['2026-03-02T23:59:59.999+08:00', '2026-03-09T23:59:59.999+08:00']);
    expect(items('itemRemindDates')).to.deep.equal(['2026-03-01T23:59:59.999+08:00', '2026-03-08T23:59:59.999+08:00']);
    expect(items('itemEscalateDates')).to.deep.equal([toIsoWithOffset(new Date(endOfBeijingDay('2026-03-02').getTime() + 48 * HOUR)), toIsoWithOffset(new Date(endOfBeijingDay('2026-03-09').getTime() + 48 * HOUR))]);
    expect(out.itemCount).to.equal(2);
  });

  it('given no county variable, then the installation’s rules are used (no county)', async () => {
    const f = fakes();
    await conferenceAssignTopic(f).handle(task({ matterId: 'm-1' }));
    expect(f.asked.map((a) => a.county)).to.deep.equal([null, null]);
  });
});

describe('冬春救助（campaign.prepare / campaign.record）/ 由工厂注入依赖，单独测试', () => {
  it('given the county’s villages, then the survey and review groups go to the model as Java lists with the approving groups', async () => {
    const campaigns = { prepare: async (county: string) => ({ villageGroups: [`village:${county}001`], townshipGroups: [`township:${county}`], civilGroup: 'civil:330102', emergencyGroup: 'emergency:330102' }) };
    const out = (await campaignPrepareTopic({ campaigns }).handle(task({ countyCode: '330102' }))) as Record<string, unknown>;
    expect((out.villageGroups as JavaList).items).to.deep.equal(['village:330102001']);
    expect((out.townshipGroups as JavaList).items).to.deep.equal(['township:330102']);
    expect([out.civilGroup, out.emergencyGroup]).to.deep.equal(['civil:330102', 'emergency:330102']);
  });

  it('given a county without villages, then it is a fault (a campaign nobody could survey)', async () => {
    const campaigns = { prepare: async () => ({ villageGroups: [], townshipGroups: [], civilGroup: 'civil:1', emergencyGroup: 'emergency:1' }) };
    const err = await rejection(campaignPrepareTopic({ campaigns }).handle(task({ countyCode: '330199' })));
    expect(err.message).to.match(/county 330199 has no villages/);
  });

  const record = async (variables: Record<string, unknown>) => {
    const recorded: [string, boolean][] = [];
    const campaigns = {
      async record(campaignId: string, approved: boolean) {
        recorded.push([campaignId, approved]);
        return approved ? { paid: 4, inKind: 2 } : { paid: 0, inKind: 0 };
      },
    };
    const out = await campaignRecordTopic({ campaigns }).handle(task({ campaignId: 'cp-1', ...variables }));
    return { recorded, out };
  };

  it('given civil affairs and emergency management both approved, then the relief is recorded as approved and its counts go to the model', async () => {
    const { recorded, out } = await record({ civilApproved: true, emergencyApproved: true });
    expect(recorded).to.deep.equal([['cp-1', true]]);
    expect(out).to.deep.equal({ reliefApproved: true, reliefPaidItems: 4, reliefInKindItems: 2 });
  });

  it('given one of the two did not approve (or approved only as text), then nothing is approved', async () => {
    for (const v of [{ civilApproved: true, emergencyApproved: false }, { civilApproved: true }, { civilApproved: 'true', emergencyApproved: true }]) {
      const { recorded, out } = await record(v);
      expect(recorded, JSON.stringify(v)).to.deep.equal([['cp-1', false]]);
      expect(out).to.deep.equal({ reliefApproved: false, reliefPaidItems: 0, reliefInKindItems: 0 });
    }
  });
});

describe('月度发放（payroll.instruct / payroll.settle）/ 由工厂注入依赖，单独测试', () => {
  it('given finance allocated the funds, then the payroll is instructed now and the 延压 clock runs the configured working days from that same instant', async () => {
    const instructed: [string, Date][] = [];
    const counted: [number, Date][] = [];
    const payroll = {
      async instructed(runId: string, now?: Date) {
        instructed.push([runId, now!]);
      },
    };
    const deadlines = {
      async afterWorkdays(days: number, from?: Date) {
        counted.push([days, from!]);
        return new Date(Date.UTC(2026, 2, 5, 15, 59, 59, 999));
      },
    };
    const before = Date.now();
    const out = await payrollInstructTopic({ payroll, deadlines, cfg: { payrollDelayWorkdays: 3 } }).handle(task({ payrollRunId: 'run-1' }));
    expect(instructed.map(([id]) => id)).to.deep.equal(['run-1']);
    expect(counted.map(([days]) => days)).to.deep.equal([3]);
    expect(counted[0]![1]).to.equal(instructed[0]![1]);
    expect(instructed[0]![1].getTime()).to.be.within(before, Date.now());
    expect(out).to.deep.equal({ payrollDelayAt: '2026-03-05T23:59:59.999+08:00' });
  });

  it('given the reconciliation, then the townships with failed lines are a Java list for their tasks and the gateway reads whether there are any', async () => {
    const settle = (failedTownships: string[]) =>
      payrollSettleTopic({ reconciliation: { settle: async (runId: string) => (runId === 'run-2' ? { failedTownships, anomalies: 3 } : expect.fail(runId)) } }).handle(task({ payrollRunId: 'run-2' })) as Promise<Record<string, unknown>>;
    const failed = await settle(['township:330102001', 'township:330102002']);
    expect((failed.failedTownships as JavaList).items).to.deep.equal(['township:330102001', 'township:330102002']);
    expect([failed.hasFailures, failed.payrollAnomalies]).to.deep.equal([true, 3]);
    const clean = await settle([]);
    expect((clean.failedTownships as JavaList).items).to.deep.equal([]);
    expect(clean.hasFailures).to.equal(false);
  });
});
