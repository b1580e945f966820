/**
 * 在保对象: the register of households receiving a monthly allowance. An
 * approved case enters it; every change of amount or status is an event with
 * who and why. The monthly payroll reads it.
 */
import { countyCodeOf } from '../engine/contract.js';
import type { DataSource, EntityManager } from 'typeorm';
import type { z } from 'zod';
import { Household } from '../entities/household.entity.js';
import { Recipient, RecipientEvent } from '../entities/money.entity.js';
import { Unit } from '../entities/unit.entity.js';
import type { User } from '../entities/user.entity.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { maskName } from '../idcard.js';
import { beijingDateOf } from '../time/beijing.js';
import { countyOf, dibaoKindOf, standardInForce } from './standard.service.js';
import type { recipientChangeSchema, recipientQuerySchema } from '../../contracts/money.schema.js';
import { CARE_LEVEL_NAMES, type CareLevel, RECIPIENT_KIND_NAMES, RECIPIENT_STATUS_NAMES, type RecipientKind, type RecipientStatus } from '../../contracts/kinds.js';

/** Who may read the register: county civil affairs, finance, leadership, of their own county; a township its own recipients. */
export function recipientScope(user: User): { county: string; township: string | null } {
  const county = countyCodeOf(user.unitCode);
  if (['civil', 'finance', 'gov'].includes(user.departmentCode) || ['coordinator', 'leader', 'admin'].includes(user.role)) return { county, township: null };
  if (user.unitCode.length === 9 && ['township', 'town_finance'].includes(user.departmentCode)) return { county, township: user.unitCode };
  throw new ForbiddenError('RECIPIENT_FORBIDDEN', '您无权查看在保对象名册');
}

export class RecipientService {
  constructor(private readonly ds: DataSource) {}

  /**
   * Enters the household of an approved case into the register (once per
   * household and kind; a repeated payment step finds it). 特困 is paid the
   * basic standard plus the care level's (生活自理 unless changed later).
   */
  async registerFromCase(
    em: EntityManager,
    c: { caseId: string; householdId: string; unitCode: string; assistanceTypes: string[]; householdSize: number; perCapitaIncomeFen: number; standardFen: number; startMonth: string },
  ): Promise<void> {
    const village = await em.findOneByOrFail(Unit, { code: c.unitCode });
    const townshipCode = village.level === 'village' ? village.parentCode! : village.code;
    let kind: RecipientKind;
    let amountFen: number;
    let computation: string;
    const yuan = (f: number) => (f / 100).toFixed(2);
    if (!c.assistanceTypes.includes('dibao') && c.assistanceTypes.includes('tekun')) {
      const county = await countyOf(em, c.unitCode);
      const basic = await standardInForce(em, county.code, 'tekun_basic', c.startMonth);
      const care = await standardInForce(em, county.code, 'tekun_care_self', c.startMonth);
      if (!basic || !care) throw new Error(`no 特困 standard in county ${county.code} for ${c.startMonth}`);
      kind = 'tekun';
      amountFen = (basic.amountFen + care.amountFen) * c.householdSize;
      computation = `特困供养基本生活标准 ${yuan(basic.amountFen)} 元 + 照料护理（生活自理）${yuan(care.amountFen)} 元，× ${c.householdSize} 人`;
    } else {
      kind = dibaoKindOf(village);
      amountFen = Math.max(0, c.standardFen - c.perCapitaIncomeFen) * c.householdSize;
      computation = `（${RECIPIENT_KIND_NAMES[kind]}标准 ${yuan(c.standardFen)} 元 − 人均收入 ${yuan(c.perCapitaIncomeFen)} 元）× ${c.householdSize} 人`;
    }
    const r = await em
      .createQueryBuilder()
      .insert()
      .into(Recipient)
      .values({
        householdId: c.householdId,
        kind,
        careLevel: kind === 'tekun' ? 'self' : null,
        caseId: c.caseId,
        monthlyAmountFen: amountFen,
        householdSize: c.householdSize,
        perCapitaIncomeFen: c.perCapitaIncomeFen,
        computation,
        startMonth: c.startMonth,
        status: 'active',
        townshipCode,
        villageCode: village.code,
      })
      .orIgnore()
      .returning('id')
      .execute();
    const id = (r.raw as { id: string }[])[0]?.id;
    if (id)
      await em.insert(RecipientEvent, {
        recipientId: id,
        kind: 'created',
        toStatus: 'active',
        toAmountFen: amountFen,
        actorId: null,
        actorName: '系统',
        reason: `审批通过，纳入${RECIPIENT_KIND_NAMES[kind]}：${computation}`,
        dedupKey: `case:${c.caseId}:${kind}`,
      });
  }

