import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { STANDARD_KINDS, STANDARD_KIND_NAMES, RECIPIENT_KINDS, RECIPIENT_KIND_NAMES, CARE_LEVELS, CARE_LEVEL_NAMES, RECIPIENT_STATUS_NAMES } from '../../contracts/kinds.js';
export { STANDARD_KINDS, STANDARD_KIND_NAMES, RECIPIENT_KINDS, RECIPIENT_KIND_NAMES, CARE_LEVELS, CARE_LEVEL_NAMES, RECIPIENT_STATUS_NAMES };
import type { StandardKind, RecipientKind, CareLevel, RecipientStatus } from '../../contracts/kinds.js';
export type { StandardKind, RecipientKind, CareLevel, RecipientStatus };

/**
 * 救助标准: one amount per county, kind and effective month, set by someone
 * under an approval (批准文号). Rows are never changed (a trigger refuses it):
 * a new standard is a new row from its effective month on.
 */
@Entity({ name: 'assistance_standard' })
@Index('UQ_assistance_standard_month', ['countyCode', 'kind', 'effectiveMonth'], { unique: true })
export class AssistanceStandard {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'county_code', type: 'varchar', length: 32 })
  countyCode: string;

  @Column({ type: 'varchar', length: 32 })
  kind: StandardKind;

  /** Per person per month, in fen. */
  @Column({ name: 'amount_fen', type: 'integer' })
  amountFen: number;

  /** First month it applies to, YYYY-MM. */
  @Column({ name: 'effective_month', type: 'char', length: 7 })
  effectiveMonth: string;

  /** The approval that made it effective (批准文号), e.g. 示政字〔2026〕12号. */
  @Column({ name: 'approval_ref', type: 'varchar', length: 128 })
  approvalRef: string;

  /** Who approved it (批准机关). */
  @Column({ name: 'approved_by', type: 'varchar', length: 64 })
  approvedBy: string;

  @Column({ name: 'set_by', type: 'uuid', nullable: true })
  setBy: string | null;

  @Column({ name: 'set_by_name', type: 'varchar', length: 64 })
  setByName: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** 在保对象: a household receiving a monthly allowance, what the payroll reads. */
@Entity({ name: 'recipient' })
@Index('UQ_recipient_household_kind', ['householdId', 'kind'], { unique: true })
export class Recipient {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ type: 'varchar', length: 16 })
  kind: RecipientKind;

  /** 特困 only: the care level whose standard is added to the basic one. */
  @Column({ name: 'care_level', type: 'varchar', length: 8, nullable: true })
  careLevel: CareLevel | null;

  /** The approved case it came from (null for an imported recipient). */
  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId: string | null;

  @Column({ name: 'monthly_amount_fen', type: 'integer' })
  monthlyAmountFen: number;

  @Column({ name: 'household_size', type: 'integer' })
  householdSize: number;

  /** 低保: the verified per-capita income the top-up is computed from. */
  @Column({ name: 'per_capita_income_fen', type: 'integer', default: 0 })
  perCapitaIncomeFen: number;

  /** How the amount was computed, in words (核定说明). */
  @Column({ type: 'text' })
  computation: string;

  @Column({ name: 'start_month', type: 'char', length: 7 })
  startMonth: string;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: RecipientStatus;

  @Index()
  @Column({ name: 'township_code', type: 'varchar', length: 32 })
  townshipCode: string;

  @Column({ name: 'village_code', type: 'varchar', length: 32 })
  villageCode: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** 在保对象变动: every change of amount or status, with who and why (append-only). */
@Entity({ name: 'recipient_event' })
export class RecipientEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Index()
  @Column({ name: 'recipient_id', type: 'uuid' })
  recipientId: string;

  /** created · amount_changed · status_changed */
  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ name: 'from_status', type: 'varchar', length: 16, nullable: true })
  fromStatus: string | null;

  @Column({ name: 'to_status', type: 'varchar', length: 16, nullable: true })
  toStatus: string | null;

  @Column({ name: 'from_amount_fen', type: 'integer', nullable: true })
  fromAmountFen: number | null;

  @Column({ name: 'to_amount_fen', type: 'integer', nullable: true })
  toAmountFen: number | null;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 64 })
  actorName: string;

  @Column({ type: 'text' })
  reason: string;

  /** Idempotency key of a worker-written change. */
  @Column({ name: 'dedup_key', type: 'varchar', length: 128, nullable: true, unique: true })
  dedupKey: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export type PayrollStatus = 'building' | 'civil_review' | 'finance_review' | 'at_bank' | 'returned' | 'closed';
export const PAYROLL_STATUS_NAMES: Record<PayrollStatus, string> = {
  building: '生成名册',
  civil_review: '民政审核',
  finance_review: '财政审核拨付',
  at_bank: '银行代发中',
  returned: '回盘已导入',
  closed: '已结束',
};

