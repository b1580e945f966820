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
import type { RegisterCaseInput } from '../../contracts/case.schema.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, RecordNotFoundError, UnavailableError } from '../errors.js';
import { classify, type Classification } from './classification.service.js';
import { householdFlags, type HouseholdFlags } from '../household-facts.js';
import { event } from './application-steps.service.js';
import { MESSAGE, PROCESS, countyCodeOf, group } from '../engine/contract.js';
import { Referral } from '../entities/case-step.entity.js';
import { Department } from '../entities/department.entity.js';
import type { EngineClient } from '../engine/engine-client.js';
import { engineCall, engineReason } from '../engine/engine-calls.js';
import { OutboxService } from './outbox.service.js';
import { unitCovers } from './jurisdiction.service.js';
import { CASE_CLOSED_CHANNEL, type CaseClosedMessage } from '../realtime.js';
import { registerHousehold } from './household-registry.js';

/** How a registration differs for another process than 社会救助一门受理. */
export interface RegisterOptions {
  processKey?: string;
  /** Timeline wording of the first line. */
  stepName?: string;
  opinion?: string;
  /** Writes process-specific rows in the same transaction; returns extra start variables. */
  afterCreate?: (em: EntityManager, c: AssistanceCase) => Promise<Record<string, unknown>>;
}

