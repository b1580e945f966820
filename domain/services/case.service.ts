/**
 * 救助申请 (case) rules: registration at the window, classification, the
 * timeline, closing. Used by the server (registration, case file) and by the
 * workers (classify, close).
 */
import { In, type DataSource, type EntityManager } from 'typeorm';
import { beijingDateOf } from '../time/beijing.js';
import { AssistanceCase, type AssistanceType, type CaseOutcome } from '../entities/assistance-case.entity.js';
import { CaseEvent } from '../entities/case-event.entity.js';
import { Household } from '../entities/household.entity.js';
import { idNumberIndex } from '../crypto/pii.js';
import { lookupCodeHash, newLookupCode } from '../crypto/lookup-code.js';
import { HouseholdMember } from '../entities/household-member.entity.js';
import { Unit } from '../entities/unit.entity.js';
import type { User } from '../entities/user.entity.js';
import type { RegisterCaseInput } from '../contracts/case.schema.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, RecordNotFoundError, UnavailableError } from '../errors.js';
import { classify, type Classification } from './classification.service.js';
import { MESSAGE, PROCESS, group } from '../engine/contract.js';
import { Referral } from '../entities/case-step.entity.js';
import { Department } from '../entities/department.entity.js';
import { EngineError, type EngineClient } from '../engine/engine-client.js';

/** How a registration differs for another process than 社会救助一门受理. */
export interface RegisterOptions {
  processKey?: string;
  /** Timeline wording of the first line. */
  stepName?: string;
  opinion?: string;
  /** Writes process-specific rows in the same transaction; returns extra start variables. */
  afterCreate?: (em: EntityManager, c: AssistanceCase) => Promise<Record<string, unknown>>;
}

/** A case just registered, with the 查询码 of its 受理通知书 (shown this once; only its hash is kept). */
export type RegisteredCase = AssistanceCase & { lookupCode: string };

export class CaseService {
  constructor(private readonly ds: DataSource) {}

  /** Next 受理编号: SA-<year>-<6 digits> from a database sequence. */
  private async nextCaseNo(em: EntityManager, now: Date): Promise<string> {
    const [{ n }] = (await em.query(`SELECT nextval('case_no_seq') AS n`)) as { n: string }[];
    const year = beijingDateOf(now).slice(0, 4);
    return `SA-${year}-${String(n).padStart(6, '0')}`;
  }

  /**
   * 窗口受理登记: creates the household when new, the case, the first timeline
   * line, and starts the process — all or nothing: if the engine refuses, the
   * transaction rolls back and nothing is left behind.
   */
  async register(input: RegisterCaseInput, clerk: User, engine: EngineClient, opts: RegisterOptions = {}): Promise<RegisteredCase> {
    // Set once the engine may hold an instance of this case: if the transaction then does not
    // commit (the start's answer was lost, the engine node died, the commit failed), that instance
    // is removed again, so no process runs for a case that does not exist.
    let startedKey: string | undefined;
    let answered = false; // whether the engine answered the start (else it may still be starting)
    try {
      return await this.registerInTransaction(input, clerk, engine, opts, (key, ok) => ((startedKey = key), (answered = ok)));
    } catch (err) {
      if (startedKey) {
        // A start whose answer was lost may still be running in a slow engine: look for it for up to ~20 s.
        const key = startedKey;
        await engine.deleteStartedInstances(key, answered ? 1 : 10, 2_000).catch(() => removeWhenReachable(engine, key));
      }
      throw err;
    }
  }