/** 月度发放: one payroll per county and month (never two), driven by one monthly-payroll instance. */
@Entity({ name: 'payroll_run' })
@Index('UQ_payroll_run_month', ['countyCode', 'month'], { unique: true })
export class PayrollRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 发放编号 FF-<county>-<YYYY-MM>, the instance's business key. */
  @Column({ name: 'run_no', type: 'varchar', length: 48, unique: true })
  runNo: string;

  @Column({ name: 'county_code', type: 'varchar', length: 32 })
  countyCode: string;

  @Column({ type: 'char', length: 7 })
  month: string;

  @Column({ type: 'varchar', length: 16, default: 'building' })
  status: PayrollStatus;

  @Column({ name: 'process_instance_id', type: 'varchar', length: 64, nullable: true })
  processInstanceId: string | null;

  /** 手工 (a person) or 定时 (the timer start event). */
  @Column({ name: 'started_by_name', type: 'varchar', length: 64 })
  startedByName: string;

  /** The day the bank was instructed (资金拨付日); 延压 counts from here. */
  @Column({ name: 'payment_date', type: 'timestamptz', nullable: true })
  paymentDate: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}

/** One township of a payroll: its bank file and the bank's return (回盘), imported once. */
@Entity({ name: 'payroll_township' })
export class PayrollTownship {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId: string;

  @PrimaryColumn({ name: 'township_code', type: 'varchar', length: 32 })
  townshipCode: string;

  @Column({ name: 'return_imported_at', type: 'timestamptz', nullable: true })
  returnImportedAt: Date | null;

  @Column({ name: 'return_imported_by', type: 'varchar', length: 64, nullable: true })
  returnImportedBy: string | null;

  /** SHA-256 of the imported return file. */
  @Column({ name: 'return_sha256', type: 'char', length: 64, nullable: true })
  returnSha256: string | null;

  /** 发放结果公示: when the township finance office published the results. */
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'published_by', type: 'varchar', length: 64, nullable: true })
  publishedBy: string | null;
}

export type PaymentSource = 'payroll' | 'reissue' | 'temporary' | 'campaign' | 'price_subsidy';
export type PaymentLineStatus = 'instructed' | 'paid' | 'failed';
export type FailureResolution = 'reissue' | 'other' | 'returned';
export const RESOLUTION_NAMES: Record<FailureResolution, string> = { reissue: '下月补发', other: '已通过其他方式发放', returned: '资金退回财政' };

/** 发放明细: one payment to one household (the ledger of payments, also for 临时救助). */
@Entity({ name: 'payment_line' })
export class PaymentLine {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The payroll that sent it to the bank (null: a temporary payment not sent by a payroll). */
  @Index()
  @Column({ name: 'run_id', type: 'uuid', nullable: true })
  runId: string | null;

  /** The month the money is for, YYYY-MM. */
  @Column({ type: 'char', length: 7 })
  month: string;

  @Column({ type: 'varchar', length: 16 })
  source: PaymentSource;

  @Index()
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ name: 'recipient_id', type: 'uuid', nullable: true })
  recipientId: string | null;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId: string | null;

  /** dibao_urban · dibao_rural · tekun · temporary · price_subsidy */
  @Column({ type: 'varchar', length: 16 })
  kind: string;

  @Column({ name: 'township_code', type: 'varchar', length: 32 })
  townshipCode: string;

  @Column({ name: 'village_code', type: 'varchar', length: 32 })
  villageCode: string;

  @Column({ name: 'amount_fen', type: 'integer' })
  amountFen: number;

  @Column({ type: 'varchar', length: 16, default: 'instructed' })
  status: PaymentLineStatus;

  @Column({ name: 'fail_reason', type: 'text', nullable: true })
  failReason: string | null;

  @Column({ name: 'returned_at', type: 'timestamptz', nullable: true })
  returnedAt: Date | null;

  /** What the township did about a failed line. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  resolution: FailureResolution | null;

  @Column({ name: 'resolution_note', type: 'text', nullable: true })
  resolutionNote: string | null;

  @Column({ name: 'resolved_by', type: 'varchar', length: 64, nullable: true })
  resolvedBy: string | null;

  /** A re-issue line names the failed line it pays again. */
  @Column({ name: 'reissue_of', type: 'uuid', nullable: true, unique: true })
  reissueOf: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** 发放异常: an anomaly found by reconciliation, raised once per line and kind as an alert. */
@Entity({ name: 'payment_anomaly' })
@Index('UQ_payment_anomaly', ['lineId', 'kind'], { unique: true })
export class PaymentAnomaly {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Column({ name: 'line_id', type: 'uuid' })
  lineId: string;

  /** delayed 延压 · not_active 非在保 · amount_mismatch 金额不符 · paid_twice 重复发放 */
  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ name: 'township_code', type: 'varchar', length: 32 })
  townshipCode: string;

  @Column({ type: 'text' })
  message: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
