/**
 * 对账: per payroll and township, what was instructed against what the bank
 * paid, failed or has not returned yet, and what became of the failures
 * (re-issued, paid otherwise, returned to finance) — totals that must add up —
 * and the anomalies (延压, 非在保, 金额不符, 重复发放) raised as alerts.
 */
import ExcelJS from 'exceljs';
import type { DataSource, EntityManager } from 'typeorm';
import { PayrollRun } from '../entities/money.entity.js';
import type { User } from '../entities/user.entity.js';
import { AlertService } from './alert.service.js';
import { type PayrollService, payrollScope } from './payroll.service.js';
import { RECIPIENT_KIND_NAMES } from '../../contracts/kinds.js';

/** How many anomalies the reconciliation page lists (the export has them all). */
export const ANOMALY_LIST_LIMIT = 500;

export const ANOMALY_NAMES: Record<string, string> = { delayed: '延压（逾期未到账）', not_active: '向非在保对象发放', amount_mismatch: '发放金额与名册不符', paid_twice: '同一户同月重复发放' };

export interface ReconRow {
  townshipCode: string;
  township: string;
  instructed: { count: number; amountFen: number };
  paid: { count: number; amountFen: number };
  failed: { count: number; amountFen: number };
  pending: { count: number; amountFen: number };
  reissued: { count: number; amountFen: number };
  paidOtherwise: { count: number; amountFen: number };
  returnedToFinance: { count: number; amountFen: number };
  unresolved: { count: number; amountFen: number };
  anomalies: number;
  /** instructed = paid + failed + pending, and failed = reissued + paid otherwise + returned + unresolved */
  balanced: boolean;
}

const SUMS = `
  count(*)::int AS i_n, COALESCE(sum(amount_fen), 0)::bigint AS i_a,
  count(*) FILTER (WHERE status = 'paid')::int AS p_n, COALESCE(sum(amount_fen) FILTER (WHERE status = 'paid'), 0)::bigint AS p_a,
  count(*) FILTER (WHERE status = 'failed')::int AS f_n, COALESCE(sum(amount_fen) FILTER (WHERE status = 'failed'), 0)::bigint AS f_a,
  count(*) FILTER (WHERE status = 'instructed')::int AS o_n, COALESCE(sum(amount_fen) FILTER (WHERE status = 'instructed'), 0)::bigint AS o_a,
  count(*) FILTER (WHERE resolution = 'reissue')::int AS r_n, COALESCE(sum(amount_fen) FILTER (WHERE resolution = 'reissue'), 0)::bigint AS r_a,
  count(*) FILTER (WHERE resolution = 'other')::int AS x_n, COALESCE(sum(amount_fen) FILTER (WHERE resolution = 'other'), 0)::bigint AS x_a,
  count(*) FILTER (WHERE resolution = 'returned')::int AS b_n, COALESCE(sum(amount_fen) FILTER (WHERE resolution = 'returned'), 0)::bigint AS b_a,
  count(*) FILTER (WHERE status = 'failed' AND resolution IS NULL)::int AS u_n, COALESCE(sum(amount_fen) FILTER (WHERE status = 'failed' AND resolution IS NULL), 0)::bigint AS u_a`;

function toRow(code: string, name: string, r: Record<string, string | number>, anomalies: number): ReconRow {
  const p = (k: string) => ({ count: Number(r[`${k}_n`]), amountFen: Number(r[`${k}_a`]) });
  const row = { townshipCode: code, township: name, instructed: p('i'), paid: p('p'), failed: p('f'), pending: p('o'), reissued: p('r'), paidOtherwise: p('x'), returnedToFinance: p('b'), unresolved: p('u'), anomalies, balanced: false };
  const add = (...xs: { count: number; amountFen: number }[]) => xs.reduce((a, b) => ({ count: a.count + b.count, amountFen: a.amountFen + b.amountFen }), { count: 0, amountFen: 0 });
  const eq = (a: { count: number; amountFen: number }, b: { count: number; amountFen: number }) => a.count === b.count && a.amountFen === b.amountFen;
  row.balanced = eq(row.instructed, add(row.paid, row.failed, row.pending)) && eq(row.failed, add(row.reissued, row.paidOtherwise, row.returnedToFinance, row.unresolved));
  return row;
}