  /** The register, scoped to the user, with masked head names. */
  async list(user: User, q: z.infer<typeof recipientQuerySchema>) {
    const scope = recipientScope(user);
    const township = scope.township ?? q.township;
    if (scope.township && q.township && q.township !== scope.township) throw new ForbiddenError('RECIPIENT_FORBIDDEN', '只能查看本乡镇的在保对象');
    const qb = this.ds
      .getRepository(Recipient)
      .createQueryBuilder('r')
      .innerJoin(Household, 'h', 'h.id = r.household_id')
      .select([
        'r.id AS id',
        'r.kind AS kind',
        'r.care_level AS "careLevel"',
        'r.monthly_amount_fen AS "amountFen"',
        'r.household_size AS "householdSize"',
        'r.start_month AS "startMonth"',
        'r.status AS status',
        'r.township_code AS "townshipCode"',
        'r.village_code AS "villageCode"',
        'r.computation AS computation',
        'h.household_no AS "householdNo"',
        'h.head_name AS "headName"',
      ]);
    qb.where('left(r.township_code, 6) = :county', { county: scope.county });
    if (township) qb.andWhere('r.township_code = :township', { township });
    if (q.status) qb.andWhere('r.status = :status', { status: q.status });
    const total = await qb.getCount();
    const rows = await qb
      .orderBy('h.household_no', 'ASC')
      .offset((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .getRawMany<Record<string, any>>();
    const units = new Map((await this.ds.getRepository(Unit).find()).map((u) => [u.code, u.name]));
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        householdNo: r.householdNo,
        headName: maskName(r.headName),
        kind: r.kind,
        kindName: RECIPIENT_KIND_NAMES[r.kind as RecipientKind] ?? r.kind,
        careLevel: r.careLevel,
        careLevelName: r.careLevel ? CARE_LEVEL_NAMES[r.careLevel as CareLevel] : null,
        amountYuan: r.amountFen / 100,
        householdSize: r.householdSize,
        startMonth: r.startMonth,
        status: r.status,
        statusName: RECIPIENT_STATUS_NAMES[r.status as RecipientStatus],
        township: units.get(r.townshipCode) ?? r.townshipCode,
        village: units.get(r.villageCode) ?? r.villageCode,
        computation: r.computation,
      })),
    };
  }

  /** One recipient with every change (变动记录), oldest first. */
  async get(user: User, id: string) {
    const r = /^[0-9a-f-]{36}$/i.test(id) ? await this.ds.getRepository(Recipient).findOneBy({ id }) : null;
    const scope = recipientScope(user);
    if (!r || countyCodeOf(r.townshipCode) !== scope.county || (scope.township && r.townshipCode !== scope.township)) throw new NotFoundError('RECIPIENT_NOT_FOUND', '在保对象不存在');
    const events = await this.ds.getRepository(RecipientEvent).find({ where: { recipientId: id }, order: { id: 'ASC' } });
    return {
      id: r.id,
      kind: r.kind,
      kindName: RECIPIENT_KIND_NAMES[r.kind],
      careLevel: r.careLevel,
      careLevelName: r.careLevel ? CARE_LEVEL_NAMES[r.careLevel] : null,
      status: r.status,
      statusName: RECIPIENT_STATUS_NAMES[r.status],
      amountYuan: r.monthlyAmountFen / 100,
      computation: r.computation,
      startMonth: r.startMonth,
      events: events.map((e) => ({
        kind: e.kind,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        fromAmountYuan: e.fromAmountFen == null ? null : e.fromAmountFen / 100,
        toAmountYuan: e.toAmountFen == null ? null : e.toAmountFen / 100,
        actorName: e.actorName,
        reason: e.reason,
        at: e.createdAt,
      })),
    };
  }

  /**
   * 变动: county civil affairs suspends, resumes, terminates or re-assesses a
   * recipient; the change and its event are written together. A terminated
   * recipient stays terminated (a new application starts again).
   */
  async change(user: User, id: string, input: z.infer<typeof recipientChangeSchema>) {
    if (user.departmentCode !== 'civil' || !['handler', 'head'].includes(user.role)) throw new ForbiddenError('RECIPIENT_CHANGE_FORBIDDEN', '只有县民政部门可以变更在保对象');
    return this.ds
      .transaction(async (em) => {
        const r = /^[0-9a-f-]{36}$/i.test(id) ? await em.getRepository(Recipient).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
        if (!r || countyCodeOf(r.townshipCode) !== countyCodeOf(user.unitCode)) throw new NotFoundError('RECIPIENT_NOT_FOUND', '在保对象不存在');
        if (r.status === 'terminated') throw new ConflictError('RECIPIENT_TERMINATED', '该对象已终止救助，不能再变更；如需重新纳入请重新申请');
        if ('status' in input) {
          if (input.status === r.status) throw new BadRequestError('RECIPIENT_STATUS_UNCHANGED', `该对象已是“${RECIPIENT_STATUS_NAMES[r.status]}”状态`, 'status');
          await em.update(Recipient, { id }, { status: input.status });
          await em.insert(RecipientEvent, { recipientId: id, kind: 'status_changed', fromStatus: r.status, toStatus: input.status, actorId: user.id, actorName: user.displayName, reason: input.reason });
        } else if ('careLevel' in input) {
          if (r.kind !== 'tekun') throw new BadRequestError('RECIPIENT_NOT_TEKUN', '只有特困供养对象有护理等级', 'careLevel');
          if (input.careLevel === r.careLevel) throw new BadRequestError('RECIPIENT_CARE_UNCHANGED', `该对象已是“${CARE_LEVEL_NAMES[input.careLevel]}”`, 'careLevel');
          // The amount at the standards in force this month (the payroll recomputes it each month from the level).
          const township = await em.findOneByOrFail(Unit, { code: r.townshipCode });
          const month = beijingDateOf(new Date()).slice(0, 7);
          const basic = await standardInForce(em, township.parentCode!, 'tekun_basic', month);
          const care = await standardInForce(em, township.parentCode!, `tekun_care_${input.careLevel}`, month);
          if (!basic || !care) throw new ConflictError('STANDARD_MISSING', `本县 ${month} 没有特困供养基本生活或${CARE_LEVEL_NAMES[input.careLevel]}标准，请先设定救助标准`);
          const amountFen = (basic.amountFen + care.amountFen) * r.householdSize;
          const yuan = (f: number) => (f / 100).toFixed(2);
          const computation = `特困供养基本生活标准 ${yuan(basic.amountFen)} 元 + 照料护理（${CARE_LEVEL_NAMES[input.careLevel]}）${yuan(care.amountFen)} 元，× ${r.householdSize} 人`;
          await em.update(Recipient, { id }, { careLevel: input.careLevel, monthlyAmountFen: amountFen, computation });
          const from = r.careLevel ? CARE_LEVEL_NAMES[r.careLevel] : '未评定';
          await em.insert(RecipientEvent, {
            recipientId: id,
            kind: 'care_level_changed',
            fromAmountFen: r.monthlyAmountFen,
            toAmountFen: amountFen,
            actorId: user.id,
            actorName: user.displayName,
            reason: `护理等级 ${from} → ${CARE_LEVEL_NAMES[input.careLevel]}：${input.reason}`,
          });
        } else {
          const amountFen = Math.round(input.amountYuan * 100);
          if (amountFen === r.monthlyAmountFen) throw new BadRequestError('RECIPIENT_AMOUNT_UNCHANGED', '新金额与现金额相同', 'amountYuan');
          await em.update(Recipient, { id }, { monthlyAmountFen: amountFen, computation: `${user.displayName}调整：${input.reason}` });
          await em.insert(RecipientEvent, { recipientId: id, kind: 'amount_changed', fromAmountFen: r.monthlyAmountFen, toAmountFen: amountFen, actorId: user.id, actorName: user.displayName, reason: input.reason });
        }
      })
      .then(() => this.get(user, id));
  }
}
