/**
 * 案卷 (case file) as a user reads it: the case, the household with masked ID
 * numbers, the timeline with opinions, the payment instruction, and the
 * engine's history of the process instance.
 */
import { countyCodeOf } from '../engine/contract.js';
import { OUTCOME_NAMES, STATUS_NAMES } from '../../contracts/assistance.js';
import type { CaseListItem } from '../../contracts/lists.schema.js';
import { In, type DataSource } from 'typeorm';
import { AssistanceCase, ASSISTANCE_TYPE_NAMES, type AssistanceType } from '../entities/assistance-case.entity.js';
import { Department } from '../entities/department.entity.js';
import { Household } from '../entities/household.entity.js';
import { HouseholdMember } from '../entities/household-member.entity.js';
import { PaymentInstruction } from '../entities/payment-instruction.entity.js';
import { Unit } from '../entities/unit.entity.js';
import type { User } from '../entities/user.entity.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../errors.js';
import type { CaseListQuery } from '../../contracts/worklist.schema.js';
import { engineCall } from '../engine/engine-calls.js';
import { containsPattern } from '../db/like.js';
import { PROCESS } from '../engine/contract.js';
import { beijingInstant, endOfBeijingDay } from '../time/beijing.js';
import { toEngineDate } from '../time/deadline.js';
import { maskAddress, maskCardNo, maskIdNumber, maskPhone } from '../idcard.js';
import type { EngineClient } from '../engine/engine-client.js';
import { CaseService, mayReadCase } from './case.service.js';
import { processGraphs } from '../deadlines/process-graph.js';
import { DemocraticReview, HomeVisit, LedgerEntry, NoticeObjection, PublicNotice, Referral } from '../entities/case-step.entity.js';
import { VerificationReport, VerificationResult } from '../entities/verification.entity.js';
import { DISASTER_IMPACTS, describeFacts } from '../household-facts.js';
import { DOCUMENT_NAMES, requiredDocuments, type DocumentCode } from '../documents.js';
import { sourceOf } from '../verification/registry.js';
import { TemporaryPayment, TemporaryRequest } from '../entities/temporary.entity.js';
import { ConferenceMatter } from '../entities/conference-matter.entity.js';
import { canViewMatter, matterSummary } from './conference.service.js';

/** The objector's contact as the case file shows it: a mobile number like every phone, anything else cut to its first character. */
function maskContact(v: string): string {
  return /^1\d{10}$/.test(v) ? (maskPhone(v) ?? '') : `${[...v][0] ?? ''}****`;
}

/** The processes whose instances are cases (the joint conference's are matters). */
const CASE_PROCESSES = [PROCESS.socialAssistanceApplication, PROCESS.temporaryAssistance];
/** At most this many open tasks feed a step or 逾期 filter (a county has far fewer open cases). */
const STEP_FILTER_CAP = 10_000;

/** The user tasks of the case processes, once per name (the 当前环节 filter's options). */
export async function caseSteps(): Promise<{ key: string; name: string }[]> {
  const graphs = await processGraphs();
  const out = new Map<string, { key: string; name: string }>();
  for (const key of CASE_PROCESSES) for (const t of graphs.get(key)?.userTasks() ?? []) if (t.name && !out.has(t.key)) out.set(t.key, { key: t.key, name: t.name });
  return [...out.values()];
}

export { OUTCOME_NAMES, STATUS_NAMES };

export class CaseFileService {
  constructor(
    private readonly ds: DataSource,
    private readonly engine: EngineClient,
  ) {}

  /** The case and its household when the user may read the case file (404 / 403 otherwise). */
  async readable(user: User, caseId: string): Promise<{ c: AssistanceCase; h: Household }> {
    if (!/^[0-9a-f-]{36}$/i.test(caseId)) throw new NotFoundError('CASE_NOT_FOUND', '申请不存在');
    const c = await new CaseService(this.ds).get(caseId);
    // A copy (抄送) gives no access of its own: copies go only to those who may read the case anyway.
    if (!(await mayReadCase(this.ds, user, c))) throw new ForbiddenError('CASE_FORBIDDEN', '无权查看该申请');
    const h = await this.ds.getRepository(Household).findOneByOrFail({ id: c.householdId });
    return { c, h };
  }

