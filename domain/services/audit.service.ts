/**
 * 审计日志查询与导出 (admins, their county's lines): every state-changing request and every reveal
 * of personal data, newest first, filtered by time, account, action and
 * outcome; exported as CSV (UTF-8 with BOM, formula-safe cells). The log is
 * append-only; reading it never changes it.
 */
import type { z } from 'zod';
import type { DataSource } from 'typeorm';
import { countyCodeOf } from '../engine/contract.js';
import { AuditEntry } from '../entities/audit-entry.entity.js';
import type { User } from '../entities/user.entity.js';
import { BadRequestError } from '../errors.js';
import { csvCell } from '../statistics/csv.js';
import { BEIJING_OFFSET_MS, beijingDateOf, beijingInstant, endOfBeijingDay } from '../time/beijing.js';
import type { auditQuerySchema } from '../../contracts/admin.schema.js';

export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** Most rows one export holds. */
export const AUDIT_EXPORT_MAX = 50_000;

const HEADERS = ['时间（北京时间）', '用户名', '角色', '单位', '操作', '对象', '详情', '来源地址', '状态码', '错误代码'];

export class AuditService {
  constructor(private readonly ds: DataSource) {}

  /** Writes one audit line now (a route that must log before its answer goes out: a reveal, a file read, an export). */
  async record(entry: Partial<AuditEntry>): Promise<void> {
    await this.ds.getRepository(AuditEntry).insert(entry);
  }

  /**
   * The admin's county's lines: those of accounts of the county, and those of
   * nobody's account (anonymous: failed logins, the public pages), which no
   * county owns. Another county's accounts' lines are not shown.
   */
  private query(admin: User, q: AuditQuery) {
    if (q.from && q.to && q.from > q.to) throw new BadRequestError('DATE_RANGE_INVALID', '开始日期不能晚于结束日期', 'from');
    const qb = this.ds.getRepository(AuditEntry).createQueryBuilder('a');
    qb.where('(a.unit_code IS NULL OR left(a.unit_code, 6) = :county)', { county: countyCodeOf(admin.unitCode) });
    if (q.from) qb.andWhere('a.at >= :from', { from: beijingInstant(q.from) });
    if (q.to) qb.andWhere('a.at <= :to', { to: endOfBeijingDay(q.to) });
    if (q.username) qb.andWhere('a.username = :username', { username: q.username });
    if (q.action) qb.andWhere(`a.action ILIKE '%' || :action || '%'`, { action: q.action.replace(/[\\%_]/g, (c) => `\\${c}`) });
    if (q.outcome === 'ok') qb.andWhere('a.status < 400');
    if (q.outcome === 'refused') qb.andWhere('a.status >= 400');
    return qb.orderBy('a.id', 'DESC');
  }

  async list(admin: User, q: AuditQuery) {
    const [rows, total] = await this.query(admin, q)
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    return { total, items: rows.map((e) => ({ ...e, id: Number(e.id), detail: e.detail ? (JSON.parse(e.detail) as unknown) : null })) };
  }

  async exportCsv(admin: User, q: AuditQuery): Promise<{ filename: string; asciiFilename: string; content: string; rows: number }> {
    const rows = await this.query(admin, q).take(AUDIT_EXPORT_MAX).getMany();
    const at = (d: Date) => new Date(d.getTime() + BEIJING_OFFSET_MS).toISOString().replace('T', ' ').slice(0, 19);
    const lines = [HEADERS.map((h) => csvCell(h)).join(',')];
    for (const e of rows) {
      lines.push([at(e.at), e.username, e.role, e.unitCode, e.action, e.target, e.detail, e.ip, e.status, e.code].map((v) => csvCell(v as string | number | null)).join(','));
    }
    const day = beijingDateOf(new Date());
    return { filename: `审计日志-${day}.csv`, asciiFilename: `audit-${day}.csv`, content: `\uFEFF${lines.join('\r\n')}\r\n`, rows: rows.length };
  }
}
