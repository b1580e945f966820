import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** 资金发放指令: what finance is told to pay into the household's payment card. One per case. */
@Entity({ name: 'payment_instruction' })
export class PaymentInstruction {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** One instruction per case: the idempotency key of the payment step. */
  @Column({ name: 'case_id', type: 'uuid', unique: true })
  caseId: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  /** 月补差额 in fen: (local standard − per-capita income) × household size, never below zero. */
  @Column({ name: 'monthly_amount_fen', type: 'integer' })
  monthlyAmountFen: number;

  @Column({ name: 'household_size', type: 'integer' })
  householdSize: number;

  @Column({ name: 'standard_fen', type: 'integer' })
  standardFen: number;

  @Column({ name: 'per_capita_income_fen', type: 'integer' })
  perCapitaIncomeFen: number;

  /** First month paid, YYYY-MM (Asia/Shanghai). */
  @Column({ name: 'start_month', type: 'char', length: 7 })
  startMonth: string;

  /** instructed → (later) paid / returned */
  @Column({ type: 'varchar', length: 16, default: 'instructed' })
  status: string;

  /** The external task that created it (for tracing). */
  @Column({ name: 'external_task_id', type: 'varchar', length: 64 })
  externalTaskId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