export class ReconciliationService {
  constructor(
    private readonly ds: DataSource,
    private readonly payroll: PayrollService,
  ) {}

  /**
   * The reconciliation of one payroll: a row per township, the county total, and the first
   * ANOMALY_LIST_LIMIT anomalies (`anomalyTotal` counts them all; the export has every one).
   */
  async report(user: User, runId: string) {
    const run = await this.payroll.runFor(user, runId);
    const scope = payrollScope(user);
    const rows = (await this.ds.query(
      `SELECT l.township_code AS code, u.name, ${SUMS} FROM payment_line l JOIN unit u ON u.code = l.township_code
       WHERE l.run_id = $1 AND ($2::text IS NULL OR l.township_code = $2) GROUP BY l.township_code, u.name ORDER BY l.township_code`,
      [runId, scope.township],
    )) as Record<string, any>[];
    const counts = new Map(
      ((await this.ds.query(`SELECT township_code AS code, count(*)::int AS n FROM payment_anomaly WHERE run_id = $1 AND ($2::text IS NULL OR township_code = $2) GROUP BY 1`, [runId, scope.township])) as { code: string; n: number }[]).map(
        (c) => [c.code, c.n],
      ),
    );
    const anomalyTotal = [...counts.values()].reduce((a, b) => a + b, 0);
    const [total] = (await this.ds.query(`SELECT ${SUMS} FROM payment_line WHERE run_id = $1 AND ($2::text IS NULL OR township_code = $2)`, [runId, scope.township])) as Record<string, any>[];
    return {
      runId: run.id,
      runNo: run.runNo,
      month: run.month,
      status: run.status,
      townships: rows.map((r) => toRow(r.code, r.name, r, counts.get(r.code) ?? 0)),
      total: toRow('', '合计', total!, anomalyTotal),
      anomalyTotal,
      anomalies: await this.anomalies(runId, scope.township, 0, ANOMALY_LIST_LIMIT),
    };
  }

  /** A page of the run's anomalies (keyset by id, after `afterId`), with the household and amount. */
  private async anomalies(runId: string, township: string | null, afterId: number, limit: number) {
    const rows = (await this.ds.query(
      `SELECT a.id, a.kind, a.township_code AS "townshipCode", a.message, a.created_at AS at, h.household_no AS "householdNo", l.amount_fen AS "amountFen"
       FROM payment_anomaly a JOIN payment_line l ON l.id = a.line_id JOIN household h ON h.id = l.household_id
       WHERE a.run_id = $1 AND ($2::text IS NULL OR a.township_code = $2) AND a.id > $3 ORDER BY a.id LIMIT $4`,
      [runId, township, afterId, limit],
    )) as Record<string, any>[];
    return rows.map((a) => ({
      id: Number(a.id),
      kind: a.kind as string,
      kindName: ANOMALY_NAMES[a.kind] ?? (a.kind as string),
      townshipCode: a.townshipCode as string,
      householdNo: a.householdNo as string,
      amountYuan: a.amountFen / 100,
      message: a.message as string,
      at: a.at as Date,
    }));
  }

