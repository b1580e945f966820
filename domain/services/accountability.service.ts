/**
 * 问责台账: records opened by escalations; the handler (or their head) gives
 * the explanation (情况说明), a leader decides (免责 / 约谈 / 通报批评 / 问责).
 * Every change is also an append-only event; records are never deleted.
 */
import { countyCodeOf, countyOfGroups, departmentsOfGroups } from '../engine/contract.js';
import type { DataSource, EntityManager } from 'typeorm';
import { AccountabilityEvent, AccountabilityRecord, type ResponsiblePerson } from '../entities/escalation.entity.js';
import { Unit } from '../entities/unit.entity.js';
import { User } from '../entities/user.entity.js';
import { groupsOf } from './auth.service.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import type { ACCOUNTABILITY_DECISIONS } from '../../contracts/kinds.js';

/**
 * The people an escalated task's record names: the assignee, or when nobody had claimed it every
 * active user of its candidate groups; and their supervisors — the head of a department group,
 * or for a village or township group (`unit:<code>:<role>`) the social-assistance handlers of the
 * township above it (the township government supervises its villages' designated workers).
 */
export async function responsibleFor(em: EntityManager, t: { assignee: string | null; candidateGroups: string[] }): Promise<ResponsiblePerson[]> {
  const users = await em.getRepository(User).find({ where: { active: true }, select: { id: true, displayName: true, role: true, departmentCode: true, unitCode: true } });
  const people: ResponsiblePerson[] = t.assignee
    ? users.filter((u) => u.id === t.assignee).map((u) => ({ id: u.id, name: u.displayName, kind: 'assignee' as const }))
    : users.filter((u) => groupsOf(u).some((g) => t.candidateGroups.includes(g))).map((u) => ({ id: u.id, name: u.displayName, kind: 'candidate' as const }));
  const depts = departmentsOfGroups(t.candidateGroups);
  const county = countyOfGroups(t.candidateGroups);
  const units = t.candidateGroups.filter((g) => g.startsWith('unit:')).map((g) => g.split(':')[1]!);
  const parents = units.length ? await em.getRepository(Unit).find({ select: { code: true, parentCode: true, level: true }, where: units.map((code) => ({ code })) }) : [];
  // a village's supervisor is its township's social-assistance staff (乡镇人民政府, not e.g. its finance office)
  const above = new Set(parents.map((u) => (u.level === 'village' ? u.parentCode : u.code)).filter((c): c is string => !!c));
  const named = new Set(people.map((p) => p.id));
  for (const u of users) {
    if (named.has(u.id)) continue;
    const head = (u.role === 'head' && depts.includes(u.departmentCode) && countyCodeOf(u.unitCode) === county) || (above.has(u.unitCode) && u.departmentCode === 'township' && (u.role === 'head' || u.role === 'handler'));
    if (head) people.push({ id: u.id, name: u.displayName, kind: 'head' });
  }
  return people;
}

export class AccountabilityService {
  constructor(private readonly ds: DataSource) {}

  /** Who may read a record: the county's leaders and coordinators, the county department's head, the people it names. */
  private canRead(user: User, r: AccountabilityRecord): boolean {
    const ownCounty = r.countyCode === countyCodeOf(user.unitCode);
    if ((user.role === 'leader' || user.role === 'coordinator') && ownCounty) return true;
    if (user.role === 'head' && r.departmentCode === user.departmentCode && ownCounty) return true;
    return r.handlerId === user.id || r.responsible.some((p) => p.id === user.id);
  }

  async list(user: User, page: number, pageSize: number) {
    const qb = this.ds.getRepository(AccountabilityRecord).createQueryBuilder('r');
    const named = { u: user.id, named: JSON.stringify([{ id: user.id }]) };
    const county = countyCodeOf(user.unitCode);
    if (user.role === 'head') qb.where('((r.department_code = :d AND r.county_code = :county) OR r.responsible @> CAST(:named AS jsonb))', { d: user.departmentCode, county, ...named });
    else if (user.role === 'leader' || user.role === 'coordinator') qb.where('r.county_code = :county', { county });
    else qb.where('(r.handler_id = :u OR r.responsible @> CAST(:named AS jsonb))', named);
    const [items, total] = await qb
      .orderBy('r.opened_at', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { total, items };
  }

  async get(user: User, id: string) {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError('ACCOUNTABILITY_NOT_FOUND', '问责记录不存在');
    const r = await this.ds.getRepository(AccountabilityRecord).findOneBy({ id });
    if (!r) throw new NotFoundError('ACCOUNTABILITY_NOT_FOUND', '问责记录不存在');
    if (!this.canRead(user, r)) throw new ForbiddenError('ACCOUNTABILITY_FORBIDDEN', '无权查看该问责记录');
    const events = await this.ds.getRepository(AccountabilityEvent).find({ where: { recordId: id }, order: { id: 'ASC' } });
    return { ...r, events };
  }

  /** 情况说明 by the handler concerned or the head of the department. */
  async explain(user: User, id: string, explanation: string) {
    const r = await this.get(user, id);
    const mayExplain = r.handlerId === user.id || r.responsible.some((p) => p.id === user.id) || (user.role === 'head' && r.departmentCode === user.departmentCode && r.countyCode === countyCodeOf(user.unitCode));
    if (!mayExplain) throw new ForbiddenError('ACCOUNTABILITY_FORBIDDEN', '只有记录中的责任人或部门负责人可以提交情况说明');
    if (r.decision) throw new ConflictError('ACCOUNTABILITY_DECIDED', '已作出处理决定，不能再修改情况说明');
    await this.ds.transaction(async (em) => {
      await em.update(AccountabilityRecord, { id }, { explanation });
      await em.insert(AccountabilityEvent, { recordId: id, kind: 'explained', actorId: user.id, actorName: user.displayName, content: explanation });
    });
    return this.get(user, id);
  }

  /** 处理决定 by a leader, once. */
  async decide(user: User, id: string, decision: (typeof ACCOUNTABILITY_DECISIONS)[number], reason: string) {
    if (user.role !== 'leader') throw new ForbiddenError('ROLE_FORBIDDEN', '只有分管领导或召集人可以作出问责决定');
    const r = await this.get(user, id);
    if (r.decision) throw new ConflictError('ACCOUNTABILITY_DECIDED', '该记录已作出处理决定');
    await this.ds.transaction(async (em) => {
      await em.update(AccountabilityRecord, { id }, { decision, decisionReason: reason, decidedBy: user.id, decidedAt: new Date() });
      await em.insert(AccountabilityEvent, { recordId: id, kind: 'decided', actorId: user.id, actorName: user.displayName, content: `${decision}：${reason}` });
    });
    return this.get(user, id);
  }
}