  private registerInTransaction(input: RegisterCaseInput, clerk: User, engine: EngineClient, opts: RegisterOptions, mayHaveStarted: (key: string | undefined, answered: boolean) => void): Promise<RegisteredCase> {
    return this.ds.transaction(async (em) => {
      let householdId: string;
      if (input.householdId) {
        const h = await em.findOneBy(Household, { id: input.householdId });
        if (!h) throw new BadRequestError('HOUSEHOLD_ID_INVALID', '所选家庭不存在', 'householdId');
        householdId = h.id;
      } else {
        const hh = input.household!;
        const village = await em.findOneBy(Unit, { code: hh.villageCode });
        if (!village || (village.level !== 'village' && village.level !== 'township')) {
          throw new BadRequestError('HOUSEHOLD_VILLAGE_CODE_INVALID', '所属村（社区）不存在', 'household.villageCode');
        }
        const ids = hh.members.map((m) => m.idNumber);
        if (new Set(ids).size !== ids.length) throw new BadRequestError('HOUSEHOLD_MEMBERS_INVALID', '家庭成员身份证号重复', 'household.members');
        if (!hh.members.some((m) => m.idNumber === hh.headIdNumber && m.relation === '本人')) {
          throw new BadRequestError('HOUSEHOLD_MEMBERS_INVALID', '家庭成员中须包含户主本人（关系为“本人”，身份证号与户主一致）', 'household.members');
        }
        // Equality on ciphertext is impossible (random IV): the blind index finds the household.
        const dup = await em.findOneBy(Household, { headIdHash: idNumberIndex(hh.headIdNumber) });
        if (dup) throw new BadRequestError('HOUSEHOLD_DUPLICATE', '该户主已登记过家庭，请选择已登记的家庭', 'household.headIdNumber');
        const [{ n }] = (await em.query(`SELECT nextval('household_no_seq') AS n`)) as { n: string }[];
        const saved = await em.save(
          em.create(Household, {
            householdNo: `H${village.code}-${String(n).padStart(5, '0')}`,
            headName: hh.headName,
            headIdNumber: hh.headIdNumber,
            headIdHash: idNumberIndex(hh.headIdNumber),
            phone: hh.phone ?? null,
            address: hh.address,
            bankCardNo: hh.bankCardNo ?? null,
            unitCode: village.code,
            monthlyIncomeFen: Math.round(hh.monthlyIncomeYuan * 100),
          }),
        );
        await em.insert(
          HouseholdMember,
          hh.members.map((m) => ({ householdId: saved.id, name: m.name, idNumber: m.idNumber, idHash: idNumberIndex(m.idNumber), relation: m.relation })),
        );
        householdId = saved.id;
      }
      const open = await em
        .createQueryBuilder(AssistanceCase, 'c')
        .where('c.household_id = :householdId AND c.status <> :closed', { householdId, closed: 'closed' })
        .getOne();
      if (open) throw new BadRequestError('CASE_ALREADY_OPEN', `该家庭已有办理中的申请（${open.caseNo}），请勿重复受理`, 'householdId');

      const now = new Date();
      const caseNo = await this.nextCaseNo(em, now);
      const lookupCode = newLookupCode();
      const c = await em.save(
        em.create(AssistanceCase, {
          caseNo,
          lookupCodeHash: lookupCodeHash(caseNo, lookupCode),
          householdId,
          assistanceTypes: input.assistanceTypes,
          reason: input.reason,
          documents: input.documents,
          status: 'registered',
          unitCode: clerk.unitCode,
          registeredBy: clerk.id,
        }),
      );
      await em.insert(CaseEvent, {
        caseId: c.id,
        kind: 'registered',
        stepName: opts.stepName ?? '窗口受理登记',
        actorId: clerk.id,
        actorName: clerk.displayName,
        departmentCode: clerk.departmentCode,
        opinion: opts.opinion ?? '已受理，出具受理通知书',
      });
      const extra = opts.afterCreate ? await opts.afterCreate(em, c) : {};
      let instance: { id: string };
      try {
        mayHaveStarted(c.caseNo, false);
        // Process variables carry ids and codes only, never personal data.
        instance = await engine.startProcess(opts.processKey ?? PROCESS.socialAssistanceApplication, c.caseNo, {
          caseId: c.id,
          unitCode: c.unitCode,
          assistanceTypes: c.assistanceTypes.join(','),
          // The window that registered the case receives it back when documents are missing.
          windowGroup: group.unitRole(c.unitCode, 'clerk'),
          ...extra,
        });
      } catch (err) {
        // The engine refused the start (4xx): nothing was started.
        if (err instanceof EngineError && err.status < 500) mayHaveStarted(undefined, true);
        throw new UnavailableError('ENGINE_UNAVAILABLE', `流程引擎暂不可用，申请未登记，请稍后重试（${(err as Error).message.slice(0, 80)}）`);
      }
      mayHaveStarted(c.caseNo, true);
      c.processInstanceId = instance.id;
      c.status = 'in_progress';
      await em.update(AssistanceCase, { id: c.id }, { processInstanceId: instance.id, status: 'in_progress' });
      return Object.assign(c, { lookupCode });
    });
  }

