/**
 * The application flow's topics (低保/特困 and 临时救助) as their factories build them: each
 * handler with small fakes of the services it is given — no database, no engine. What is
 * checked is the handler's own work: the variables it reads and maps, the errors it refuses
 * with, the branch it chooses.
 */
import { expect } from 'chai';
import type { DocumentCode } from '../../contracts/documents.js';
import type { HouseholdFlags } from '../../contracts/household-facts.js';
import type { VerificationReport } from '../../domain/entities/verification.entity.js';
import type { TopicContext } from '../../workers/topic.js';
import { rejection, topicContext } from '../support/topics.js';
import { caseCheckDocumentsTopic } from '../../workers/topics/case-check-documents.topic.js';
import { caseClassifyTopic } from '../../workers/topics/case-classify.topic.js';
import { referralOpenTopic } from '../../workers/topics/referral-open.topic.js';
import { temporaryAssessTopic } from '../../workers/topics/temporary-assess.topic.js';
import { verificationQueryTopic } from '../../workers/topics/verification-query.topic.js';
import { verificationReportTopic } from '../../workers/topics/verification-report.topic.js';
import { JavaList } from '../../workers/values.js';

/** The external task a topic receives: its variables, and the step it belongs to. */
const task = (variables: Record<string, unknown>, over: Partial<TopicContext> = {}): TopicContext =>
  topicContext(variables, { taskId: 'ext-task-7', processInstanceId: 'pi-1', businessKey: 'SA-2026-000001', activityId: 'Task_Step', processDefinitionKey: 'social-assistance-application' }, over);

const NO_FLAGS: HouseholdFlags = { disabledMember: false, pupilMember: false, seriousIllnessMember: false, unemployedMember: false, povertyMonitored: false, disasterAffected: false };

describe('材料完整性审查（case.check-documents）/ 由工厂注入依赖，单独测试', () => {
  const fake = (missing: DocumentCode[]) => {
    const asked: [string, string, readonly string[]][] = [];
    return {
      asked,
      applicationSteps: {
        async checkDocuments(caseId: string, taskId: string, required: readonly string[]) {
          asked.push([caseId, taskId, required]);
          return { complete: missing.length === 0, missing };
        },
      },
    };
  };

  it('given the documents decision’s list (JSON text from the engine), then exactly those documents are checked, keyed by the external task, and the count of missing ones goes back', async () => {
    const f = fake(['income_statement', 'household_register']);
    const out = await caseCheckDocumentsTopic(f).handle(task({ caseId: 'c1', requiredDocuments: JSON.stringify(['id_card', 'income_statement', 'household_register']) }));
    expect(f.asked).to.deep.equal([['c1', 'ext-task-7', ['id_card', 'income_statement', 'household_register']]]);
    expect(out).to.deep.equal({ documentsComplete: false, missingDocumentCount: 2 });
  });

  it('given nothing missing, then the documents are complete', async () => {
    const f = fake([]);
    const out = await caseCheckDocumentsTopic(f).handle(task({ caseId: 'c1', requiredDocuments: ['id_card'] }));
    expect(out).to.deep.equal({ documentsComplete: true, missingDocumentCount: 0 });
  });

  it('given an empty list from the decision, then it is a fault (retried, then an incident) and nothing is checked', async () => {
    const f = fake([]);
    const err = await rejection(caseCheckDocumentsTopic(f).handle(task({ caseId: 'c1', requiredDocuments: '[]' })));
    expect(err.message).to.match(/requiredDocuments is not a list/);
    expect(f.asked).to.deep.equal([]);
  });
});

describe('分类派单（case.classify）/ 由工厂注入依赖，单独测试', () => {
  it('given the classification, then the departments are one comma-separated value, the configured sources a Java list, and the household’s flags top-level variables', async () => {
    const cases = {
      async classify(caseId: string) {
        expect(caseId).to.equal('c9');
        return { leadDepartment: 'civil', departments: ['civil', 'education', 'health'], villageGroup: 'village:330102001001', paymentDue: true, flags: { ...NO_FLAGS, pupilMember: true } };
      },
    };
    const out = (await caseClassifyTopic({ cases, cfg: { verificationSources: ['tax', 'vehicle'] } }).handle(task({ caseId: 'c9' }))) as Record<string, unknown>;
    expect(out.verificationSources).to.be.instanceOf(JavaList);
    expect((out.verificationSources as JavaList).items).to.deep.equal(['tax', 'vehicle']);
    const { verificationSources: _, ...rest } = out;
    expect(rest).to.deep.equal({ leadDepartment: 'civil', departments: 'civil,education,health', villageGroup: 'village:330102001001', paymentDue: true, ...NO_FLAGS, pupilMember: true });
  });
});

