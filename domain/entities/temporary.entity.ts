import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** 临时救助申请: the amount asked for, whether it is an emergency, how it came in, who approves. */
@Entity({ name: 'temporary_request' })
export class TemporaryRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid', unique: true })
  caseId: string;

  @Column({ name: 'amount_fen', type: 'integer' })
  amountFen: number;

  /** 先行救助: pay first, complete the file later. */
  @Column({ type: 'boolean' })
  emergency: boolean;

  /** window (窗口受理), village_report (主动发现) or rural_flag (乡村振兴部门推送). */
  @Column({ type: 'varchar', length: 16 })
  source: 'window' | 'village_report' | 'rural_flag';

  /** township (乡级审批, small amounts) or county (县级审批); set by the assessment step. */
  @Column({ name: 'approval_level', type: 'varchar', length: 16, nullable: true })
  approvalLevel: 'township' | 'county' | null;

  /** The township that approves small amounts and completes the file. */
  @Column({ name: 'township_code', type: 'varchar', length: 32 })
  townshipCode: string;
}

/** 临时救助发放: the one-off payment of a temporary-assistance case (one per case). */
@Entity({ name: 'temporary_payment' })
export class TemporaryPayment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid', unique: true })
  caseId: string;

  @Column({ name: 'amount_fen', type: 'integer' })
  amountFen: number;

  /** Paid before approval (先行救助). */
  @Column({ name: 'paid_first', type: 'boolean' })
  paidFirst: boolean;

  @Column({ name: 'external_task_id', type: 'varchar', length: 64 })
  externalTaskId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
