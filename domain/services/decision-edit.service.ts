/**
 * 决策表修订: a coordinator (or admin) proposes a new version of a decision
 * table; before it is stored the engine itself parses it (deployed under a
 * throw-away key and deleted again), evaluates it against the decision's test
 * cases and replays the last 100 real evaluations from the engine's history to
 * show which outcomes would change. Another person (an admin, or a leader when
 * configured) approves it: only then is that one DMN resource deployed as the
 * decision's new version.
 */
import crypto from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import type { z } from 'zod';
import { AssistanceCase } from '../entities/assistance-case.entity.js';
import { DecisionProposal, DecisionTestCase } from '../entities/decision.entity.js';
import { User } from '../entities/user.entity.js';
import { DECISION } from '../engine/contract.js';
import { EngineError, type EngineClient, type HistoricDecisionInstance } from '../engine/engine-client.js';
import { engineCall, engineReason, engineStatus } from '../engine/engine-calls.js';
import { incidentMessageZh } from '../engine/incident-messages.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import type { CheckReport, ReplayChange, TestCaseResult } from './views.js';
import type { decisionProposalSchema, decisionTestCaseSchema } from '../../contracts/process-admin.schema.js';

export type { CheckReport };

export type DecisionTestCaseInput = z.infer<typeof decisionTestCaseSchema>;

/** The deployment the decision check deploys its throw-away copies under. */
const CHECK_DEPLOYMENT = 'doudi-decision-check';
/** The deployment approved versions are deployed under (apart from processes/: a restart does not deploy over them). */
export const EDIT_DEPLOYMENT = 'doudi-decision-edits';
const REPLAY_SIZE = 100;
const KEYWORDS = new Set(['true', 'false', 'null', 'and', 'or', 'not', 'if', 'then', 'else', 'in', 'for', 'some', 'every', 'satisfies', 'instance', 'of', 'between', 'return']);

/** The decision ids a DMN file declares. */
export function decisionIds(xml: string): string[] {
  return [...xml.matchAll(/<(?:[\w-]+:)?decision\s[^>]*?\bid="([^"]+)"/g)].map((m) => m[1]!);
}

/** Input clause id → its input expression text (XML entities decoded). */
export function inputExpressions(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of xml.matchAll(/<(?:[\w-]+:)?input\s[^>]*?\bid="([^"]+)"[^>]*>[\s\S]*?<(?:[\w-]+:)?text>([\s\S]*?)<\/(?:[\w-]+:)?text>/g)) {
    out.set(
      m[1]!,
      m[2]!
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .trim(),
    );
  }
  return out;
}

