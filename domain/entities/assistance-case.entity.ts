import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AssistanceType, CaseOutcome, CaseStatus } from '../../contracts/assistance.js';

export { ASSISTANCE_TYPES, ASSISTANCE_TYPE_NAMES, type AssistanceType, type CaseOutcome, type CaseStatus } from '../../contracts/assistance.js';

/** 救助申请 (案件): one application registered at the window, driven by one process instance. */
@Entity({ name: 'assistance_case' })
export class AssistanceCase {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 受理编号, e.g. SA-2026-000001; the process instance's business key. */
  @Column({ name: 'case_no', type: 'varchar', length: 32, unique: true })
  caseNo: string;

  @Index()
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ name: 'assistance_types', type: 'text', array: true })
  assistanceTypes: AssistanceType[];

  /** Documents the applicant has handed in (codes from domain/documents.ts). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  documents: string[];

  /** Documents still missing at the last completeness check (一次性告知). */
  @Column({ name: 'missing_documents', type: 'text', array: true, default: () => "'{}'" })
  missingDocuments: string[];

  /** Current household economic-status verification round (0 before the first). */
  @Column({ name: 'verification_round', type: 'integer', default: 0 })
  verificationRound: number;

  /** 申请事由 */
  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'varchar', length: 16, default: 'registered' })
  status: CaseStatus;

  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome: CaseOutcome | null;

  /** Written reason sent to the applicant when the case closes (告知书). */
  @Column({ name: 'outcome_reason', type: 'text', nullable: true })
  outcomeReason: string | null;

  /** Lead department decided by classification (分类派单). */
  @Column({ name: 'lead_department', type: 'varchar', length: 32, nullable: true })
  leadDepartment: string | null;

  @Index()
  @Column({ name: 'process_instance_id', type: 'varchar', length: 64, nullable: true })
  processInstanceId: string | null;

  /** Unit where the application was registered (county or township window). */
  @Column({ name: 'unit_code', type: 'varchar', length: 32 })
  unitCode: string;

  @Column({ name: 'registered_by', type: 'uuid' })
  registeredBy: string;

  /** Keyed hash of the 查询码 printed on the 受理通知书 (求助有门); the code itself is never stored. */
  @Column({ name: 'lookup_code_hash', type: 'varchar', length: 64, nullable: true, select: false })
  lookupCodeHash: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}