  /**
   * The reconciliation as an .xlsx workbook streamed to `out`: sheet 对账 (per township and total)
   * and sheet 异常, every anomaly read in batches (a province's month may have a million).
   */
  async xlsx(user: User, runId: string): Promise<{ filename: string; asciiFilename: string; write: (out: NodeJS.WritableStream) => Promise<void> }> {
    const r = await this.report(user, runId);
    const township = payrollScope(user).township;
    const write = async (out: NodeJS.WritableStream) => {
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as unknown as import('node:stream').Stream, useStyles: true, useSharedStrings: false });
      wb.creator = '兜底 · 社会救助协同平台';
      const ws = wb.addWorksheet('对账', { views: [{ state: 'frozen', ySplit: 1 }] });
      const parts = [
        ['instructed', '应发'],
        ['paid', '已到账'],
        ['failed', '失败'],
        ['pending', '未回盘'],
        ['reissued', '失败·下月补发'],
        ['paidOtherwise', '失败·其他方式发放'],
        ['returnedToFinance', '失败·退回财政'],
        ['unresolved', '失败·待处理'],
      ] as const;
      ws.columns = [{ width: 12 }, ...parts.flatMap(() => [{ width: 14 }, { width: 14 }]), { width: 14 }, { width: 14 }];
      const head = ws.addRow(['乡镇', ...parts.flatMap(([, n]) => [`${n}笔数`, `${n}金额（元）`]), '异常数', '是否平衡']);
      head.font = { bold: true };
      head.commit();
      for (const row of [...r.townships, r.total]) {
        const x = ws.addRow([row.township, ...parts.flatMap(([k]) => [row[k].count, row[k].amountFen / 100]), row.anomalies, row.balanced ? '平衡' : '不平衡']);
        if (row === r.total) x.font = { bold: true };
        x.commit();
      }
      ws.commit();
      const an = wb.addWorksheet('异常', { views: [{ state: 'frozen', ySplit: 1 }] });
      const anHead = an.addRow(['类别', '乡镇代码', '户编号', '金额（元）', '说明', '发现时间']);
      anHead.font = { bold: true };
      anHead.commit();
      for (let after = 0; ; ) {
        const batch = await this.anomalies(runId, township, after, 2_000);
        for (const a of batch) an.addRow([a.kindName, a.townshipCode, a.householdNo, a.amountYuan, a.message, new Date(a.at).toISOString()]).commit();
        if (batch.length < 2_000) break;
        after = batch[batch.length - 1]!.id;
      }
      an.commit();
      await wb.commit();
    };
    return { filename: `对账-${r.month}.xlsx`, asciiFilename: `reconciliation-${r.month}.xlsx`, write };
  }

  /**
   * 对账 after the returns: records the anomalies of the run's paid lines and
   * raises one alert per township and kind; returns the townships with failed
   * lines (each gets a 处理发放失败 task).
   */
  async settle(runId: string): Promise<{ failedTownships: string[]; anomalies: number }> {
    return this.ds.transaction(async (em) => {
      const run = await em.findOneByOrFail(PayrollRun, { id: runId });
      // 非在保: paid to a recipient who is no longer 在保.
      await em.query(
        `INSERT INTO payment_anomaly (run_id, line_id, kind, township_code, message)
         SELECT $1, l.id, 'not_active', l.township_code, '发放时该户已不是在保对象（' || CASE r.status WHEN 'suspended' THEN '暂停' ELSE '终止' END || '）'
         FROM payment_line l JOIN recipient r ON r.id = l.recipient_id
         WHERE l.run_id = $1 AND l.status = 'paid' AND r.status <> 'active' ON CONFLICT DO NOTHING`,
        [runId],
      );
      // 金额不符: the month's amount differs from the register's.
      await em.query(
        `INSERT INTO payment_anomaly (run_id, line_id, kind, township_code, message)
         SELECT $1, l.id, 'amount_mismatch', l.township_code, '发放 ' || to_char(l.amount_fen / 100.0, 'FM999999990.00') || ' 元，名册核定 ' || to_char(r.monthly_amount_fen / 100.0, 'FM999999990.00') || ' 元'
         FROM payment_line l JOIN recipient r ON r.id = l.recipient_id
         WHERE l.run_id = $1 AND l.source = 'payroll' AND l.status = 'paid' AND r.status = 'active' AND l.amount_fen <> r.monthly_amount_fen ON CONFLICT DO NOTHING`,
        [runId],
      );
      // 重复发放: one household paid twice for the same month and kind — a monthly allowance and its re-issue
      // both paid, or two 临时救助 payments in one month (临时救助 on top of 低保 is a different kind, not an anomaly).
      await em.query(
        `INSERT INTO payment_anomaly (run_id, line_id, kind, township_code, message)
         SELECT $1, l.id, 'paid_twice', l.township_code,
                l.month || ' 同一户已有另一笔到账的' || COALESCE(k.name, l.kind) || '（' || to_char(o.amount_fen / 100.0, 'FM999999990.00') || ' 元）'
         FROM payment_line l
         JOIN LATERAL (SELECT amount_fen FROM payment_line o WHERE o.household_id = l.household_id AND o.month = l.month AND o.kind = l.kind AND o.id <> l.id AND o.status = 'paid' ORDER BY o.created_at LIMIT 1) o ON true
         LEFT JOIN (SELECT * FROM unnest($2::text[], $3::text[]) AS x(kind, name)) k ON k.kind = l.kind
         WHERE l.run_id = $1 AND l.status = 'paid'
         ON CONFLICT DO NOTHING`,
        [runId, Object.keys(RECIPIENT_KIND_NAMES), Object.values(RECIPIENT_KIND_NAMES)],
      );
      const anomalies = await this.alert(em, run, "kind <> 'delayed'", 'warning');
      const failed = (await em.query(`SELECT DISTINCT township_code AS code FROM payment_line WHERE run_id = $1 AND status = 'failed' AND resolution IS NULL ORDER BY 1`, [runId])) as { code: string }[];
      return { failedTownships: failed.map((f) => f.code), anomalies };
    });
  }

  /** 延压: lines whose township's return is still missing N working days after the payment date. */
  async raiseDelay(runId: string): Promise<number> {
    return this.ds.transaction(async (em) => {
      const run = await em.findOneByOrFail(PayrollRun, { id: runId });
      await em.query(
        `INSERT INTO payment_anomaly (run_id, line_id, kind, township_code, message)
         SELECT $1, l.id, 'delayed', l.township_code, '财政拨付（' || to_char($2::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') || '）后逾期仍未到账'
         FROM payment_line l WHERE l.run_id = $1 AND l.status = 'instructed' ON CONFLICT DO NOTHING`,
        [runId, run.paymentDate ?? new Date()],
      );
      return this.alert(em, run, "kind = 'delayed'", 'escalation');
    });
  }

  /** One alert per township and kind of the run's anomalies (raised once each). */
  private async alert(em: EntityManager, run: PayrollRun, filter: string, level: 'warning' | 'escalation'): Promise<number> {
    const groups = (await em.query(`SELECT township_code AS code, kind, count(*)::int AS n FROM payment_anomaly WHERE run_id = $1 AND ${filter} GROUP BY 1, 2 ORDER BY 1, 2`, [run.id])) as { code: string; kind: string; n: number }[];
    const alerts = new AlertService(this.ds);
    const names = new Map(((await em.query(`SELECT code, name FROM unit WHERE code = ANY($1)`, [groups.map((g) => g.code)])) as { code: string; name: string }[]).map((u) => [u.code, u.name]));
    for (const g of groups) {
      const tag = level === 'escalation' ? '【红牌·延压】' : '【发放异常】';
      await alerts.raisePaymentAlert(em, {
        key: `payroll:${run.runNo}:${g.code}:${g.kind}`,
        runNo: run.runNo,
        processInstanceId: run.processInstanceId ?? '',
        townshipCode: g.code,
        stepName: ANOMALY_NAMES[g.kind] ?? g.kind,
        level,
        message: `${tag}${run.month} ${names.get(g.code) ?? g.code}：${ANOMALY_NAMES[g.kind] ?? g.kind} ${g.n} 笔，请财政、民政核查`,
      });
    }
    return groups.reduce((a, g) => a + g.n, 0);
  }
}