/** The variable names an input expression reads. */
function identifiers(expr: string): string[] {
  return [...new Set((expr.replace(/"[^"]*"/g, '').match(/[A-Za-z_]\w*/g) ?? []).filter((w) => !KEYWORDS.has(w)))];
}

/** A copy of a decision table under another id that collects every matching rule (to count overlaps). */
function collectCopy(xml: string, id: string): string {
  return xml
    .replace(/(<(?:[\w-]+:)?decision\s[^>]*?\bid=")[^"]+(")/, `$1${id}$2`)
    .replace(/hitPolicy="[A-Z ]+"/, 'hitPolicy="COLLECT"')
    .replace(/(<(?:[\w-]+:)?decisionTable)(?![^>]*hitPolicy)/, '$1 hitPolicy="COLLECT"')
    .replace(/\saggregation="[A-Z]+"/, '');
}

/** Rows compared without regard to order: every expected row matches a distinct actual row on the keys it lists. */
export function rowsMatch(expected: Record<string, unknown>[], actual: Record<string, unknown>[]): boolean {
  if (expected.length !== actual.length) return false;
  const left = [...actual];
  for (const e of expected) {
    const k = left.findIndex((a) => Object.entries(e).every(([name, v]) => a[name] === v));
    if (k < 0) return false;
    left.splice(k, 1);
  }
  return true;
}

const canonical = (rows: Record<string, unknown>[]) => JSON.stringify(rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).sort()))).sort());

/** The engine's reason a decision table was refused, in Chinese where known. */
function refusal(err: unknown): string {
  const raw = err instanceof EngineError ? engineReason(err) : String((err as Error).message ?? err);
  const zh = incidentMessageZh(raw);
  return zh.known ? zh.message : raw.slice(0, 300);
}

export class DecisionEditService {
  constructor(
    private readonly ds: DataSource,
    private readonly engine: EngineClient,
    private readonly approverRoles: readonly string[],
  ) {}

  private checkKey(key: string): void {
    if (!(Object.values(DECISION) as string[]).includes(key)) throw new NotFoundError('DECISION_NOT_FOUND', '决策表不存在');
  }

  /** The decision's stored test cases, in order. */
  async testCases(key: string): Promise<DecisionTestCaseInput[]> {
    this.checkKey(key);
    const rows = await this.ds.getRepository(DecisionTestCase).find({ where: { decisionKey: key }, order: { position: 'ASC' } });
    return rows.map((r) => ({ name: r.name, inputs: r.inputs as DecisionTestCaseInput['inputs'], expected: r.expected as DecisionTestCaseInput['expected'] }));
  }

  /** The decision's versions, test cases and proposals, for the decision page. */
  async overview(key: string) {
    this.checkKey(key);
    const [versions, testCases, proposals] = await Promise.all([
      engineCall(() => this.engine.decisionVersions(key)),
      this.testCases(key),
      this.ds.getRepository(DecisionProposal).find({ where: { decisionKey: key }, order: { proposedAt: 'DESC' }, take: 50 }),
    ]);
    const userIds = [...new Set(proposals.flatMap((p) => [p.proposedBy, p.decidedBy]).filter((x): x is string => !!x))];
    const users = userIds.length ? await this.ds.getRepository(User).findBy({ id: In(userIds) }) : [];
    const nameOf = (id: string | null) => (id ? (users.find((u) => u.id === id)?.displayName ?? null) : null);
    return {
      key,
      approverRoles: this.approverRoles,
      versions: versions.map((v) => ({ version: v.version, definitionId: v.id, deploymentId: v.deploymentId })),
      testCases,
      proposals: proposals.map((p) => ({
        id: p.id,
        status: p.status,
        note: p.note,
        xml: p.xml,
        report: p.report as CheckReport,
        proposedBy: nameOf(p.proposedBy),
        proposedById: p.proposedBy,
        proposedAt: p.proposedAt,
        decidedBy: nameOf(p.decidedBy),
        decidedAt: p.decidedAt,
        decisionNote: p.decisionNote,
        deployedVersion: p.deployedVersion,
      })),
    };
  }

  /**
   * Parses the candidate in the engine (a throw-away copy under its own key), runs the
   * test cases on it and replays the last real evaluations. An unparsable table, or one
   * that renames the decision, is refused with a 400 and nothing is kept.
   */
  async check(key: string, xml: string, testCases: DecisionTestCaseInput[]): Promise<CheckReport> {
    this.checkKey(key);
    const ids = decisionIds(xml);
    if (ids.length !== 1 || ids[0] !== key) throw new BadRequestError('DECISION_KEY_MISMATCH', `决策表文件中必须有且只有一个决策，且标识保持为“${key}”`, 'xml');
    const sandboxKey = `${key}-check-${crypto.randomBytes(4).toString('hex')}`;
    const sandboxXml = xml.replace(/(<(?:[\w-]+:)?decision\s[^>]*?\bid=")[^"]+(")/, `$1${sandboxKey}$2`);
    const unique = /hitPolicy="UNIQUE"/.test(xml) || !/hitPolicy=/.test(xml);
    let deploymentId: string | undefined;
    try {
      // Under UNIQUE the engine only says the evaluation failed: a COLLECT copy tells an overlap of rules apart.
      const files = [{ name: `${sandboxKey}.dmn`, content: sandboxXml }];
      if (unique) files.push({ name: `${sandboxKey}-all.dmn`, content: collectCopy(sandboxXml, `${sandboxKey}-all`) });
      const invalid = (err: EngineError) => new BadRequestError('DECISION_INVALID', `决策表无法解析或不合规：${refusal(err)}`, 'xml');
      const d = await engineCall(() => this.engine.deploy(CHECK_DEPLOYMENT, files, 'doudi-decision-check'), { refused: invalid, 500: invalid });
      deploymentId = d.id;
      const evaluate = async (vars: Record<string, unknown>): Promise<{ rows: Record<string, unknown>[] | null; error: string | null }> => {
        try {
          return { rows: await this.engine.evaluateDecision(sandboxKey, vars), error: null };
        } catch (err) {
          if (engineStatus(err) === undefined) throw err;
          if (unique) {
            const all = await this.engine.evaluateDecision(`${sandboxKey}-all`, vars).catch(() => null);
            if (all && all.length > 1) return { rows: null, error: `决策表按“唯一命中”（UNIQUE）规则，此输入同时命中 ${all.length} 条规则（规则重叠）` };
          }
          return { rows: null, error: `决策求值失败：${refusal(err)}` };
        }
      };
      const results: TestCaseResult[] = [];
      for (const t of testCases) {
        const r = await evaluate(t.inputs);
        results.push({ name: t.name, expected: t.expected, actual: r.rows, error: r.error, passed: !!r.rows && rowsMatch(t.expected, r.rows) });
      }
      const replay = await this.replay(key, xml, evaluate);
      return { passed: results.every((r) => r.passed), testCases: results, replay };
    } finally {
      if (deploymentId) await this.engine.deleteDeployment(deploymentId).catch(() => undefined);
    }
  }

  /** Replays the last real evaluations of the deployed decision on the candidate: the ones whose outcome changes. */
  private async replay(key: string, candidateXml: string, evaluate: (vars: Record<string, unknown>) => Promise<{ rows: Record<string, unknown>[] | null; error: string | null }>) {
    const history = (await engineCall(() => this.engine.historicDecisionInstances(key, REPLAY_SIZE))).filter((h) => !h.rootDecisionInstanceId || h.rootDecisionInstanceId === h.id);
    const deployedExpr = new Map<string, Map<string, string>>();
    const candidateNeeds = [...new Set([...inputExpressions(candidateXml).values()].flatMap(identifiers))];
    const cases = await this.ds.getRepository(AssistanceCase).findBy({ processInstanceId: In([...new Set(history.map((h) => h.processInstanceId).filter((x): x is string => !!x))].concat(['-'])) });
    const changed: ReplayChange[] = [];
    let evaluated = 0;
    let skipped = 0;
    for (const h of history) {
      const vars = await this.inputsOf(h, deployedExpr, candidateNeeds);
      if (!vars) {
        skipped++;
        continue;
      }
      evaluated++;
      const before = this.outputsOf(h);
      const after = await evaluate(vars);
      if (!after.rows || canonical(after.rows) !== canonical(before)) {
        changed.push({ evaluatedAt: h.evaluationTime, caseNo: cases.find((c) => c.processInstanceId === h.processInstanceId)?.caseNo ?? null, inputs: vars, before, after: after.rows, error: after.error });
      }
    }
    return { evaluated, skipped, changed };
  }

  /** The variables an evaluation read: its input clauses' values, and the instance's variables the candidate also needs. */
  private async inputsOf(h: HistoricDecisionInstance, deployedExpr: Map<string, Map<string, string>>, candidateNeeds: string[]): Promise<Record<string, unknown> | null> {
    let exprs = deployedExpr.get(h.decisionDefinitionId);
    if (!exprs) {
      const xml = await engineCall(() => this.engine.decisionXmlById(h.decisionDefinitionId));
      exprs = inputExpressions(xml.dmnXml);
      deployedExpr.set(h.decisionDefinitionId, exprs);
    }
    const vars: Record<string, unknown> = {};
    for (const i of h.inputs) {
      const expr = exprs.get(i.clauseId);
      if (expr && /^[A-Za-z_]\w*$/.test(expr)) vars[expr] = i.value;
    }
    const missing = candidateNeeds.filter((n) => !(n in vars));
    if (missing.length && h.processInstanceId) {
      for (const v of await engineCall(() => this.engine.historicVariables(h.processInstanceId!, missing))) vars[v.name] = v.value;
    }
    return candidateNeeds.every((n) => n in vars) ? vars : null;
  }

  private outputsOf(h: HistoricDecisionInstance): Record<string, unknown>[] {
    const byRule = new Map<string, Record<string, unknown>>();
    for (const o of [...h.outputs].sort((a, b) => a.ruleOrder - b.ruleOrder)) {
      const row = byRule.get(`${o.ruleOrder}:${o.ruleId}`) ?? {};
      row[o.variableName] = o.value;
      byRule.set(`${o.ruleOrder}:${o.ruleId}`, row);
    }
    return [...byRule.values()];
  }

  /** Stores a proposal once it parses and passes its test cases (the stored ones unless it brings its own). */
  async propose(user: User, key: string, input: z.infer<typeof decisionProposalSchema>) {
    this.checkKey(key);
    const testCases = input.testCases ?? (await this.testCases(key));
    const current = await engineCall(() => this.engine.decisionXml(key));
    if (current.dmnXml.trim() === input.xml.trim() && !input.testCases) throw new ConflictError('DECISION_UNCHANGED', '决策表与当前版本相同，无需修订');
    const report = await this.check(key, input.xml, testCases);
    this.refuseFailed(report);
    const p = await this.ds.getRepository(DecisionProposal).save({ decisionKey: key, xml: input.xml, testCases, note: input.note, report, status: 'pending', proposedBy: user.id });
    return { id: p.id, status: p.status, report };
  }

  private refuseFailed(report: CheckReport): void {
    const failed = report.testCases.filter((t) => !t.passed);
    if (failed.length) {
      throw new BadRequestError('DECISION_TESTS_FAILED', `新版本未通过 ${failed.length} 个测试用例：${failed.map((t) => `“${t.name}”${t.error ? `（${t.error}）` : ''}`).join('、')}`);
    }
  }

  private async pending(id: string): Promise<DecisionProposal> {
    const p = /^[0-9a-f-]{36}$/i.test(id) ? await this.ds.getRepository(DecisionProposal).findOneBy({ id }) : null;
    if (!p) throw new NotFoundError('PROPOSAL_NOT_FOUND', '修订不存在');
    if (p.status !== 'pending') throw new ConflictError('PROPOSAL_DECIDED', p.status === 'approved' ? '该修订已批准部署' : '该修订已被退回');
    return p;
  }

  private mayDecide(user: User, p: DecisionProposal): void {
    if (!this.approverRoles.includes(user.role)) throw new ForbiddenError('DECISION_APPROVER_ONLY', '只有审批人可以批准或退回决策表修订');
    if (p.proposedBy === user.id) throw new ForbiddenError('SELF_APPROVAL_FORBIDDEN', '不能审批自己提出的修订');
  }

  /**
   * Approves a proposal: checked again (the test cases must still pass), then that one
   * DMN resource is deployed as the decision's new version and the proposal records who
   * approved it and the version. New evaluations use it (binding: latest).
   */
  async approve(user: User, id: string, note?: string) {
    const p = await this.pending(id);
    this.mayDecide(user, p);
    const report = await this.check(p.decisionKey, p.xml, p.testCases as DecisionTestCaseInput[]);
    this.refuseFailed(report);
    const d = await engineCall(() => this.engine.deploy(EDIT_DEPLOYMENT, [{ name: `${p.decisionKey}.dmn`, content: p.xml }], 'doudi-decision-edit'));
    const latest = await engineCall(() => this.engine.decisionDefinition(p.decisionKey));
    await this.ds.transaction(async (em) => {
      await em.update(DecisionProposal, { id: p.id, status: 'pending' }, { status: 'approved', decidedBy: user.id, decidedAt: new Date(), decisionNote: note ?? null, deploymentId: d.id, deployedVersion: latest.version });
      await em.delete(DecisionTestCase, { decisionKey: p.decisionKey });
      const cases = p.testCases as DecisionTestCaseInput[];
      if (cases.length) await em.getRepository(DecisionTestCase).save(cases.map((t, i) => em.create(DecisionTestCase, { decisionKey: p.decisionKey, position: i + 1, name: t.name, inputs: t.inputs, expected: t.expected })));
    });
    return { id: p.id, status: 'approved' as const, version: latest.version, report };
  }

  /** Returns a proposal to its author with the reason; nothing is deployed. */
  async reject(user: User, id: string, note?: string) {
    const p = await this.pending(id);
    this.mayDecide(user, p);
    if (!note) throw new BadRequestError('NOTE_INVALID', '退回时请填写理由', 'note');
    await this.ds.getRepository(DecisionProposal).update({ id: p.id, status: 'pending' }, { status: 'rejected', decidedBy: user.id, decidedAt: new Date(), decisionNote: note });
    return { id: p.id, status: 'rejected' as const };
  }
}
