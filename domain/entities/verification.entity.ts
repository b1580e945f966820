import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** 核对结果: what one department data source reported about a household in one verification round. */
@Entity({ name: 'verification_result' })
@Unique(['caseId', 'round', 'source'])
export class VerificationResult {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  /** 1 for the first verification, +1 for each re-check after an upheld objection. */
  @Column({ type: 'integer' })
  round: number;

  /** Adapter code: hrss, housing, market, police, bank … */
  @Column({ type: 'varchar', length: 32 })
  source: string;

  /** Monthly household income this source found, in fen. */
  @Column({ name: 'monthly_income_fen', type: 'integer' })
  monthlyIncomeFen: number;

  /** Findings in plain Chinese (e.g. 名下无机动车辆). */
  @Column({ type: 'text' })
  summary: string;

  /** Red flags that need the approver's attention (e.g. 名下有商品房 2 套). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  flags: string[];

  /** Assets found that bar 低保 (vehicle, property, deposits); inputs of the eligibility decision. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  assets: string[];

  @CreateDateColumn({ name: 'queried_at', type: 'timestamptz' })
  queriedAt: Date;
}

/** 核对报告: the merged result of one verification round, with the per-capita income. */
@Entity({ name: 'verification_report' })
@Unique(['caseId', 'round'])
export class VerificationReport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ type: 'integer' })
  round: number;

  @Column({ name: 'household_size', type: 'integer' })
  householdSize: number;

  @Column({ name: 'total_monthly_income_fen', type: 'integer' })
  totalMonthlyIncomeFen: number;

  @Column({ name: 'per_capita_income_fen', type: 'integer' })
  perCapitaIncomeFen: number;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  flags: string[];

  @Column({ type: 'text' })
  summary: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
