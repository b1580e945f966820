import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A worker process's last sign of life; /api/health reads it. */
@Entity({ name: 'worker_heartbeat' })
export class WorkerHeartbeat {
  @PrimaryColumn({ name: 'worker_id', type: 'varchar', length: 128 })
  workerId: string;

  @Column({ type: 'text', array: true })
  topics: string[];

  @Column({ type: 'varchar', length: 128 })
  host: string;

  @Column({ type: 'integer' })
  pid: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt: Date;

  /** Set when the worker stops cleanly. */
  @Column({ name: 'stopped_at', type: 'timestamptz', nullable: true })
  stoppedAt: Date | null;
}
