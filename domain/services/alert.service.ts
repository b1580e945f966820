/**
 * 预警与问责: alerts of the escalation ladder (催办 → 黄牌 → 红牌) and manual
 * 催办, stored first and announced with NOTIFY so every server node pushes
 * them over socket.io; the accountability record (问责台账) an escalation opens.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { AssistanceCase } from '../entities/assistance-case.entity.js';
import { CaseEvent } from '../entities/case-event.entity.js';
import { responsibleFor } from './accountability.service.js';
import { AccountabilityEvent, AccountabilityRecord, Alert, AlertAck, type AlertLevel } from '../entities/escalation.entity.js';
import type { User } from '../entities/user.entity.js';
import { NotFoundError } from '../errors.js';
import { groupsOf } from './auth.service.js';
import { countyCodeOf, countyOfGroups, departmentsOfGroups, group } from '../engine/contract.js';
import { ALERT_LEVEL_NAMES, type AlertMessage } from '../../contracts/realtime.js';

/** The PostgreSQL channel that announces new alert ids. */
export const ALERT_CHANNEL = 'doudi_alert';

/** Beijing wall-clock time for messages, e.g. 11月30日 17:30. */
export function beijingTime(d: Date): string {
  const p = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(d);
  const get = (t: string) => p.find((x) => x.type === t)?.value ?? '';
  return `${get('month')}月${get('day')}日 ${get('hour')}:${get('minute')}`;
}

/** The socket.io rooms a user's connection joins: own, candidate groups, department heads, role. */
export function roomsOf(user: Pick<User, 'id' | 'role' | 'departmentCode' | 'unitCode'>): string[] {
  const county = countyCodeOf(user.unitCode);
  const rooms = [`user:${user.id}`, ...groupsOf(user).map((g) => `group:${g}`), roleRoom(county, user.role)];
  if (user.role === 'head') rooms.push(headRoom(county, user.departmentCode));
  return rooms;
}

/** The room of a role within one county (its leaders, its joint-conference office). */
export function roleRoom(county: string, role: string): string {
  return `role:${county}:${role}`;
}

/** The room of one county department's heads. */
export function headRoom(county: string, department: string): string {
  return `head:${county}:${department}`;
}

export interface TaskRef {
  id: string;
  name: string;
  processInstanceId: string;
  assignee: string | null;
  businessKey: string | null;
  candidateGroups: string[];
}

/** Who hears of a task at each level: the handler side, then heads, then leadership. */
export function alertRooms(level: AlertLevel, t: Pick<TaskRef, 'assignee' | 'candidateGroups'>): string[] {
  const handler = t.assignee ? [`user:${t.assignee}`] : t.candidateGroups.map((g) => `group:${g}`);
  if (level === 'remind' || level === 'manual') return handler;
  // Every room above the handler's is the task's county's: another county's heads and leaders hear nothing.
  const county = countyOfGroups(t.candidateGroups) ?? '';
  const depts = departmentsOfGroups(t.candidateGroups);
  // Steps of villages and townships have no department head: the joint-conference office supervises them.
  const heads = depts.length ? depts.map((d) => headRoom(county, d)) : [roleRoom(county, 'coordinator')];
  if (level === 'warning') return [...new Set([...handler, ...heads])];
  return [...new Set([...handler, ...heads, roleRoom(county, 'leader'), roleRoom(county, 'coordinator')])];
}

/** The department a task belongs to, for the ledger and statistics. */
export function departmentOf(groups: string[]): string | null {
  const dept = departmentsOfGroups(groups)[0];
  if (dept) return dept;
  const unit = groups.find((g) => g.startsWith('unit:'));
  if (!unit) return null;
  // Division codes: 12 digits a village, 9 a township, 6 the county (its window belongs to civil affairs).
  const code = unit.split(':')[1] ?? '';
  return code.length >= 12 ? 'village' : code.length >= 9 ? 'township' : 'civil';
}

export class AlertService {
  constructor(private readonly ds: DataSource) {}

  private async insert(em: EntityManager, a: Omit<Alert, 'id' | 'createdAt'>): Promise<Alert | null> {
    const r = await em.createQueryBuilder().insert().into(Alert).values(a).orIgnore().returning('*').execute();
    const row = (r.raw as Alert[])[0];
    if (!row) return null;
    await em.query('SELECT pg_notify($1, $2)', [ALERT_CHANNEL, String(row.id)]);
    return row;
  }

