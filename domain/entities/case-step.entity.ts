import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { PII_LABEL, piiColumn } from '../crypto/pii.js';

/** 入户调查记录: what the village worker found at the household. */
@Entity({ name: 'home_visit' })
export class HomeVisit {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ name: 'visitor_id', type: 'uuid' })
  visitorId: string;

  @Column({ type: 'text' })
  findings: string;

  /** Whether the visitor recommends assistance. */
  @Column({ type: 'boolean' })
  recommend: boolean;

  @CreateDateColumn({ name: 'visited_at', type: 'timestamptz' })
  visitedAt: Date;
}

/** 民主评议: the village review meeting's result. */
@Entity({ name: 'democratic_review' })
export class DemocraticReview {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ type: 'integer' })
  participants: number;

  @Column({ name: 'votes_for', type: 'integer' })
  votesFor: number;

  @Column({ name: 'votes_against', type: 'integer' })
  votesAgainst: number;

  @Column({ type: 'boolean' })
  passed: boolean;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @CreateDateColumn({ name: 'held_at', type: 'timestamptz' })
  heldAt: Date;
}

/** 公示: the public notice of a case (7 days by default), shown with masked data. */
@Entity({ name: 'public_notice' })
export class PublicNotice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ name: 'notice_no', type: 'varchar', length: 32, unique: true })
  noticeNo: string;

  /** The notice text as the public reads it (names and ID numbers masked). */
  @Column({ type: 'text' })
  content: string;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  /** open → ended | objected */
  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: 'open' | 'ended' | 'objected';
}

/** 公示异议: an objection raised against a public notice. */
@Entity({ name: 'notice_objection' })
export class NoticeObjection {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'notice_id', type: 'uuid' })
  noticeId: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ type: 'text' })
  content: string;

  /** Optional contact of the objector (kept for the reply), encrypted like every phone number. */
  @Column({ name: 'contact_enc', type: 'text', nullable: true, transformer: piiColumn(PII_LABEL.objectorContact) })
  contact: string | null;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ type: 'boolean', nullable: true })
  upheld: boolean | null;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;
}

/** 转介: a referral of a case to another department, with why (the referral decision); it does not wait for the 低保 outcome. */
@Entity({ name: 'referral' })
@Unique(['caseId', 'departmentCode'])
export class Referral {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ name: 'department_code', type: 'varchar', length: 32 })
  departmentCode: string;

  /** pending → done, or withdrawn when the applicant withdrew before the department finished */
  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: 'pending' | 'done' | 'withdrawn';

  /** Why the department is referred (the matched rules of case-referrals.dmn, joined). */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'text', nullable: true })
  opinion: string | null;

  @Column({ name: 'handled_by', type: 'uuid', nullable: true })
  handledBy: string | null;

  @Column({ name: 'handled_at', type: 'timestamptz', nullable: true })
  handledAt: Date | null;
}

/** 台账: the township ledger line of a closed case. */
@Entity({ name: 'ledger_entry' })
export class LedgerEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid', unique: true })
  caseId: string;

  @Index()
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  /** Township whose ledger holds the line. */
  @Index()
  @Column({ name: 'township_code', type: 'varchar', length: 32 })
  townshipCode: string;

  @Column({ name: 'assistance_types', type: 'text', array: true })
  assistanceTypes: string[];

  /** Monthly amount paid (0 when only referrals). */
  @Column({ name: 'monthly_amount_fen', type: 'integer' })
  monthlyAmountFen: number;

  @Column({ name: 'start_month', type: 'char', length: 7, nullable: true })
  startMonth: string | null;

  /** 救助证编号 */
  @Column({ name: 'certificate_no', type: 'varchar', length: 32, unique: true })
  certificateNo: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
