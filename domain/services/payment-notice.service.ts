/**
 * 发放结果公示: a township finance office (乡镇财政所) publishes the results of
 * a closed month for its township; the public page lists them (masked names)
 * with an archive by month, and takes objections like the case 公示 does.
 */
import type { DataSource } from 'typeorm';
import { PayrollRun, PayrollTownship } from '../entities/money.entity.js';
import type { User } from '../entities/user.entity.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { maskNameKeepLast } from '../idcard.js';
import { AlertService } from './alert.service.js';
import type { PayrollService } from './payroll.service.js';
import { RECIPIENT_KIND_NAMES } from '../../contracts/kinds.js';

export class PaymentNoticeService {
  constructor(
    private readonly ds: DataSource,
    private readonly payroll: PayrollService,
  ) {}

  /** 公示: only the township's finance office, only a closed month, only once. */
  async publish(user: User, runId: string, townshipCode: string) {
    if (user.departmentCode !== 'town_finance' || user.unitCode !== townshipCode) throw new ForbiddenError('PUBLISH_FORBIDDEN', '只有本乡镇财政所可以公示本乡镇的发放结果');
    const run = await this.payroll.runFor(user, runId);
    return this.ds.transaction(async (em) => {
      const t = await em.getRepository(PayrollTownship).findOne({ where: { runId, townshipCode }, lock: { mode: 'pessimistic_write' } });
      if (!t) throw new NotFoundError('PAYROLL_TOWNSHIP_NOT_FOUND', '该乡镇在本月发放中没有明细');
      if (run.status !== 'closed') throw new ConflictError('PAYROLL_NOT_CLOSED', '本月发放结束（回盘已导入、失败已处理）后才能公示发放结果');
      if (t.publishedAt) throw new ConflictError('ALREADY_PUBLISHED', `本月发放结果已由${t.publishedBy}公示`);
      await em.update(PayrollTownship, { runId, townshipCode }, { publishedAt: new Date(), publishedBy: user.displayName });
      return { runNo: run.runNo, township: townshipCode, published: true };
    });
  }

  /** The archive: every published month and township, newest first. */
  async archive() {
    const rows = (await this.ds.query(
      `SELECT r.run_no AS "runNo", r.month, pt.township_code AS "townshipCode", u.name AS township, pt.published_at AS "publishedAt",
              (SELECT count(*)::int FROM payment_line l WHERE l.run_id = r.id AND l.township_code = pt.township_code AND l.status = 'paid') AS paid
       FROM payroll_township pt JOIN payroll_run r ON r.id = pt.run_id JOIN unit u ON u.code = pt.township_code
       WHERE pt.published_at IS NOT NULL ORDER BY r.month DESC, pt.township_code`,
    )) as Record<string, unknown>[];
    return { items: rows };
  }

  private async published(runNo: string, townshipCode: string): Promise<PayrollRun> {
    const run = /^FF-\d{6}-\d{4}-\d{2}$/.test(runNo) ? await this.ds.getRepository(PayrollRun).findOneBy({ runNo }) : null;
    const t = run && /^\d{9}$/.test(townshipCode) ? await this.ds.getRepository(PayrollTownship).findOneBy({ runId: run.id, townshipCode }) : null;
    if (!run || !t?.publishedAt) throw new NotFoundError('PAYMENT_NOTICE_NOT_FOUND', '该发放结果公示不存在');
    return run;
  }

  /** One published notice: who was paid what (masked name 张*三, village, kind, amount, month), paged. */
  async notice(runNo: string, townshipCode: string, page: number, pageSize: number) {
    const run = await this.published(runNo, townshipCode);
    const where = `l.run_id = $1 AND l.township_code = $2 AND l.status = 'paid'`;
    const [{ n, amount }] = (await this.ds.query(`SELECT count(*)::int AS n, COALESCE(sum(amount_fen), 0)::bigint AS amount FROM payment_line l WHERE ${where}`, [run.id, townshipCode])) as { n: number; amount: string }[];
    const rows = (await this.ds.query(
      `SELECT h.head_name AS name, v.name AS village, l.kind, l.amount_fen AS "amountFen", l.month FROM payment_line l JOIN household h ON h.id = l.household_id JOIN unit v ON v.code = l.village_code
       WHERE ${where} ORDER BY v.name, h.household_no LIMIT $3 OFFSET $4`,
      [run.id, townshipCode, pageSize, (page - 1) * pageSize],
    )) as { name: string; village: string; kind: string; amountFen: number; month: string }[];
    return {
      runNo,
      month: run.month,
      total: n,
      totalAmountYuan: Number(amount) / 100,
      items: rows.map((r) => ({ name: maskNameKeepLast(r.name), village: r.village, kindName: RECIPIENT_KIND_NAMES[r.kind as keyof typeof RECIPIENT_KIND_NAMES] ?? r.kind, amountYuan: r.amountFen / 100, month: r.month })),
    };
  }

  /** An objection to a published notice: kept, and announced to the township and county civil affairs. */
  async object(runNo: string, townshipCode: string, content: string, contact: string | null) {
    const run = await this.published(runNo, townshipCode);
    await this.ds.transaction(async (em) => {
      const [{ id }] = (await em.query(`INSERT INTO payment_objection (run_id, township_code, content, contact) VALUES ($1, $2, $3, $4) RETURNING id`, [run.id, townshipCode, content, contact])) as { id: string }[];
      await new AlertService(this.ds).raisePaymentAlert(em, {
        key: `payment-objection:${id}`,
        runNo: run.runNo,
        processInstanceId: run.processInstanceId ?? '',
        townshipCode,
        stepName: '发放结果公示异议',
        level: 'warning',
        message: `【公示异议】${run.month} 发放结果公示收到异议：${content.slice(0, 200)}`,
      });
    });
    return { received: true };
  }
}
