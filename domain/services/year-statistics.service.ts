/**
 * 年度统计: what leaders ask about a year of the register — households covered
 * by kind and township, entries and exits per month, and whether the reviews
 * (定期核查) were done on time — from the register, its event log, the reviews
 * and the task facts of the periodic-review process.
 */
import type { DataSource } from 'typeorm';

import type { User } from '../entities/user.entity.js';
import { ForbiddenError } from '../errors.js';
import { RECIPIENT_KIND_NAMES, type RecipientKind } from '../../contracts/kinds.js';

/** The county whose year a user may read: leadership and the joint-conference office, and county civil affairs' head. */
function countyOf(user: User): string {
  if (['leader', 'coordinator'].includes(user.role) || (user.role === 'head' && user.departmentCode === 'civil')) return user.unitCode.slice(0, 6);
  throw new ForbiddenError('YEAR_STATISTICS_FORBIDDEN', '年度保障统计仅供县领导、联席会议办公室和民政部门负责人查看');
}

export class YearStatisticsService {
  constructor(private readonly ds: DataSource) {}

  async year(user: User, year: number) {
    const county = countyOf(user);
    const y = String(year);
    const months = Array.from({ length: 12 }, (_, i) => `${y}-${String(i + 1).padStart(2, '0')}`);
    // Covered in the year: started by December and not terminated before 1 January (Beijing).
    const covered = (await this.ds.query(
      `SELECT r.kind, t.name AS township, count(*)::int AS households
         FROM recipient r JOIN unit t ON t.code = r.township_code
        WHERE t.parent_code = $1 AND r.start_month <= $2 || '-12'
          AND NOT EXISTS (SELECT 1 FROM recipient_event e WHERE e.recipient_id = r.id AND e.to_status = 'terminated'
                          AND e.created_at < make_timestamptz($3::int, 1, 1, 0, 0, 0, 'Asia/Shanghai'))
        GROUP BY r.kind, t.name ORDER BY t.name, r.kind`,
      [county, y, year],
    )) as { kind: RecipientKind; township: string; households: number }[];
    const entries = (await this.ds.query(
      `SELECT r.start_month AS month, count(*)::int AS n FROM recipient r JOIN unit t ON t.code = r.township_code
        WHERE t.parent_code = $1 AND r.start_month LIKE $2 || '-%' GROUP BY 1`,
      [county, y],
    )) as { month: string; n: number }[];
    // An exit counts in its effective month (the first month no longer paid) when a review decided it, else when it was recorded.
    const exits = (await this.ds.query(
      `SELECT COALESCE(v.effective_month, to_char(e.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')) AS month, count(*)::int AS n
         FROM recipient_event e JOIN recipient r ON r.id = e.recipient_id JOIN unit t ON t.code = r.township_code
         LEFT JOIN recipient_review v ON e.dedup_key = 'review:' || v.id::text
        WHERE t.parent_code = $1 AND e.to_status = 'terminated'
        GROUP BY 1 HAVING COALESCE(v.effective_month, to_char(e.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')) LIKE $2 || '-%'`,
      [county, y],
    )) as { month: string; n: number }[];
    const steps = (await this.ds.query(
      `SELECT f.task_key AS "taskKey", max(f.task_name) AS name, count(*)::int AS done,
              count(*) FILTER (WHERE f.due_at IS NULL OR f.completed_at <= f.due_at)::int AS "onTime"
         FROM task_fact f JOIN recipient_review v ON v.process_instance_id = f.process_instance_id
        WHERE v.county_code = $1 AND f.process_key = 'periodic-review'
          AND f.completed_at >= make_timestamptz($2::int, 1, 1, 0, 0, 0, 'Asia/Shanghai') AND f.completed_at < make_timestamptz($2::int + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai')
        GROUP BY f.task_key ORDER BY min(f.created_at)`,
      [county, year],
    )) as { taskKey: string; name: string; done: number; onTime: number }[];
    // A review is on time when each of its steps was.
    const [reviews] = (await this.ds.query(
      `SELECT count(*)::int AS decided,
              count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM task_fact f WHERE f.process_instance_id = v.process_instance_id AND f.due_at IS NOT NULL AND f.completed_at > f.due_at))::int AS "onTime",
              count(*) FILTER (WHERE v.decision = 'stop')::int AS stopped, count(*) FILTER (WHERE v.decision = 'adjust')::int AS adjusted,
              count(*) FILTER (WHERE v.decision = 'suspend')::int AS suspended, count(*) FILTER (WHERE v.decision = 'continue')::int AS continued
         FROM recipient_review v
        WHERE v.county_code = $1 AND v.decided_at >= make_timestamptz($2::int, 1, 1, 0, 0, 0, 'Asia/Shanghai') AND v.decided_at < make_timestamptz($2::int + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai')`,
      [county, year],
    )) as { decided: number; onTime: number; stopped: number; adjusted: number; suspended: number; continued: number }[];
    const [{ running }] = (await this.ds.query(`SELECT count(*)::int AS running FROM recipient_review WHERE county_code = $1 AND status = 'running'`, [county])) as { running: number }[];
    const count = (rows: { month: string; n: number }[], m: string) => rows.find((r) => r.month === m)?.n ?? 0;
    return {
      year,
      covered: covered.map((c) => ({ kind: c.kind, kindName: RECIPIENT_KIND_NAMES[c.kind] ?? c.kind, township: c.township, households: c.households })),
      coveredTotal: covered.reduce((s, c) => s + c.households, 0),
      months: months.map((m) => ({ month: m, entries: count(entries, m), exits: count(exits, m) })),
      reviews: { ...reviews!, running, onTimeRate: reviews!.decided ? reviews!.onTime / reviews!.decided : null },
      reviewSteps: steps.map((s) => ({ ...s, onTimeRate: s.done ? s.onTime / s.done : null })),
    };
  }
}