  async forUser(user: User, caseId: string) {
    const { c, h } = await this.readable(user, caseId);
    const members = await this.ds.getRepository(HouseholdMember).find({ where: { householdId: h.id }, order: { relation: 'ASC' } });
    const timeline = await new CaseService(this.ds).timeline(c.id);
    const payment = await this.ds.getRepository(PaymentInstruction).findOneBy({ caseId: c.id });
    const units = await this.ds.getRepository(Unit).findBy({ code: In([h.unitCode, c.unitCode]) });
    const depts = await this.ds.getRepository(Department).find();
    const [reports, results, visits, reviews, notices, objections, referrals, ledger] = await Promise.all([
      this.ds.getRepository(VerificationReport).find({ where: { caseId: c.id }, order: { round: 'ASC' } }),
      this.ds.getRepository(VerificationResult).find({ where: { caseId: c.id }, order: { round: 'ASC', source: 'ASC' } }),
      this.ds.getRepository(HomeVisit).find({ where: { caseId: c.id }, order: { visitedAt: 'ASC' } }),
      this.ds.getRepository(DemocraticReview).find({ where: { caseId: c.id }, order: { heldAt: 'ASC' } }),
      this.ds.getRepository(PublicNotice).find({ where: { caseId: c.id }, order: { publishedAt: 'ASC' } }),
      this.ds.getRepository(NoticeObjection).find({ where: { caseId: c.id }, order: { receivedAt: 'ASC' } }),
      this.ds.getRepository(Referral).find({ where: { caseId: c.id }, order: { departmentCode: 'ASC' } }),
      this.ds.getRepository(LedgerEntry).findOneBy({ caseId: c.id }),
    ]);
    const [tempRequest, tempPayment, matters] = await Promise.all([
      this.ds.getRepository(TemporaryRequest).findOneBy({ caseId: c.id }),
      this.ds.getRepository(TemporaryPayment).findOneBy({ caseId: c.id }),
      this.ds.getRepository(ConferenceMatter).find({ where: { relatedCaseId: c.id }, order: { createdAt: 'ASC' } }),
    ]);
    const docName = (d: string) => DOCUMENT_NAMES[d as DocumentCode] ?? d;
    const dname = (code: string | null) => (code ? (depts.find((d) => d.code === code)?.name ?? code) : null);
    let history: { activityId: string; name: string | null; type: string; start: string; end: string | null; assignee: string | null; taskId: string | null; durationMs: number | null }[] = [];
    let processState: string | null = null;
    let tracking: { completed: string[]; current: string[]; takenFlows: string[] } = { completed: [], current: [], takenFlows: [] };
    if (c.processInstanceId) {
      try {
        const [hpi, acts] = await Promise.all([this.engine.historicProcessInstance(c.processInstanceId), this.engine.historicActivities(c.processInstanceId)]);
        processState = hpi.state;
        const all = acts.map((a) => ({
          activityId: a.activityId,
          name: a.activityName,
          type: a.activityType,
          start: a.startTime,
          end: a.endTime,
          assignee: a.assignee,
          taskId: a.taskId,
          durationMs: a.endTime ? Date.parse(a.endTime) - Date.parse(a.startTime) : null,
        }));
        history = all.filter((a) => !['sequenceFlow', 'exclusiveGateway', 'parallelGateway'].includes(a.type));
        const graph = (await processGraphs()).get(hpi.processDefinitionKey);
        tracking = {
          completed: [...new Set(all.filter((a) => a.end).map((a) => a.activityId))],
          current: [...new Set(all.filter((a) => !a.end).map((a) => a.activityId))],
          takenFlows: graph ? graph.takenFlows(all) : [],
        };
      } catch {
        processState = 'UNKNOWN';
      }
    }
    return {
      id: c.id,
      caseNo: c.caseNo,
      status: c.status,
      statusName: STATUS_NAMES[c.status] ?? c.status,
      outcome: c.outcome,
      outcomeName: c.outcome ? OUTCOME_NAMES[c.outcome] : null,
      outcomeReason: c.outcomeReason,
      assistanceTypes: c.assistanceTypes,
      assistanceTypeNames: c.assistanceTypes.map((a) => ASSISTANCE_TYPE_NAMES[a as AssistanceType] ?? a),
      reason: c.reason,
      leadDepartment: c.leadDepartment,
      leadDepartmentName: dname(c.leadDepartment),
      registeredAt: c.createdAt,
      registeredUnit: units.find((u) => u.code === c.unitCode)?.name ?? c.unitCode,
      closedAt: c.closedAt,
      processInstanceId: c.processInstanceId,
      processState,
      household: {
        id: h.id,
        householdNo: h.householdNo,
        headName: h.headName,
        headIdNumber: maskIdNumber(h.headIdNumber),
        phone: maskPhone(h.phone),
        address: maskAddress(h.address),
        bankCardNo: maskCardNo(h.bankCardNo),
        village: units.find((u) => u.code === h.unitCode)?.name ?? h.unitCode,
        monthlyIncomeYuan: h.monthlyIncomeFen / 100,
        disasterImpact: h.disasterImpact,
        disasterImpactName: DISASTER_IMPACTS[h.disasterImpact] ?? h.disasterImpact,
        members: members.map((m) => ({ id: m.id, name: m.name, idNumber: maskIdNumber(m.idNumber), relation: m.relation, facts: m.facts, factNames: describeFacts(m.facts) })),
      },
      timeline: timeline.map((e) => ({ at: e.at, kind: e.kind, step: e.stepName, actor: e.actorName, department: dname(e.departmentCode), opinion: e.opinion })),
      payment: payment
        ? {
            monthlyAmountYuan: payment.monthlyAmountFen / 100,
            householdSize: payment.householdSize,
            standardYuan: payment.standardFen / 100,
            perCapitaIncomeYuan: payment.perCapitaIncomeFen / 100,
            startMonth: payment.startMonth,
            status: payment.status,
          }
        : null,
      history,
      /** 流程跟踪图: completed and current activities and the sequence flows taken. */
      tracking,
      documents: {
        required: requiredDocuments(c.assistanceTypes as AssistanceType[]).map((d) => ({ code: d, name: docName(d), submitted: c.documents.includes(d) })),
        missing: c.missingDocuments.map((d) => ({ code: d, name: docName(d) })),
      },
      verification: reports.map((r) => ({
        round: r.round,
        householdSize: r.householdSize,
        totalMonthlyIncomeYuan: r.totalMonthlyIncomeFen / 100,
        perCapitaIncomeYuan: r.perCapitaIncomeFen / 100,
        flags: r.flags,
        summary: r.summary,
        sources: results.filter((x) => x.round === r.round).map((x) => ({ source: x.source, name: sourceOf(x.source).name, monthlyIncomeYuan: x.monthlyIncomeFen / 100, summary: x.summary, flags: x.flags, assets: x.assets })),
      })),
      homeVisits: visits.map((v) => ({ visitedAt: v.visitedAt, findings: v.findings, recommend: v.recommend })),
      democraticReviews: reviews.map((r) => ({ heldAt: r.heldAt, participants: r.participants, votesFor: r.votesFor, votesAgainst: r.votesAgainst, passed: r.passed })),
      notices: notices.map((n) => ({ noticeNo: n.noticeNo, publishedAt: n.publishedAt, endsAt: n.endsAt, status: n.status, content: n.content })),
      objections: objections.map((o) => ({ receivedAt: o.receivedAt, content: o.content, contact: o.contact === null ? null : maskContact(o.contact), upheld: o.upheld, resolution: o.resolution })),
      referrals: referrals.map((r) => ({ department: r.departmentCode, departmentName: dname(r.departmentCode), status: r.status, reason: r.reason, opinion: r.opinion, handledAt: r.handledAt })),
      temporary: tempRequest
        ? {
            amountYuan: tempRequest.amountFen / 100,
            emergency: tempRequest.emergency,
            source: tempRequest.source,
            sourceName: tempRequest.source === 'village_report' ? '村级主动发现' : tempRequest.source === 'rural_flag' ? '乡村振兴部门推送' : '窗口受理',
            approvalLevel: tempRequest.approvalLevel,
            approvalLevelName: tempRequest.approvalLevel === 'township' ? '乡镇审批' : tempRequest.approvalLevel === 'county' ? '县级审批' : null,
            payment: tempPayment ? { amountYuan: tempPayment.amountFen / 100, paidFirst: tempPayment.paidFirst, paidAt: tempPayment.createdAt } : null,
          }
        : null,
      /** 联席会议议题 raised about this case, with their outcome; `readable` when the user may open the matter. */
      conferences: matters.map((m) => ({ ...matterSummary(m), report: m.report, readable: canViewMatter(user, m) })),
      ledger: ledger ? { certificateNo: ledger.certificateNo, townshipCode: ledger.townshipCode, monthlyAmountYuan: ledger.monthlyAmountFen / 100, startMonth: ledger.startMonth } : null,
    };
  }

