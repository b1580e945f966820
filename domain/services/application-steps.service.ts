/**
 * The automated steps of 社会救助一门受理 between registration and closing:
 * completeness check (一次性告知), verification (核对) per data source and the
 * merged report, public notice (公示) and objections, the township ledger (台账).
 * Every method is idempotent per case (and round), because the engine may
 * deliver the same external task twice.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { AssistanceCase } from '../entities/assistance-case.entity.js';
import { CaseEvent } from '../entities/case-event.entity.js';
import { LedgerEntry, NoticeObjection, PublicNotice } from '../entities/case-step.entity.js';
import { Household } from '../entities/household.entity.js';
import { HouseholdMember } from '../entities/household-member.entity.js';
import { PaymentInstruction } from '../entities/payment-instruction.entity.js';
import { Unit } from '../entities/unit.entity.js';
import { VerificationReport, VerificationResult } from '../entities/verification.entity.js';
import { DOCUMENT_CODES, DOCUMENT_NAMES, type DocumentCode } from '../documents.js';
import { ConflictError, NotFoundError, RecordNotFoundError } from '../errors.js';
import { maskIdNumber, maskName } from '../idcard.js';
import { sourceOf } from '../verification/registry.js';
import { beijingTime } from './alert.service.js';
import { PaymentService, nextMonth } from './payment.service.js';

/** Inserts a timeline line written by the system (系统) once per dedup key. */
export async function event(em: EntityManager, e: Pick<CaseEvent, 'caseId' | 'kind' | 'stepName' | 'opinion'> & { departmentCode?: string; dedupKey: string }): Promise<void> {
  await em
    .createQueryBuilder()
    .insert()
    .into(CaseEvent)
    .values({ actorId: null, actorName: '系统', departmentCode: e.departmentCode ?? 'civil', ...e })
    .orIgnore()
    .execute();
}

export class ApplicationStepsService {
  constructor(private readonly ds: DataSource) {}

  private async caseOf(em: EntityManager, caseId: string): Promise<AssistanceCase> {
    const c = await em.findOneBy(AssistanceCase, { id: caseId });
    if (!c) throw new RecordNotFoundError('case', caseId);
    return c;
  }

  /**
   * 材料完整性审查: records what is missing of the documents the documents
   * decision (application-documents.dmn) requires; the model returns the case
   * to the window when anything is.
   */
  async checkDocuments(caseId: string, taskId: string, required: readonly string[]): Promise<{ complete: boolean; missing: DocumentCode[] }> {
    return this.ds.transaction(async (em) => {
      const c = await this.caseOf(em, caseId);
      const missing = DOCUMENT_CODES.filter((d) => required.includes(d) && !c.documents.includes(d));
      await em.update(AssistanceCase, { id: caseId }, { missingDocuments: missing });
      await event(em, {
        caseId,
        kind: missing.length ? 'documents_missing' : 'documents_complete',
        stepName: '材料完整性审查',
        opinion: missing.length ? `一次性告知需补正的材料：${missing.map((d) => DOCUMENT_NAMES[d]).join('、')}` : '申请材料齐全',
        dedupKey: `task:${taskId}`,
      });
      return { complete: missing.length === 0, missing };
    });
  }

  /** The verification round a query belongs to: one more than the last report. */
  private async currentRound(em: EntityManager, caseId: string): Promise<number> {
    const [{ r }] = (await em.query(`SELECT coalesce(max(round), 0) + 1 AS r FROM verification_report WHERE case_id = $1`, [caseId])) as { r: number }[];
    return Number(r);
  }

  private async snapshot(em: EntityManager, c: AssistanceCase) {
    const h = await em.findOneByOrFail(Household, { id: c.householdId });
    const members = await em.findBy(HouseholdMember, { householdId: h.id });
    return { household: h, members };
  }

  /**
   * 核对: asks one data source about the household and keeps its answer for this round.
   * `round` comes from the process (the last report's round + 1): a query repeated after its
   * round's report (a lock that expired under load, a worker that died before completing) then
   * still belongs to its own round; derived from the database it would open a round of its own.
   */
  async queryVerificationSource(caseId: string, source: string, round?: number): Promise<VerificationResult> {
    const em = this.ds.manager;
    const c = await this.caseOf(em, caseId);
    round ??= await this.currentRound(em, caseId);
    const existing = await em.findOneBy(VerificationResult, { caseId, round, source });
    if (existing) return existing;
    const { household, members } = await this.snapshot(em, c);
    const finding = await sourceOf(source).query({
      householdId: household.id,
      unitCode: household.unitCode,
      declaredMonthlyIncomeFen: household.monthlyIncomeFen,
      members: members.map((m) => ({ name: m.name, idNumber: m.idNumber, relation: m.relation })),
    });
    await em.createQueryBuilder().insert().into(VerificationResult).values({ caseId, round, source, monthlyIncomeFen: finding.monthlyIncomeFen, summary: finding.summary, flags: finding.flags, assets: finding.assets }).orIgnore().execute();
    return em.findOneByOrFail(VerificationResult, { caseId, round, source });
  }