/** Kinds of basic-living assistance (低保/特困): verified, decided, published, approved and paid monthly. */
export const BASIC_LIVING: readonly AssistanceType[] = ['dibao', 'tekun'];
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
   * line, and starts the process — all or nothing, through the engine outbox:
   * if the engine refuses or the transaction does not commit (the start's answer
   * was lost, the server died), the instance it may have started is deleted
   * again by its business key (the case number), here or by the reconciler.
   */
  async register(input: RegisterCaseInput, clerk: User, engine: EngineClient, opts: RegisterOptions = {}): Promise<RegisteredCase> {
    if (!opts.processKey && input.assistanceTypes.includes('temporary')) {
      throw new BadRequestError('ASSISTANCE_TYPES_INVALID', '临时救助请通过“临时救助登记”办理（可与低保申请同时办理）', 'assistanceTypes');
    }
    const now = new Date();
    // The number is drawn first: it is the business key of the write-ahead row (a sequence is not transactional anyway).
    const caseNo = await this.nextCaseNo(this.ds.manager, now);
    const processKey = opts.processKey ?? PROCESS.socialAssistanceApplication;
    return new OutboxService(this.ds, engine).startProcess(processKey, caseNo, 'case', async (em, start) => {
      let householdId: string;
      let transferNote: string | null = null;
      if (input.householdId) {
        const h = await em.findOneBy(Household, { id: input.householdId });
        if (!h) throw new BadRequestError('HOUSEHOLD_ID_INVALID', '所选家庭不存在', 'householdId');
        await assertInJurisdiction(em, clerk, h.unitCode);
        householdId = h.id;
      } else {
        const hh = input.household!;
        const village = await em.findOneBy(Unit, { code: hh.villageCode });
        if (!village || (village.level !== 'village' && village.level !== 'township')) {
          throw new BadRequestError('HOUSEHOLD_VILLAGE_CODE_INVALID', '所属村（社区）不存在', 'household.villageCode');
        }
        await assertInJurisdiction(em, clerk, village.code);
        const ids = hh.members.map((m) => m.idNumber);
        if (new Set(ids).size !== ids.length) throw new BadRequestError('HOUSEHOLD_MEMBERS_INVALID', '家庭成员身份证号重复', 'household.members');
        if (!hh.members.some((m) => m.idNumber === hh.headIdNumber && m.relation === '本人')) {
          throw new BadRequestError('HOUSEHOLD_MEMBERS_INVALID', '家庭成员中须包含户主本人（关系为“本人”，身份证号与户主一致）', 'household.members');
        }
        // Equality on ciphertext is impossible (random IV): the blind index finds the household.
        const dup = await em.findOneBy(Household, { headIdHash: idNumberIndex(hh.headIdNumber) });
        if (dup) throw new BadRequestError('HOUSEHOLD_DUPLICATE', '该户主已登记过家庭，请选择已登记的家庭', 'household.headIdNumber');
        const moved = await this.takeMembersFromOtherHouseholds(em, hh.members, hh.transferReason);
        const saved = await registerHousehold(em, {
          villageCode: village.code,
          headName: hh.headName,
          headIdNumber: hh.headIdNumber,
          phone: hh.phone ?? null,
          address: hh.address,
          bankCardNo: hh.bankCardNo ?? null,
          monthlyIncomeFen: Math.round(hh.monthlyIncomeYuan * 100),
          disasterImpact: hh.disasterImpact,
          members: hh.members.map((m) => ({
            name: m.name,
            idNumber: m.idNumber,
            relation: m.relation,
            facts: { disabilityLevel: m.disabilityLevel, schoolingStage: m.schoolingStage, seriousIllness: m.seriousIllness, employment: m.employment, povertyStatus: m.povertyStatus },
          })),
        });
        householdId = saved.id;
        transferNote = moved;
      }
      // One open application per household and track: 临时救助 (救急难) runs beside an open 低保 application, not beside another 临时救助.
      const temporary = (opts.processKey ?? PROCESS.socialAssistanceApplication) === PROCESS.temporaryAssistance;
      const open = await em
        .createQueryBuilder(AssistanceCase, 'c')
        .where('c.household_id = :householdId AND c.status <> :closed', { householdId, closed: 'closed' })
        .andWhere(temporary ? `'temporary' = ANY(c.assistance_types)` : `NOT ('temporary' = ANY(c.assistance_types))`)
        .getOne();
      if (open) throw new BadRequestError('CASE_ALREADY_OPEN', `该家庭已有办理中的${temporary ? '临时救助' : '申请'}（${open.caseNo}），请勿重复受理`, 'householdId');

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
        opinion: [opts.opinion ?? '已受理，出具受理通知书', transferNote].filter(Boolean).join('；'),
      });
      const extra = opts.afterCreate ? await opts.afterCreate(em, c) : {};
      const notRegistered = '流程引擎暂不可用，申请未登记，请稍后重试';
      // Process variables carry ids and codes only, never personal data.
      const instance = await engineCall(
        () =>
          start({
            caseId: c.id,
            unitCode: c.unitCode,
            // The county whose departments and leaders handle the case (their candidate groups carry it).
            countyCode: countyCodeOf(c.unitCode),
            assistanceTypes: c.assistanceTypes.join(','),
            // The window that registered the case receives it back when documents are missing.
            windowGroup: group.unitRole(c.unitCode, 'clerk'),
            ...extra,
          }),
        { refused: (err) => new UnavailableError('ENGINE_UNAVAILABLE', `${notRegistered}（${engineReason(err).slice(0, 80)}）`), unavailable: notRegistered },
      );
      c.processInstanceId = instance.id;
      c.status = 'in_progress';
      await em.update(AssistanceCase, { id: c.id }, { processInstanceId: instance.id, status: 'in_progress' });
      return Object.assign(c, { lookupCode });
    });
  }

  /**
   * 一人一户: every member's ID number is checked against every member of every
   * registered household (blind index). A person found elsewhere is refused
   * unless the registration states a transfer reason; then they leave their
   * old household (not its head, not while it has an open case). Returns the
   * timeline note of the transfer, or null when nobody moved.
   */
  private async takeMembersFromOtherHouseholds(em: EntityManager, members: { idNumber: string; name: string }[], transferReason: string | undefined): Promise<string | null> {
    const hashes = members.map((m) => idNumberIndex(m.idNumber));
    const found = await em.findBy(HouseholdMember, { idHash: In(hashes) });
    if (!found.length) return null;
    const sources = await em.findBy(Household, { id: In([...new Set(found.map((m) => m.householdId))]) });
    const nos = sources.map((h) => h.householdNo).join('、');
    if (!transferReason) {
      throw new ConflictError('PERSON_IN_ANOTHER_HOUSEHOLD', `${found.length} 名成员已登记在其他家庭（${nos}）：一人只能属于一户，确需迁入本户的请填写迁入说明`);
    }
    for (const h of sources) {
      if (found.some((m) => m.householdId === h.id && m.idHash === h.headIdHash)) {
        throw new ConflictError('PERSON_IS_HEAD', `户主不能迁出原家庭（${h.householdNo}），请选择已登记的家庭受理`);
      }
      const open = await em.findOneBy(AssistanceCase, { householdId: h.id, status: In(['registered', 'in_progress']) });
      if (open) throw new ConflictError('CASE_ALREADY_OPEN', `原家庭（${h.householdNo}）有办理中的申请（${open.caseNo}），办结前成员不能迁出`);
    }
    await em.delete(HouseholdMember, { id: In(found.map((m) => m.id)) });
    return `成员迁入：${found.map((m) => m.name).join('、')} 自 ${nos} 迁入本户，说明：${transferReason}`;
  }

  /** Loads a case or throws 404. */
  async get(id: string): Promise<AssistanceCase> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new NotFoundError('CASE_NOT_FOUND', '申请不存在');
    const c = await this.ds.getRepository(AssistanceCase).findOneBy({ id });
    if (!c) throw new NotFoundError('CASE_NOT_FOUND', '申请不存在');
    return c;
  }

  /**
   * 分类派单: records the lead department, names the village whose worker
   * visits the household, and reads the household's facts into the yes/no
   * flags the referral decision (case-referrals.dmn) takes. Idempotent per case.
   */
  async classify(caseId: string): Promise<Classification & { villageGroup: string; paymentDue: boolean; flags: HouseholdFlags }> {
    const c = await this.ds.getRepository(AssistanceCase).findOneBy({ id: caseId });
    if (!c) throw new RecordNotFoundError('case', caseId);
    const h = await this.ds.getRepository(Household).findOneByOrFail({ id: c.householdId });
    const members = await this.ds.getRepository(HouseholdMember).findBy({ householdId: h.id });
    const result = classify(c.assistanceTypes as AssistanceType[]);
    const lead = await this.ds.getRepository(Department).findOneBy({ code: result.leadDepartment });
    await this.ds.transaction(async (em) => {
      await em.update(AssistanceCase, { id: caseId }, { leadDepartment: result.leadDepartment });
      await event(em, { caseId, kind: 'classified', stepName: '分类派单', opinion: `牵头部门：${lead?.name ?? result.leadDepartment}`, dedupKey: `classified:${caseId}` });
    });
    const paymentDue = c.assistanceTypes.some((t) => BASIC_LIVING.includes(t as AssistanceType));
    const flags = householdFlags(
      members.map((m) => m.facts),
      h.disasterImpact,
    );
    return { ...result, villageGroup: group.unitRole(h.unitCode, 'village'), paymentDue, flags };
  }

  /**
   * 转介: opens one pending referral per department the referral decision
   * matched, with every reason it matched for, whatever the 低保 outcome will
   * be. Idempotent per case and department; returns the departments in order.
   */
  async openReferrals(caseId: string, matches: readonly { department: string; reason: string }[]): Promise<string[]> {
    const byDept = new Map<string, string[]>();
    for (const m of matches) byDept.set(m.department, [...(byDept.get(m.department) ?? []), m.reason]);
    const departments = [...byDept.keys()].filter((d) => d !== 'civil').sort();
    if (!departments.length) return [];
    const depts = await this.ds.getRepository(Department).findBy({ code: In(departments) });
    const dname = (code: string) => depts.find((d) => d.code === code)?.name ?? code;
    await this.ds.transaction(async (em) => {
      await em
        .createQueryBuilder()
        .insert()
        .into(Referral)
        .values(departments.map((d) => ({ caseId, departmentCode: d, reason: byDept.get(d)!.join('；') })))
        .orIgnore()
        .execute();
      await event(em, {
        caseId,
        kind: 'referred',
        stepName: '转介相关部门',
        opinion: `转介${departments.map((d) => `${dname(d)}（${byDept.get(d)!.join('；')}）`).join('、')}，与低保审批同时办理`,
        dedupKey: `referred:${caseId}`,
      });
    });
    return departments;
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
      await engineCall(() => engine.correlate(MESSAGE.caseWithdrawn, c.caseNo, { withdrawn: true }), {
        refused: () => new ConflictError('CASE_CLOSED', '该申请已办结，不能撤回'),
        // Still conflicting after the retries: the instance is busy with automated steps, not unavailable; nothing was recorded.
        conflict: () => new ConflictError('CASE_BUSY', '该申请正在自动处理（如家庭经济状况核对），撤回未生效，请稍后重试'),
      });
    });
  }

  /** Adds a timeline line written by a person. */
  async addEvent(e: Pick<CaseEvent, 'caseId' | 'kind' | 'stepName' | 'actorId' | 'actorName' | 'departmentCode' | 'opinion'> & { dedupKey?: string }): Promise<void> {
    await this.ds
      .createQueryBuilder()
      .insert()
      .into(CaseEvent)
      .values({ ...e, dedupKey: e.dedupKey ?? null })
      .orIgnore()
      .execute();
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
      if (outcome === 'withdrawn') {
        // Referrals not yet handled end with the case: no department keeps work for a withdrawn application.
        await em.update(Referral, { caseId, status: 'pending' }, { status: 'withdrawn', handledAt: new Date() });
      }
      c.status = 'closed';
      c.outcome = outcome;
      c.outcomeReason = reason;
      c.closedAt = new Date();
      await em.save(c);
      // Announced on commit to every server node, which tells the pages watching the case.
      await em.query('SELECT pg_notify($1, $2)', [CASE_CLOSED_CHANNEL, JSON.stringify({ caseId: c.id, caseNo: c.caseNo, outcome } satisfies CaseClosedMessage)]);
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

/** Whether the user may read the case file (canViewCase with the household's village and the case's referrals loaded). */
export async function mayReadCase(db: DataSource | EntityManager, user: User, c: AssistanceCase): Promise<boolean> {
  const h = await db.getRepository(Household).findOne({ select: { id: true, unitCode: true }, where: { id: c.householdId } });
  const referred = (await db.getRepository(Referral).findBy({ caseId: c.id })).map((r) => r.departmentCode);
  return canViewCase(user, c, h?.unitCode ?? null, referred);
}

/**
 * Who may read a case file: coordinators and leaders of its county (read-only),
 * the window unit that registered it, the lead department and the referred
 * ones of its county, and the village worker of the household's village.
 * Admins manage accounts, not cases. Another county's staff read nothing.
 */
export function canViewCase(user: User, c: AssistanceCase, householdUnit: string | null, referredDepartments: string[] = []): boolean {
  const sameCounty = countyCodeOf(householdUnit ?? c.unitCode) === countyCodeOf(user.unitCode) && countyCodeOf(c.unitCode) === countyCodeOf(user.unitCode);
  switch (user.role) {
    case 'coordinator':
    case 'leader':
      return sameCounty;
    case 'clerk':
      return sameCounty && (c.unitCode === user.unitCode || c.registeredBy === user.id);
    case 'handler':
    case 'head':
      // The lead department, every department the case is referred to (转介), and whoever started it (乡村振兴推送).
      return sameCounty && (c.leadDepartment === user.departmentCode || referredDepartments.includes(user.departmentCode) || c.registeredBy === user.id);
    case 'village':
      return householdUnit === user.unitCode;
    default:
      return false;
  }
}

/** A window registers households of its own jurisdiction only (its unit covers the household's village). */
async function assertInJurisdiction(em: EntityManager, user: User, householdUnit: string): Promise<void> {
  if (!(await unitCovers(em, user.unitCode, householdUnit))) throw new ForbiddenError('HOUSEHOLD_OUT_OF_AREA', '该家庭不在本单位辖区内，不能在此受理');
}
