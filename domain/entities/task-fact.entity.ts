import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One completed user task as 考核统计 counts it, written in the transaction that records the
 * completion: kept in the app schema because the engine deletes its history after the
 * models' historyTimeToLive.
 */
@Entity({ name: 'task_fact' })
export class TaskFactRow {
  @PrimaryColumn({ name: 'task_id', type: 'varchar', length: 64 })
  taskId: string;

  @Column({ name: 'process_instance_id', type: 'varchar', length: 64 })
  processInstanceId: string;

  @Column({ name: 'process_key', type: 'varchar', length: 64 })
  processKey: string;

  @Column({ name: 'task_key', type: 'varchar', length: 64 })
  taskKey: string;

  @Column({ name: 'task_name', type: 'varchar', length: 128 })
  taskName: string;

  /** The groups the task was offered to (the department is derived from them, as for open tasks). */
  @Column({ name: 'candidate_groups', type: 'text', array: true })
  candidateGroups: string[];

  /** The user id that completed it. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  assignee: string | null;

  /** Arrival: when the engine created the task. */
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz' })
  completedAt: Date;

  /** Completed after its due date (computed by the database). */
  @Column({ type: 'boolean', insert: false, update: false })
  late: boolean;
}