  /**
   * Raises one level of the ladder for a task, once (a repeated timer or
   * worker retry finds the existing alert). An escalation also opens the
   * accountability record.
   */
  async raise(level: Exclude<AlertLevel, 'manual'>, t: TaskRef, dueAt: Date, lateWorkingDays: number): Promise<Alert | null> {
    return this.ds.transaction(async (em) => {
      const c = t.businessKey ? await em.findOneBy(AssistanceCase, { caseNo: t.businessKey }) : null;
      const bk = t.businessKey ?? '';
      const text =
        level === 'remind'
          ? `【催办】${bk} ${t.name} 将于 ${beijingTime(dueAt)} 到期，请抓紧办理`
          : level === 'warning'
            ? `【黄牌·逾期】${bk} ${t.name} 已超过办理时限（${beijingTime(dueAt)}），请部门负责人督促办理`
            : `【红牌·升级】${bk} ${t.name} 逾期 ${lateWorkingDays.toFixed(1)} 个工作日仍未办结，已登记问责台账`;
      const alert = await this.insert(em, {
        level,
        taskId: t.id,
        taskName: t.name.slice(0, 64),
        processInstanceId: t.processInstanceId,
        caseId: c?.id ?? null,
        businessKey: t.businessKey,
        departmentCode: departmentOf(t.candidateGroups),
        rooms: alertRooms(level, t),
        message: text,
        dueAt,
        sentBy: null,
        dedupKey: `${t.id}:${level}`,
      });
      if (!alert) return null;
      if (c) {
        await em.insert(CaseEvent, { caseId: c.id, kind: `alert_${level}`, stepName: t.name.slice(0, 64), actorId: null, actorName: '系统', departmentCode: departmentOf(t.candidateGroups), opinion: text, dedupKey: `alert:${alert.id}` });
      }
      if (level === 'escalation') {
        const responsible = await responsibleFor(em, t);
        const names = (kind: string) =>
          responsible
            .filter((p) => p.kind === kind)
            .map((p) => p.name)
            .join('、');
        const who = [names('assignee') && `经办人：${names('assignee')}`, names('candidate') && `未签收，候选办理人：${names('candidate')}`, names('head') && `负责人：${names('head')}`].filter(Boolean).join('；');
        const rec = await em
          .createQueryBuilder()
          .insert()
          .into(AccountabilityRecord)
          .values({
            taskId: t.id,
            taskName: t.name.slice(0, 64),
            processInstanceId: t.processInstanceId,
            caseId: c?.id ?? null,
            businessKey: t.businessKey,
            departmentCode: departmentOf(t.candidateGroups),
            countyCode: countyOfGroups(t.candidateGroups),
            handlerId: t.assignee,
            responsible,
            dueAt,
            lateWorkingDays: lateWorkingDays.toFixed(2),
          })
          .orIgnore()
          .returning('*')
          .execute();
        const row = (rec.raw as AccountabilityRecord[])[0];
        if (row) await em.insert(AccountabilityEvent, { recordId: row.id, kind: 'opened', actorId: null, actorName: '系统', content: `逾期升级自动登记：${text}${who ? `（${who}）` : ''}` });
      }
      return alert;
    });
  }

  /**
   * 资金发放预警 (延压, reconciliation anomalies): one alert per payroll,
   * township and kind, to the county's finance and civil heads, the township
   * handlers and the leadership; raised once (the key), pushed like the ladder's.
   */
  async raisePaymentAlert(em: EntityManager, a: { key: string; runNo: string; processInstanceId: string; townshipCode: string; stepName: string; message: string; level: 'warning' | 'escalation' }): Promise<Alert | null> {
    const county = countyCodeOf(a.townshipCode);
    return this.insert(em, {
      level: a.level,
      taskId: a.key.slice(0, 64),
      taskName: a.stepName.slice(0, 64),
      processInstanceId: a.processInstanceId,
      caseId: null,
      businessKey: a.runNo,
      departmentCode: 'finance',
      rooms: [headRoom(county, 'finance'), headRoom(county, 'civil'), `group:${group.unitRole(a.townshipCode, 'handler')}`, roleRoom(county, 'leader'), roleRoom(county, 'coordinator')],
      message: a.message,
      dueAt: null,
      sentBy: null,
      dedupKey: a.key,
    });
  }

  /** 手动催办 by a coordinator, leader or head, recorded like the timers' alerts. */
  async urge(sender: User, t: TaskRef, note: string): Promise<Alert> {
    return this.ds.transaction(async (em) => {
      const c = t.businessKey ? await em.findOneBy(AssistanceCase, { caseNo: t.businessKey }) : null;
      const text = `【督办催办】${sender.displayName}：${t.businessKey ?? ''} ${t.name}——${note}`;
      const alert = await this.insert(em, {
        level: 'manual',
        taskId: t.id,
        taskName: t.name.slice(0, 64),
        processInstanceId: t.processInstanceId,
        caseId: c?.id ?? null,
        businessKey: t.businessKey,
        departmentCode: departmentOf(t.candidateGroups),
        rooms: alertRooms('manual', t),
        message: text,
        dueAt: null,
        sentBy: sender.id,
        dedupKey: `${t.id}:manual:${Date.now()}:${Math.random().toString(36).slice(2, 8)}`,
      });
      if (c)
        await em.insert(CaseEvent, {
          caseId: c.id,
          kind: 'alert_manual',
          stepName: t.name.slice(0, 64),
          actorId: sender.id,
          actorName: sender.displayName,
          departmentCode: sender.departmentCode,
          opinion: note,
          dedupKey: `alert:${alert!.id}`,
        });
      return alert!;
    });
  }