  /** Loads a case or throws 404. */
  async get(id: string): Promise<AssistanceCase> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new NotFoundError('CASE_NOT_FOUND', '申请不存在');
    const c = await this.ds.getRepository(AssistanceCase).findOneBy({ id });
    if (!c) throw new NotFoundError('CASE_NOT_FOUND', '申请不存在');
    return c;
  }

  /**
   * 分类派单: records the lead department, opens one pending referral per other
   * department concerned, and names the village whose worker visits the
   * household. Idempotent per case.
   */
  async classify(caseId: string): Promise<Classification & { referralDepartments: string[]; villageGroup: string; paymentDue: boolean }> {
    const c = await this.ds.getRepository(AssistanceCase).findOneBy({ id: caseId });
    if (!c) throw new RecordNotFoundError('case', caseId);
    const h = await this.ds.getRepository(Household).findOneByOrFail({ id: c.householdId });
    const result = classify(c.assistanceTypes as AssistanceType[]);
    const referralDepartments = result.departments.filter((d) => d !== 'civil');
    const depts = await this.ds.getRepository(Department).find();
    const dname = (code: string) => depts.find((d) => d.code === code)?.name ?? code;
    await this.ds.transaction(async (em) => {
      await em.update(AssistanceCase, { id: caseId }, { leadDepartment: result.leadDepartment });
      if (referralDepartments.length) {
        await em.createQueryBuilder().insert().into(Referral).values(referralDepartments.map((d) => ({ caseId, departmentCode: d }))).orIgnore().execute();
      }
      await em
        .createQueryBuilder()
        .insert()
        .into(CaseEvent)
        .values({
          caseId,
          kind: 'classified',
          stepName: '分类派单',
          actorId: null,
          actorName: '系统',
          departmentCode: 'civil',
          opinion: `牵头部门：${dname(result.leadDepartment)}${referralDepartments.length ? `；审批后转介：${referralDepartments.map(dname).join('、')}` : ''}`,
          dedupKey: `classified:${caseId}`,
        })
        .orIgnore()
        .execute();
    });
    const paymentDue = c.assistanceTypes.some((t) => t === 'dibao' || t === 'tekun');
    return { ...result, referralDepartments, villageGroup: group.unitRole(h.unitCode, 'village'), paymentDue };
  }

  /**
   * 撤回: the window records the applicant's withdrawal; the process's
   * withdrawal event subprocess then closes the case wherever it stands.
   */
  async withdraw(user: User, caseId: string, reason: string, engine: EngineClient): Promise<void> {
    const c = await this.get(caseId);
    if (c.unitCode !== user.unitCode) throw new ForbiddenError('CASE_FORBIDDEN', '只能撤回本窗口受理的申请');
    if (c.status === 'closed') throw new ConflictError('CASE_CLOSED', '该申请已办结，不能撤回');
    await this.ds.transaction(async (em) => {
      await em.insert(CaseEvent, { caseId, kind: 'withdraw_requested', stepName: '申请人撤回', actorId: user.id, actorName: user.displayName, departmentCode: user.departmentCode, opinion: reason, dedupKey: `withdraw:${caseId}` });
      try {
        await engine.correlate(MESSAGE.caseWithdrawn, c.caseNo, { withdrawn: true });
      } catch (err) {
        if (err instanceof EngineError && err.status < 500) throw new ConflictError('CASE_CLOSED', '该申请已办结，不能撤回');
        throw new UnavailableError('ENGINE_UNAVAILABLE', '流程引擎暂不可用，请稍后重试');
      }
    });
  }

  /** Adds a timeline line written by a person. */
  async addEvent(e: Pick<CaseEvent, 'caseId' | 'kind' | 'stepName' | 'actorId' | 'actorName' | 'departmentCode' | 'opinion'> & { dedupKey?: string }): Promise<void> {
    await this.ds.createQueryBuilder().insert().into(CaseEvent).values({ ...e, dedupKey: e.dedupKey ?? null }).orIgnore().execute();
  }

  /**
   * 办结: closes the case with its outcome and the written reason sent to the
   * applicant. Closing twice changes nothing.
   */
  async close(caseId: string, outcome: CaseOutcome, reasonOverride?: string): Promise<AssistanceCase> {
    return this.ds.transaction(async (em) => {
      const c = await em.findOne(AssistanceCase, { where: { id: caseId }, lock: { mode: 'pessimistic_write' } });
      if (!c) throw new RecordNotFoundError('case', caseId);
      if (c.status === 'closed') return c;
      const lastOpinion = await em.findOne(CaseEvent, {
        where: { caseId, kind: outcome === 'withdrawn' ? In(['withdraw_requested', 'task_completed']) : 'task_completed' },
        order: { id: 'DESC' },
      });
      const reason =
        reasonOverride ??
        (outcome === 'approved'
          ? '经审核，您的申请符合救助条件，已批准救助。'
          : outcome === 'withdrawn'
            ? `申请人已撤回申请。${lastOpinion?.opinion ? `说明：${lastOpinion.opinion.replace(/^申请人撤回申请：/, '')}` : ''}`
            : `经审核，您的申请不符合救助条件。理由：${lastOpinion?.opinion ?? '不符合救助条件'}`);
      c.status = 'closed';
      c.outcome = outcome;
      c.outcomeReason = reason;
      c.closedAt = new Date();
      await em.save(c);
      await em
        .createQueryBuilder()
        .insert()
        .into(CaseEvent)
        .values({
          caseId,
          kind: 'closed',
          stepName: outcome === 'approved' ? '结果告知并办结' : outcome === 'withdrawn' ? '撤回办结' : '书面告知不予救助',
          actorId: null,
          actorName: '系统',
          departmentCode: 'civil',
          opinion: reason,
          dedupKey: `closed:${caseId}`,
        })
        .orIgnore()
        .execute();
      return c;
    });
  }

  /** The case's timeline in order. */
  async timeline(caseId: string): Promise<CaseEvent[]> {
    return this.ds.getRepository(CaseEvent).find({ where: { caseId }, order: { id: 'ASC' } });
  }
}

