/**
 * 问责台账: records opened by escalations; the handler (or their head) gives
 * the explanation (情况说明), a leader decides (免责 / 约谈 / 通报批评 / 问责).
 * Every change is also an append-only event; records are never deleted.
 */
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { ACCOUNTABILITY_DECISIONS, AccountabilityEvent, AccountabilityRecord } from '../entities/escalation.entity.js';
import type { User } from '../entities/user.entity.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';

export const explanationSchema = z.strictObject({
  explanation: z.string({ error: '情况说明必须填写' }).trim().min(4, { error: '情况说明至少 4 个字' }).max(2000, { error: '情况说明不能超过 2000 个字' }),
});
export const decisionSchema = z.strictObject({
  decision: z.enum(ACCOUNTABILITY_DECISIONS, { error: '处理决定只能是：免责、约谈、通报批评、问责' }),
  reason: z.string({ error: '决定理由必须填写' }).trim().min(4, { error: '决定理由至少 4 个字' }).max(2000, { error: '决定理由不能超过 2000 个字' }),
});

export class AccountabilityService {
  constructor(private readonly ds: DataSource) {}

  /** Who may read a record: leaders and coordinators, the department's head, the handler concerned. */
  private canRead(user: User, r: AccountabilityRecord): boolean {
    if (user.role === 'leader' || user.role === 'coordinator') return true;
    if (user.role === 'head') return r.departmentCode === user.departmentCode;
    return r.handlerId === user.id;
  }

  async list(user: User, page: number, pageSize: number) {
    const qb = this.ds.getRepository(AccountabilityRecord).createQueryBuilder('r');
    if (user.role === 'head') qb.where('r.department_code = :d', { d: user.departmentCode });
    else if (user.role !== 'leader' && user.role !== 'coordinator') qb.where('r.handler_id = :u', { u: user.id });
    const [items, total] = await qb.orderBy('r.opened_at', 'DESC').skip((page - 1) * pageSize).take(pageSize).getManyAndCount();
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
    const mayExplain = r.handlerId === user.id || (user.role === 'head' && r.departmentCode === user.departmentCode);
    if (!mayExplain) throw new ForbiddenError('ACCOUNTABILITY_FORBIDDEN', '只有经办人或部门负责人可以提交情况说明');
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
