import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One test case of a decision (决策表测试用例): inputs and the outputs the policy expects, row by row. */
@Entity('decision_test_case')
export class DecisionTestCase {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'decision_key', type: 'varchar', length: 64 })
  decisionKey: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'jsonb' })
  inputs: Record<string, unknown>;

  /** The matched rules' outputs expected, in any order; each row lists the outputs it checks. */
  @Column({ type: 'jsonb' })
  expected: Record<string, unknown>[];
}

export type DecisionProposalStatus = 'pending' | 'approved' | 'rejected';

/** 决策表修订: a new version of a decision proposed by a coordinator (or admin) and approved or rejected by another person. */
@Entity('decision_proposal')
export class DecisionProposal {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'decision_key', type: 'varchar', length: 64 })
  decisionKey: string;

  @Column({ type: 'text' })
  xml: string;

  @Column({ name: 'test_cases', type: 'jsonb' })
  testCases: { name: string; inputs: Record<string, unknown>; expected: Record<string, unknown>[] }[];

  @Column({ type: 'text' })
  note: string;

  /** The check's report when proposed: test results and the replayed real inputs whose outcome changes. */
  @Column({ type: 'jsonb' })
  report: unknown;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: DecisionProposalStatus;

  @Column({ name: 'proposed_by', type: 'uuid' })
  proposedBy: string;

  @Column({ name: 'proposed_at', type: 'timestamptz', default: () => 'now()' })
  proposedAt: Date;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decision_note', type: 'text', nullable: true })
  decisionNote: string | null;

  @Column({ name: 'deployment_id', type: 'varchar', length: 64, nullable: true })
  deploymentId: string | null;

  @Column({ name: 'deployed_version', type: 'integer', nullable: true })
  deployedVersion: number | null;
}