/**
 * Who may read a case file: coordinators and leaders (jurisdiction-wide,
 * read-only), the window unit that registered it, the lead department, and the
 * village worker of the household's village. Admins manage accounts, not cases.
 */
export function canViewCase(user: User, c: AssistanceCase, householdUnit: string | null, referredDepartments: string[] = []): boolean {
  switch (user.role) {
    case 'coordinator':
    case 'leader':
      return true;
    case 'clerk':
      return c.unitCode === user.unitCode || c.registeredBy === user.id;
    case 'handler':
    case 'head':
      // The lead department, and every department the case is referred to (转介).
      return c.leadDepartment === user.departmentCode || referredDepartments.includes(user.departmentCode);
    case 'village':
      return householdUnit === user.unitCode;
    default:
      return false;
  }
}

/**
 * The engine (or its database) cannot be reached right now, typically while PostgreSQL restarts:
 * keep trying in the background for about two minutes to remove the instance of a registration
 * that did not commit. If this process dies first, the instance's first worker step finds no case
 * and ends as an incident an operator sees in the monitor.
 */
function removeWhenReachable(engine: EngineClient, businessKey: string, attempt = 1): void {
  if (attempt > 24) return;
  setTimeout(() => {
    engine.deleteStartedInstances(businessKey, 1).catch(() => removeWhenReachable(engine, businessKey, attempt + 1));
  }, 5_000).unref();
}