  /** 核对报告: merges the round's answers (the round from the process, see above) into the household's per-capita income. */
  async buildVerificationReport(caseId: string, expectedSources: string[], round?: number): Promise<VerificationReport> {
    return this.ds.transaction(async (em) => {
      const c = await this.caseOf(em, caseId);
      if (round === undefined) {
        const [{ r }] = (await em.query(`SELECT coalesce(max(round), 0) AS r FROM verification_result WHERE case_id = $1`, [caseId])) as { r: number }[];
        round = Number(r);
      }
      const existing = await em.findOneBy(VerificationReport, { caseId, round });
      if (existing) return existing;
      const results = await em.findBy(VerificationResult, { caseId, round });
      const missing = expectedSources.filter((s) => !results.some((x) => x.source === s));
      if (missing.length) throw new Error(`verification round ${round} of case ${caseId} lacks sources ${missing.join(',')}`);
      const size = Math.max(1, await em.countBy(HouseholdMember, { householdId: c.householdId }));
      const total = results.reduce((sum, x) => sum + x.monthlyIncomeFen, 0);
      const flags = results.flatMap((x) => x.flags);
      const perCapita = Math.floor(total / size);
      const summary = `第 ${round} 次核对：家庭 ${size} 人，月总收入 ${(total / 100).toFixed(2)} 元，月人均收入 ${(perCapita / 100).toFixed(2)} 元；${flags.length ? `需关注：${flags.join('；')}` : '各数据源未发现异常'}`;
      const report = await em.save(em.create(VerificationReport, { caseId, round, householdSize: size, totalMonthlyIncomeFen: total, perCapitaIncomeFen: perCapita, flags, summary }));
      await em.update(AssistanceCase, { id: caseId }, { verificationRound: round });
      await event(em, { caseId, kind: 'verified', stepName: '家庭经济状况核对', opinion: summary, dedupKey: `verified:${caseId}:${round}` });
      return report;
    });
  }

  /**
   * The eligibility decision's inputs besides the income: the 低保 standard in
   * force for the household in the month payment would start (passed in, never written into the table) and the
   * assets the round's sources found.
   */
  async eligibilityInputs(caseId: string, round: number): Promise<{ standardFen: number; vehicleFound: boolean; propertyFound: boolean; depositsFound: boolean }> {
    const c = await this.caseOf(this.ds.manager, caseId);
    const h = await this.ds.getRepository(Household).findOneByOrFail({ id: c.householdId });
    const assets = new Set((await this.ds.getRepository(VerificationResult).findBy({ caseId, round })).flatMap((r) => r.assets));
    return { standardFen: await new PaymentService(this.ds).standardFor(h.unitCode, nextMonth(new Date())), vehicleFound: assets.has('vehicle'), propertyFound: assets.has('property'), depositsFound: assets.has('deposits') };
  }

  /**
   * 公示: publishes the notice of the current verification round (masked), or
   * reopens it when an objection was found groundless: the notice was off the
   * public page during the review, so its period starts again in full.
   */
  async publishNotice(caseId: string, durationSeconds: number, now = new Date()): Promise<PublicNotice> {
    return this.ds.transaction(async (em) => {
      const c = await em.findOne(AssistanceCase, { where: { id: caseId }, lock: { mode: 'pessimistic_write' } });
      if (!c) throw new RecordNotFoundError('case', caseId);
      const noticeNo = `GS-${c.caseNo.slice(3)}-${c.verificationRound}`;
      const existing = await em.findOneBy(PublicNotice, { noticeNo });
      if (existing) {
        if (existing.status !== 'objected') return existing;
        const endsAt = new Date(now.getTime() + durationSeconds * 1000);
        await em.update(PublicNotice, { id: existing.id }, { status: 'open', endsAt });
        const reopenings = await em.countBy(CaseEvent, { caseId, kind: 'notice_reopened' });
        await event(em, {
          caseId,
          kind: 'notice_reopened',
          stepName: '重新公示',
          opinion: `异议不成立，公示 ${noticeNo} 重新公示完整公示期，公示至 ${beijingTime(endsAt)}（北京时间）`,
          dedupKey: `notice-reopened:${noticeNo}:${reopenings + 1}`,
        });
        return { ...existing, status: 'open', endsAt };
      }
      const h = await em.findOneByOrFail(Household, { id: c.householdId });
      const village = await em.findOneBy(Unit, { code: h.unitCode });
      const size = await em.countBy(HouseholdMember, { householdId: h.id });
      const report = await em.findOneBy(VerificationReport, { caseId, round: c.verificationRound });
      const endsAt = new Date(now.getTime() + durationSeconds * 1000);
      const content =
        `${village?.name ?? ''}${maskName(h.headName)}（身份证号 ${maskIdNumber(h.headIdNumber)}）家庭共 ${size} 人，` +
        `申请 ${c.assistanceTypes.length} 项社会救助，经入户调查和民主评议，` +
        `核定家庭月人均收入 ${report ? (report.perCapitaIncomeFen / 100).toFixed(2) : '—'} 元。` +
        `公示期内如有异议，请向乡镇人民政府或县民政局反映。`;
      const notice = await em.save(em.create(PublicNotice, { caseId, noticeNo, content, publishedAt: now, endsAt, status: 'open' }));
      await event(em, { caseId, kind: 'notice_published', stepName: '发布公示', opinion: `公示编号 ${noticeNo}，公示至 ${beijingTime(endsAt)}（北京时间）`, dedupKey: `notice:${noticeNo}` });
      return notice;
    });
  }

