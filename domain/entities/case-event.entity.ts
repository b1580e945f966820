import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 办理记录: one line of a case's timeline (who did what, with which opinion). */
@Entity({ name: 'case_event' })
export class CaseEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Index()
  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  /** registered · classified · task_claimed · task_completed · payment_instructed · closed … */
  @Column({ type: 'varchar', length: 32 })
  kind: string;

  /** Chinese name of the step, for the timeline. */
  @Column({ name: 'step_name', type: 'varchar', length: 64 })
  stepName: string;

  /** User id, or null when a worker acted. */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  /** Display name of the actor (用户姓名 or 系统). */
  @Column({ name: 'actor_name', type: 'varchar', length: 64 })
  actorName: string;

  @Column({ name: 'department_code', type: 'varchar', length: 32, nullable: true })
  departmentCode: string | null;

  /** 办理意见 */
  @Column({ type: 'text', nullable: true })
  opinion: string | null;

  /** Idempotency key: a worker retrying the same external task does not add a second line. */
  @Column({ name: 'dedup_key', type: 'varchar', length: 128, nullable: true, unique: true })
  dedupKey: string | null;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at: Date;
}