  /** 安全预警 to the joint-conference office of the county (`county`; unusual use of personal data), once per dedup key. */
  async security(county: string, message: string, dedupKey: string): Promise<Alert | null> {
    return this.ds.transaction((em) =>
      this.insert(em, {
        level: 'security',
        taskId: '-',
        taskName: '安全预警',
        processInstanceId: '-',
        caseId: null,
        businessKey: null,
        departmentCode: null,
        rooms: [roleRoom(county, 'coordinator')],
        message,
        dueAt: null,
        sentBy: null,
        dedupKey: dedupKey.slice(0, 160),
      }),
    );
  }

  /** Alerts addressed to the user's rooms after `afterId` (oldest first), for replay on reconnect. */
  async since(user: User, afterId: number, limit = 500): Promise<Alert[]> {
    return this.ds
      .getRepository(Alert)
      .createQueryBuilder('a')
      .where('a.rooms && :rooms AND a.id > :after', { rooms: roomsOf(user), after: afterId })
      .orderBy('a.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** The highest alert id shown to the user on any device (0: none yet). */
  async seenUpTo(userId: string): Promise<number> {
    const rows: { up_to: string }[] = await this.ds.query(`SELECT up_to FROM alert_seen WHERE user_id = $1`, [userId]);
    return rows.length ? Number(rows[0]!.up_to) : 0;
  }

  /** Records that the user was shown the alerts up to `upTo` (never moves back: devices race). */
  async markSeen(userId: string, upTo: number): Promise<void> {
    if (!(upTo > 0)) return;
    await this.ds.query(
      `INSERT INTO alert_seen (user_id, up_to, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (user_id) DO UPDATE SET up_to = GREATEST(alert_seen.up_to, EXCLUDED.up_to), updated_at = now()`,
      [userId, upTo],
    );
  }

  /** Alerts of the last 30 days the user has not acknowledged (oldest first): for a first connection. */
  async unacknowledged(user: User, limit = 200): Promise<Alert[]> {
    return this.ds
      .getRepository(Alert)
      .createQueryBuilder('a')
      .where("a.rooms && :rooms AND a.created_at > now() - interval '30 days'", { rooms: roomsOf(user) })
      .andWhere('NOT EXISTS (SELECT 1 FROM alert_ack k WHERE k.alert_id = a.id AND k.user_id = :uid)', { uid: user.id })
      .orderBy('a.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** The user's alerts, newest first, with whether they acknowledged each; `unread` keeps the unacknowledged ones. */
  async list(user: User, page: number, pageSize: number, unread = false) {
    const qb = this.ds
      .getRepository(Alert)
      .createQueryBuilder('a')
      .where('a.rooms && :rooms', { rooms: roomsOf(user) });
    if (unread) qb.andWhere('NOT EXISTS (SELECT 1 FROM alert_ack k WHERE k.alert_id = a.id AND k.user_id = :uid)', { uid: user.id });
    const [rows, total] = await qb
      .orderBy('a.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    const acks = rows.length
      ? await this.ds
          .getRepository(AlertAck)
          .createQueryBuilder('k')
          .where('k.user_id = :u AND k.alert_id IN (:...ids)', { u: user.id, ids: rows.map((r) => r.id) })
          .getMany()
      : [];
    return { total, items: rows.map((r) => ({ ...toDto(r), acknowledged: acks.some((k) => String(k.alertId) === String(r.id)) })) };
  }

  /** Acknowledges every alert addressed to the user; returns how many were new. */
  async ackAll(user: User): Promise<number> {
    const r = await this.ds.query(`INSERT INTO alert_ack (alert_id, user_id) SELECT a.id, $2 FROM alert a WHERE a.rooms && $1 ON CONFLICT DO NOTHING`, [roomsOf(user), user.id]);
    return Array.isArray(r) ? ((r[1] as number) ?? 0) : 0;
  }

  /** Acknowledges an alert addressed to the user. */
  async ack(user: User, alertId: string): Promise<void> {
    if (!/^\d{1,18}$/.test(alertId)) throw new NotFoundError('ALERT_NOT_FOUND', '预警不存在');
    const a = await this.ds
      .getRepository(Alert)
      .createQueryBuilder('a')
      .where('a.id = :id AND a.rooms && :rooms', { id: alertId, rooms: roomsOf(user) })
      .getOne();
    if (!a) throw new NotFoundError('ALERT_NOT_FOUND', '预警不存在');
    await this.ds.createQueryBuilder().insert().into(AlertAck).values({ alertId: a.id, userId: user.id }).orIgnore().execute();
  }
}

/** What clients receive. */
export function toDto(a: Alert): AlertMessage {
  return {
    id: Number(a.id),
    level: a.level,
    levelName: ALERT_LEVEL_NAMES[a.level],
    taskId: a.taskId,
    taskName: a.taskName,
    caseId: a.caseId,
    businessKey: a.businessKey,
    department: a.departmentCode,
    message: a.message,
    dueAt: a.dueAt ? new Date(a.dueAt).toISOString() : null,
    createdAt: new Date(a.createdAt).toISOString(),
  };
}
