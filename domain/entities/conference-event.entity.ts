import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 议题办理记录: one line of a matter's timeline (who did what, with which opinion), like case_event for cases. */
@Entity({ name: 'conference_event' })
export class ConferenceEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Index('IDX_conference_event_matter')
  @Column({ name: 'matter_id', type: 'uuid' })
  matterId: string;

  /** raised · decided · convened · declined · opinion · minutes · assigned · item_completed · supervised · reported */
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

  /** The agreed item the line is about (落实, 督办), if any. */
  @Column({ name: 'item_id', type: 'uuid', nullable: true })
  itemId: string | null;

  /** 意见 / 纪要 / 落实情况 / 督办意见 */
  @Column({ type: 'text', nullable: true })
  opinion: string | null;

  /** Idempotency key: a retried worker or a repeated completion does not add a second line. */
  @Column({ name: 'dedup_key', type: 'varchar', length: 128, nullable: true, unique: true })
  dedupKey: string | null;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at: Date;
}
