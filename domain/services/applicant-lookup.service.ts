/**
 * 求助有门 (applicant lookup): the 查询码 printed on the 受理通知书 and the
 * public page where the applicant, with the case number and that code, sees
 * the current stage, its time limit and the outcome — nothing personal beyond
 * a masked name.
 *
 * The code (domain/crypto/lookup-code.ts) is stored only as a keyed hash. A wrong code and an unknown case number get the
 * same answer; attempts are limited per source address.
 */
import type { z } from 'zod';
import type { DataSource, EntityManager } from 'typeorm';
import { AssistanceCase, ASSISTANCE_TYPE_NAMES, type AssistanceType } from '../entities/assistance-case.entity.js';
import { Household } from '../entities/household.entity.js';
import type { User } from '../entities/user.entity.js';
import { lookupCodeHash, newLookupCode } from '../crypto/lookup-code.js';
import { maskName } from '../idcard.js';
import { ConflictError, ForbiddenError, HttpError, NotFoundError } from '../errors.js';
import type { EngineClient } from '../engine/engine-client.js';
import { engineCall } from '../engine/engine-calls.js';
import { CaseService } from './case.service.js';
import { OUTCOME_NAMES, STATUS_NAMES } from './case-file.service.js';
import type { lookupSchema } from '../../contracts/case.schema.js';

/** Lookups one source address may make per window before it is refused for the rest of the window. */
export const LOOKUP_LIMIT = 10;
export const LOOKUP_WINDOW_MINUTES = 15;

export type LookupInput = z.infer<typeof lookupSchema>;

/** Sets a new code on a case inside the caller's transaction; returns the code (shown once). */
export async function issueLookupCode(em: EntityManager, caseId: string, caseNo: string): Promise<string> {
  const code = newLookupCode();
  await em.update(AssistanceCase, { id: caseId }, { lookupCodeHash: lookupCodeHash(caseNo, code) });
  return code;
}

/** What the public lookup shows: no name beyond the masked one, no ID, address or amounts. */
export interface LookupResult {
  caseNo: string;
  applicant: string;
  assistanceTypeNames: string[];
  registeredAt: Date;
  statusName: string;
  /** Steps being handled now, with the date they are due by. */
  stages: { name: string; due: string | null; overdue: boolean }[];
  outcomeName: string | null;
  closedAt: Date | null;
}

export class ApplicantLookupService {
  constructor(
    private readonly ds: DataSource,
    private readonly engine: EngineClient,
  ) {}

  /**
   * 重新出具受理通知书: a new code for a case (the old one stops working), by
   * the window that registered it — the applicant lost the notice.
   */
  async reissue(user: User, caseId: string): Promise<{ caseNo: string; lookupCode: string }> {
    const c = await new CaseService(this.ds).get(caseId);
    if (user.role !== 'clerk' || (c.unitCode !== user.unitCode && c.registeredBy !== user.id)) {
      throw new ForbiddenError('CASE_FORBIDDEN', '只有受理该申请的窗口可以重新出具受理通知书');
    }
    if (c.status === 'closed') throw new ConflictError('CASE_CLOSED', '该申请已办结，无需重新出具受理通知书');
    const lookupCode = await this.ds.transaction((em) => issueLookupCode(em, c.id, c.caseNo));
    return { caseNo: c.caseNo, lookupCode };
  }

  /** 查询办理进度: the same 404 for an unknown case and a wrong code; 429 beyond the per-address limit. */
  async lookup(input: LookupInput, address: string): Promise<LookupResult> {
    await this.countAttempt(address);
    const hash = lookupCodeHash(input.caseNo, input.code);
    const c = await this.ds.getRepository(AssistanceCase).createQueryBuilder('c').where('c.case_no = :caseNo AND c.lookup_code_hash = :hash', { caseNo: input.caseNo, hash }).getOne();
    if (!c) throw new NotFoundError('LOOKUP_NOT_FOUND', '受理编号或查询码不正确，请核对受理通知书后重新输入');
    const h = await this.ds.getRepository(Household).findOneByOrFail({ id: c.householdId });
    let stages: LookupResult['stages'] = [];
    if (c.status !== 'closed' && c.processInstanceId) {
      const tasks = await engineCall(() => this.engine.queryTasks({ processInstanceId: c.processInstanceId }, 0, 50));
      const now = Date.now();
      const byName = new Map<string, LookupResult['stages'][number]>();
      for (const t of tasks) {
        const prev = byName.get(t.name);
        // Parallel referrals show once, with the earliest due date.
        if (!prev || (t.due && (!prev.due || t.due < prev.due))) byName.set(t.name, { name: t.name, due: t.due, overdue: !!t.due && Date.parse(t.due) < now });
      }
      stages = [...byName.values()];
    }
    return {
      caseNo: c.caseNo,
      applicant: maskName(h.headName),
      assistanceTypeNames: c.assistanceTypes.map((a) => ASSISTANCE_TYPE_NAMES[a as AssistanceType] ?? a),
      registeredAt: c.createdAt,
      statusName: STATUS_NAMES[c.status] ?? c.status,
      stages,
      outcomeName: c.outcome ? OUTCOME_NAMES[c.outcome]! : null,
      closedAt: c.closedAt,
    };
  }

  /** Records the attempt, then refuses it when the address made too many in the window (every node shares the table). */
  private async countAttempt(address: string): Promise<void> {
    const addr = address.slice(0, 64) || 'unknown';
    const rows = (await this.ds.query(
      `WITH ins AS (INSERT INTO public_lookup_attempt (address) VALUES ($1) RETURNING id),
            old AS (DELETE FROM public_lookup_attempt WHERE address = $1 AND at < now() - interval '1 day')
       SELECT count(*)::int AS n FROM public_lookup_attempt WHERE address = $1 AND at > now() - make_interval(mins => $2)`,
      [addr, LOOKUP_WINDOW_MINUTES],
    )) as { n: number }[];
    // The CTE's insert is not visible to the outer SELECT of the same statement: this attempt is n + 1.
    if (rows[0]!.n + 1 > LOOKUP_LIMIT) {
      throw new HttpError(429, 'LOOKUP_RATE_LIMITED', `查询次数过多，请 ${LOOKUP_WINDOW_MINUTES} 分钟后再试`);
    }
  }
}