  /** 公示期满: the notice ends without an objection still open. */
  async endNotice(caseId: string): Promise<void> {
    await this.ds.transaction(async (em) => {
      const c = await this.caseOf(em, caseId);
      const noticeNo = `GS-${c.caseNo.slice(3)}-${c.verificationRound}`;
      await em.update(PublicNotice, { noticeNo, status: 'open' }, { status: 'ended' });
      await event(em, { caseId, kind: 'notice_ended', stepName: '公示期满', opinion: `公示 ${noticeNo} 期满无异议`, dedupKey: `notice-ended:${noticeNo}` });
    });
  }

  /** Notices open to the public now (masked content). */
  async openNotices(now = new Date()): Promise<PublicNotice[]> {
    return this.ds.getRepository(PublicNotice).createQueryBuilder('n').where('n.status = :open AND n.ends_at > :now', { open: 'open', now }).orderBy('n.published_at', 'DESC').take(200).getMany();
  }

  /** Records an objection to an open notice, in the caller's transaction; the caller then tells the engine. */
  async recordObjection(em: EntityManager, noticeNo: string, content: string, contact: string | null): Promise<{ objection: NoticeObjection; caseNo: string }> {
    {
      const n = await em.findOne(PublicNotice, { where: { noticeNo }, lock: { mode: 'pessimistic_write' } });
      if (!n) throw new NotFoundError('NOTICE_NOT_FOUND', '公示不存在');
      if (n.status !== 'open' || n.endsAt.getTime() <= Date.now()) throw new ConflictError('NOTICE_CLOSED', '该公示已结束或正在核实异议，暂不受理新的异议');
      const c = await this.caseOf(em, n.caseId);
      const objection = await em.save(em.create(NoticeObjection, { noticeId: n.id, caseId: n.caseId, content, contact, upheld: null, resolution: null }));
      await em.update(PublicNotice, { id: n.id }, { status: 'objected' });
      await em.insert(CaseEvent, { caseId: n.caseId, kind: 'objection_received', stepName: '公示异议', actorId: null, actorName: '群众', departmentCode: null, opinion: content, dedupKey: null });
      return { objection, caseNo: c.caseNo };
    }
  }

  /** 台账登记: the township ledger line with the assistance certificate number (救助证). */
  async recordLedger(caseId: string): Promise<LedgerEntry> {
    return this.ds.transaction(async (em) => {
      const existing = await em.findOneBy(LedgerEntry, { caseId });
      if (existing) return existing;
      const c = await this.caseOf(em, caseId);
      const h = await em.findOneByOrFail(Household, { id: c.householdId });
      const village = await em.findOneBy(Unit, { code: h.unitCode });
      const townshipCode = village?.level === 'village' && village.parentCode ? village.parentCode : h.unitCode;
      const payment = await em.findOneBy(PaymentInstruction, { caseId });
      const [{ n }] = (await em.query(`SELECT nextval('certificate_no_seq') AS n`)) as { n: string }[];
      const certificateNo = `JZ${townshipCode}${String(n).padStart(6, '0')}`;
      const entry = await em.save(
        em.create(LedgerEntry, {
          caseId,
          householdId: h.id,
          townshipCode,
          assistanceTypes: c.assistanceTypes,
          monthlyAmountFen: payment?.monthlyAmountFen ?? 0,
          startMonth: payment?.startMonth ?? null,
          certificateNo,
        }),
      );
      await event(em, { caseId, kind: 'ledger_recorded', stepName: '台账登记', opinion: `已登记乡镇台账，救助证编号 ${certificateNo}`, departmentCode: 'township', dedupKey: `ledger:${caseId}` });
      return entry;
    });
  }
}