  /**
   * 申请查询: the cases the user can see, newest first, filtered in the database
   * (number, 户主 name, village, kind, status, registration dates) and, for the
   * current step and 逾期, by the engine's open tasks of the two case processes.
   * Each row names its 户主 and its current steps.
   */
  async list(user: User, q: CaseListQuery): Promise<{ total: number; steps: { key: string; name: string }[]; items: CaseListItem[] }> {
    const qb = this.ds.getRepository(AssistanceCase).createQueryBuilder('c').innerJoin(Household, 'h', 'h.id = c.household_id').addSelect('h.head_name', 'head_name').addSelect('h.unit_code', 'household_unit');
    switch (user.role) {
      case 'coordinator':
      case 'leader':
        qb.where('true');
        break;
      case 'clerk':
        qb.where('c.unit_code = :u', { u: user.unitCode });
        break;
      case 'handler':
      case 'head':
        qb.where('c.lead_department = :d', { d: user.departmentCode });
        break;
      case 'village':
        qb.where('h.unit_code = :u', { u: user.unitCode });
        break;
      default:
        return { total: 0, items: [], steps: [] };
    }
    // Never another county's cases (see canViewCase).
    qb.andWhere('left(c.unit_code, 6) = :county AND left(h.unit_code, 6) = :county', { county: countyCodeOf(user.unitCode) });
    const steps = await caseSteps();
    if (q.step && !steps.some((s) => s.key === q.step)) throw new BadRequestError('STEP_INVALID', '当前环节不在可选范围内', 'step');
    if (q.caseNo) qb.andWhere('c.case_no LIKE :caseNo', { caseNo: containsPattern(q.caseNo) });
    if (q.head) qb.andWhere('h.head_name LIKE :head', { head: containsPattern(q.head) });
    if (q.village) qb.andWhere('h.unit_code = :village', { village: q.village });
    if (q.kind) qb.andWhere(':kind = ANY(c.assistance_types)', { kind: q.kind });
    if (q.status) qb.andWhere(q.status === 'closed' ? "c.status = 'closed'" : "c.status <> 'closed'");
    if (q.from) qb.andWhere('c.created_at >= :from', { from: beijingInstant(q.from) });
    if (q.to) qb.andWhere('c.created_at <= :to', { to: endOfBeijingDay(q.to) });
    if (q.step || q.overdue) {
      const filter: Record<string, unknown> = { processDefinitionKeyIn: CASE_PROCESSES };
      if (q.step) filter.taskDefinitionKey = q.step;
      if (q.overdue) filter.dueBefore = toEngineDate(new Date());
      const tasks = await engineCall(() => this.engine.queryTasks(filter, 0, STEP_FILTER_CAP));
      qb.andWhere('c.process_instance_id IN (:...pids)', { pids: [...new Set(tasks.map((t) => t.processInstanceId)), '-'] });
    }
    const total = await qb.getCount();
    const { entities, raw } = await qb
      .orderBy('c.created_at', 'DESC')
      .offset((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .getRawAndEntities();
    const pids = entities.map((c) => c.processInstanceId).filter((x): x is string => !!x);
    const open = pids.length ? await engineCall(() => this.engine.queryTasks({ processInstanceIdIn: pids }, 0, 500)) : [];
    const now = Date.now();
    const units = await this.ds.getRepository(Unit).findBy({ code: In([...new Set(raw.map((r: { household_unit: string }) => r.household_unit))]) });
    return {
      total,
      /** The steps the 当前环节 filter offers. */
      steps,
      items: entities.map((c, i) => {
        const mine = c.status === 'closed' ? [] : open.filter((t) => t.processInstanceId === c.processInstanceId);
        return {
          id: c.id,
          caseNo: c.caseNo,
          headName: (raw[i] as { head_name: string }).head_name,
          village: units.find((u) => u.code === (raw[i] as { household_unit: string }).household_unit)?.name ?? null,
          status: c.status,
          statusName: STATUS_NAMES[c.status] ?? c.status,
          outcome: c.outcome,
          outcomeName: c.outcome ? OUTCOME_NAMES[c.outcome] : null,
          assistanceTypeNames: c.assistanceTypes.map((a) => ASSISTANCE_TYPE_NAMES[a as AssistanceType] ?? a),
          currentSteps: [...new Set(mine.map((t) => t.name))],
          overdue: mine.some((t) => t.due && Date.parse(t.due) < now),
          registeredAt: c.createdAt.toISOString(),
        };
      }),
    };
  }
}