describe('转介相关部门（referral.open）/ 由工厂注入依赖，单独测试', () => {
  const fake = () => {
    const opened: [string, readonly { department: string; reason: string }[]][] = [];
    return {
      opened,
      cases: {
        async openReferrals(caseId: string, matches: readonly { department: string; reason: string }[]) {
          opened.push([caseId, matches]);
          return [...new Set(matches.map((m) => m.department))];
        },
      },
    };
  };

  it('given the referral decision’s rows (JSON text), then each row is opened as department and reason, and the model gets the departments and their count', async () => {
    const f = fake();
    const rows = [
      { department: 'education', reason: '家庭有在学子女' },
      { department: 'health', reason: 3 },
    ];
    const out = (await referralOpenTopic(f).handle(task({ caseId: 'c2', referralMatches: JSON.stringify(rows) }))) as Record<string, unknown>;
    expect(f.opened).to.deep.equal([
      [
        'c2',
        [
          { department: 'education', reason: '家庭有在学子女' },
          { department: 'health', reason: '3' },
        ],
      ],
    ]);
    expect((out.referralDepartments as JavaList).items).to.deep.equal(['education', 'health']);
    expect(out.referralCount).to.equal(2);
  });

  it('given a result that is not a list, then it is a fault and nothing is opened', async () => {
    const f = fake();
    const err = await rejection(referralOpenTopic(f).handle(task({ caseId: 'c2', referralMatches: JSON.stringify({ department: 'health' }) })));
    expect(err.message).to.match(/referralMatches is not a list/);
    expect(f.opened).to.deep.equal([]);
  });
});

describe('家庭经济状况核对（verification.query / verification.report）/ 由工厂注入依赖，单独测试', () => {
  it('given the round of the last report, then the source is queried for the next round; before any report, for round 1', async () => {
    const asked: [string, string, number][] = [];
    const applicationSteps = {
      async queryVerificationSource(caseId: string, source: string, round: number) {
        asked.push([caseId, source, round]);
        return {} as never;
      },
    };
    const topic = verificationQueryTopic({ applicationSteps });
    const out = await topic.handle(task({ caseId: 'c3', verificationSource: 'tax', verificationRound: 2 }));
    await topic.handle(task({ caseId: 'c3', verificationSource: 'vehicle' }));
    await topic.handle(task({ caseId: 'c3', verificationSource: 'vehicle', verificationRound: 'x' }));
    expect(asked).to.deep.equal([
      ['c3', 'tax', 3],
      ['c3', 'vehicle', 1],
      ['c3', 'vehicle', 1],
    ]);
    // the result stays in the app database: nothing goes to the engine
    expect(out).to.equal(undefined);
  });

  it('given the answers of the round, then the report of the next round is built from the configured sources and the eligibility inputs of that round go with its income', async () => {
    const calls: unknown[][] = [];
    const applicationSteps = {
      async buildVerificationReport(caseId: string, sources: string[], round?: number) {
        calls.push(['report', caseId, sources, round]);
        return { round: 2, perCapitaIncomeFen: 61_000, flags: ['vehicle'] } as unknown as VerificationReport;
      },
      async eligibilityInputs(caseId: string, round: number) {
        calls.push(['inputs', caseId, round]);
        return { standardFen: 98_000, vehicleFound: true, propertyFound: false, depositsFound: false };
      },
    };
    const out = await verificationReportTopic({ applicationSteps, cfg: { verificationSources: ['tax', 'vehicle'] } }).handle(task({ caseId: 'c4', verificationRound: 1 }));
    expect(calls).to.deep.equal([
      ['report', 'c4', ['tax', 'vehicle'], 2],
      ['inputs', 'c4', 2],
    ]);
    expect(out).to.deep.equal({ perCapitaIncomeFen: 61_000, verificationRound: 2, verificationFlagCount: 1, standardFen: 98_000, vehicleFound: true, propertyFound: false, depositsFound: false });
  });
});

describe('临时救助审批层级（temporary.assess）/ 由工厂注入依赖，单独测试', () => {
  const fake = () => {
    const assessed: [string, string, boolean, number | undefined][] = [];
    return {
      assessed,
      temporary: {
        async assess(caseId: string, level: 'township' | 'county', payFirst: boolean, limitFen?: number) {
          assessed.push([caseId, level, payFirst, limitFen]);
        },
      },
    };
  };

  it('given the approval decision says county and pay first, then both are recorded with the township limit and go to the model’s gateways', async () => {
    const f = fake();
    const out = await temporaryAssessTopic(f).handle(task({ caseId: 't1', approvalDecision: JSON.stringify({ approvalLevel: 'county', payFirst: true }), townshipLimitFen: 300_000 }));
    expect(f.assessed).to.deep.equal([['t1', 'county', true, 300_000]]);
    expect(out).to.deep.equal({ approvalLevel: 'county', payFirst: true });
  });

  it('given pay first is not exactly true and the limit is not a number, then it is no pay-first and no limit', async () => {
    const f = fake();
    const out = await temporaryAssessTopic(f).handle(task({ caseId: 't2', approvalDecision: { approvalLevel: 'township', payFirst: 'true' }, townshipLimitFen: '300000' }));
    expect(f.assessed).to.deep.equal([['t2', 'township', false, undefined]]);
    expect(out).to.deep.equal({ approvalLevel: 'township', payFirst: false });
  });

  it('given a level that is neither township nor county, then it is a fault and nothing is recorded', async () => {
    const f = fake();
    const err = await rejection(temporaryAssessTopic(f).handle(task({ caseId: 't3', approvalDecision: JSON.stringify({ approvalLevel: 'city', payFirst: false }) })));
    expect(err.message).to.match(/approvalLevel city is not township or county/);
    expect(f.assessed).to.deep.equal([]);
  });
});
