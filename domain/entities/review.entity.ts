import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { REVIEW_CLASSES, REVIEW_CLASS_NAMES, REVIEW_DECISIONS, REVIEW_DECISION_NAMES, REPORT_REASONS, REPORT_REASON_NAMES } from '../../contracts/kinds.js';
export { REVIEW_CLASSES, REVIEW_CLASS_NAMES, REVIEW_DECISIONS, REVIEW_DECISION_NAMES, REPORT_REASONS, REPORT_REASON_NAMES };
import type { ReviewClass, ReviewDecision, ReportReason } from '../../contracts/kinds.js';
export type { ReviewClass, ReviewDecision, ReportReason };

export type ReviewStatus = 'running' | 'decided';
export const REVIEW_STATUS_NAMES: Record<ReviewStatus, string> = { running: '核查中', decided: '已决定' };

/** 核查频次: how many months between two reviews of a class of household; admins change it. */
@Entity({ name: 'review_frequency' })
export class ReviewFrequency {
  @PrimaryColumn({ name: 'review_class', type: 'varchar', length: 16 })
  reviewClass: ReviewClass;

  @Column({ type: 'integer' })
  months: number;

  @Column({ name: 'updated_by', type: 'varchar', length: 64 })
  updatedBy: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** 核查计划: a recipient's class and last review (a recipient without a row: class by kind, last review = start month). */
@Entity({ name: 'review_plan' })
export class ReviewPlan {
  @PrimaryColumn({ name: 'recipient_id', type: 'uuid' })
  recipientId: string;

  @Column({ name: 'review_class', type: 'varchar', length: 16 })
  reviewClass: ReviewClass;

  /** The month of the last decided review, YYYY-MM. */
  @Column({ name: 'last_reviewed_month', type: 'char', length: 7, nullable: true })
  lastReviewedMonth: string | null;
}

/** 定期核查批次: the selection of one county and month, made once (by the timer or by hand). */
@Entity({ name: 'review_round' })
@Index('UQ_review_round_month', ['countyCode', 'month'], { unique: true })
export class ReviewRound {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'county_code', type: 'varchar', length: 32 })
  countyCode: string;

  @Column({ type: 'char', length: 7 })
  month: string;

  @Column({ name: 'started_by_name', type: 'varchar', length: 64 })
  startedByName: string;

  /** Reviews selected; `started` of them have their process instance. */
  @Column({ type: 'integer', default: 0 })
  selected: number;

  @Column({ type: 'integer', default: 0 })
  started: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * 核查: one review of one recipient — periodic (a round) or reported (情况变化报告) —
 * driven by one periodic-review instance: re-verification, village re-visit,
 * civil affairs' decision with its effective month and written notice.
 */
@Entity({ name: 'recipient_review' })
export class RecipientReview {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 核查编号, the instance's business key. */
  @Column({ name: 'review_no', type: 'varchar', length: 48, unique: true })
  reviewNo: string;

  @Index()
  @Column({ name: 'recipient_id', type: 'uuid' })
  recipientId: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Index()
  @Column({ name: 'county_code', type: 'varchar', length: 32 })
  countyCode: string;

  @Column({ name: 'township_code', type: 'varchar', length: 32 })
  townshipCode: string;

  @Column({ name: 'village_code', type: 'varchar', length: 32 })
  villageCode: string;

  /** periodic (定期核查) · report (情况变化报告) */
  @Column({ type: 'varchar', length: 16 })
  trigger: 'periodic' | 'report';

  @Column({ name: 'round_id', type: 'uuid', nullable: true })
  roundId: string | null;

  @Column({ name: 'report_reason', type: 'varchar', length: 16, nullable: true })
  reportReason: ReportReason | null;

  @Column({ name: 'report_note', type: 'text', nullable: true })
  reportNote: string | null;

  @Column({ name: 'started_by_name', type: 'varchar', length: 64 })
  startedByName: string;

  @Column({ type: 'varchar', length: 16, default: 'running' })
  status: ReviewStatus;

  @Column({ name: 'process_instance_id', type: 'varchar', length: 64, nullable: true })
  processInstanceId: string | null;

  /** 复核: what the verification sources found now. */
  @Column({ name: 'verified_per_capita_fen', type: 'integer', nullable: true })
  verifiedPerCapitaFen: number | null;

  @Column({ name: 'verification_summary', type: 'text', nullable: true })
  verificationSummary: string | null;

  /** 入户复查 by the village worker. */
  @Column({ name: 'visit_findings', type: 'text', nullable: true })
  visitFindings: string | null;

  @Column({ name: 'visit_suggests_change', type: 'boolean', nullable: true })
  visitSuggestsChange: boolean | null;

  @Column({ name: 'visited_by', type: 'varchar', length: 64, nullable: true })
  visitedBy: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  decision: ReviewDecision | null;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason: string | null;

  /** First month the decision applies to (the payroll of that month follows it). */
  @Column({ name: 'effective_month', type: 'char', length: 7, nullable: true })
  effectiveMonth: string | null;

  /** 调整: the new per-capita income and household size the amount is computed from. */
  @Column({ name: 'new_per_capita_fen', type: 'integer', nullable: true })
  newPerCapitaFen: number | null;

  @Column({ name: 'new_household_size', type: 'integer', nullable: true })
  newHouseholdSize: number | null;

  @Column({ name: 'decided_by', type: 'varchar', length: 64, nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** When the register changed (at the decision, or when the payroll of the effective month was built). */
  @Column({ name: 'applied_at', type: 'timestamptz', nullable: true })
  appliedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
