import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { AlertLevel } from '../realtime.js';
import { ACCOUNTABILITY_DECISIONS } from '../../contracts/kinds.js';
export { ACCOUNTABILITY_DECISIONS };
import type { AccountabilityDecision } from '../../contracts/kinds.js';
export type { AccountabilityDecision };

export type { AlertLevel };

export type TimeUnitCode = 'workday' | 'hour';

/** county_code of a rule that is the installation default (applies wherever a county has no rule of its own). */
export const DEFAULT_COUNTY = '';

/**
 * 办理时限规则: the time limit of one step of one process, with its reminder
 * point and grace period — the installation default (county_code '') or one
 * county's own rule, which overrides the default for that county only.
 */
@Entity({ name: 'time_limit_rule' })
@Unique(['processKey', 'taskKey', 'countyCode'])
export class TimeLimitRuleRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The county whose rule this is; '' (DEFAULT_COUNTY) for the installation default. */
  @Column({ name: 'county_code', type: 'varchar', length: 6, default: '' })
  countyCode: string;

  @Column({ name: 'process_key', type: 'varchar', length: 64 })
  processKey: string;

  /** User task id in the model (e.g. Task_HomeVisit). */
  @Column({ name: 'task_key', type: 'varchar', length: 64 })
  taskKey: string;

  /** Chinese step name, for the admin page and statistics. */
  @Column({ name: 'step_name', type: 'varchar', length: 64 })
  stepName: string;

  @Column({ type: 'integer' })
  amount: number;

  @Column({ type: 'varchar', length: 8 })
  unit: TimeUnitCode;

  @Column({ name: 'remind_before_amount', type: 'integer' })
  remindBeforeAmount: number;

  @Column({ name: 'remind_before_unit', type: 'varchar', length: 8 })
  remindBeforeUnit: TimeUnitCode;

  @Column({ name: 'grace_amount', type: 'integer' })
  graceAmount: number;

  @Column({ name: 'grace_unit', type: 'varchar', length: 8 })
  graceUnit: TimeUnitCode;

  @Column({ name: 'updated_by', type: 'varchar', length: 64, nullable: true })
  updatedBy: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** 工作日历: one year's holidays and make-up working days (调休上班). */
@Entity({ name: 'calendar_year' })
export class CalendarYearRow {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ type: 'text', array: true })
  holidays: string[];

  @Column({ type: 'text', array: true })
  workdays: string[];

  @Column({ type: 'text', nullable: true })
  source: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** 预警: a reminder (催办), overdue warning (黄牌), escalation (红牌) or manual 催办 — stored first, then pushed. */
@Entity({ name: 'alert' })
@Unique(['dedupKey'])
export class Alert {
  /** Increasing: clients resume from the last id they saw. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  level: AlertLevel;

  @Index()
  @Column({ name: 'task_id', type: 'varchar', length: 64 })
  taskId: string;

  @Column({ name: 'task_name', type: 'varchar', length: 64 })
  taskName: string;

  @Column({ name: 'process_instance_id', type: 'varchar', length: 64 })
  processInstanceId: string;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId: string | null;

  /** 受理编号 or 议题编号 of the business key, for display. */
  @Column({ name: 'business_key', type: 'varchar', length: 64, nullable: true })
  businessKey: string | null;

  /** Department (or unit-role group) responsible for the task. */
  @Column({ name: 'department_code', type: 'varchar', length: 64, nullable: true })
  departmentCode: string | null;

  /** socket.io rooms the alert goes to: user:<id>, group:<candidate group>, head:<county>:<department>, role:<county>:leader … */
  @Column({ type: 'text', array: true })
  rooms: string[];

  @Column({ type: 'text' })
  message: string;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  /** Who sent a manual 催办 (null for the timers). */
  @Column({ name: 'sent_by', type: 'uuid', nullable: true })
  sentBy: string | null;

  @Column({ name: 'dedup_key', type: 'varchar', length: 160 })
  dedupKey: string;

  @Index()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * The highest alert id shown to a user as a toast, on any device: a toast is shown once per
 * user, not once per browser (a new login or another phone replays only what came after).
 */
@Entity({ name: 'alert_seen' })
export class AlertSeen {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'up_to', type: 'bigint' })
  upTo: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** Who acknowledged which alert, when. */
@Entity({ name: 'alert_ack' })
export class AlertAck {
  @PrimaryColumn({ name: 'alert_id', type: 'bigint' })
  alertId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @CreateDateColumn({ name: 'acked_at', type: 'timestamptz' })
  ackedAt: Date;
}

/** One person named by an accountability record. */
export interface ResponsiblePerson {
  id: string;
  name: string;
  /** assignee: had claimed the task; candidate: could have claimed it; head: supervises them. */
  kind: 'assignee' | 'candidate' | 'head';
}

/** 问责台账: opened automatically by an escalation (红牌); explanation and decision come later. Never deleted. */
@Entity({ name: 'accountability_record' })
export class AccountabilityRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'task_id', type: 'varchar', length: 64, unique: true })
  taskId: string;

  @Column({ name: 'task_name', type: 'varchar', length: 64 })
  taskName: string;

  @Column({ name: 'process_instance_id', type: 'varchar', length: 64 })
  processInstanceId: string;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId: string | null;

  @Column({ name: 'business_key', type: 'varchar', length: 64, nullable: true })
  businessKey: string | null;

  /** The county of the task's candidate groups: its leaders and joint-conference office read the record. */
  @Column({ name: 'county_code', type: 'varchar', length: 32, nullable: true })
  countyCode: string | null;

  @Column({ name: 'department_code', type: 'varchar', length: 64, nullable: true })
  departmentCode: string | null;

  /** The assignee at escalation time (null when nobody had claimed it). */
  @Column({ name: 'handler_id', type: 'uuid', nullable: true })
  handlerId: string | null;

  /**
   * The people the record names, fixed when it opens: the assignee, or for an unclaimed task
   * every user of its candidate groups (候选办理人), and who supervises them (负责人: the
   * department head, or for a village or township group the township's social-assistance handlers).
   */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  responsible: ResponsiblePerson[];

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  /** Working days late when opened. */
  @Column({ name: 'late_working_days', type: 'numeric', precision: 8, scale: 2 })
  lateWorkingDays: string;

  /** 情况说明 */
  @Column({ type: 'text', nullable: true })
  explanation: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  decision: AccountabilityDecision | null;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason: string | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @CreateDateColumn({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;
}

/** The append-only history of an accountability record (opened, explained, decided). */
@Entity({ name: 'accountability_event' })
export class AccountabilityEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Index()
  @Column({ name: 'record_id', type: 'uuid' })
  recordId: string;

  /** opened · explained · decided */
  @Column({ type: 'varchar', length: 16 })
  kind: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 64 })
  actorName: string;

  @Column({ type: 'text' })
  content: string;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at: Date;
}
