import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** open 落实中 · done 已落实 */
export type ConferenceItemStatus = 'open' | 'done';

/** 议定事项: one item agreed in the minutes, assigned to one department with a deadline. */
@Entity({ name: 'conference_item' })
@Index('UQ_conference_item_matter_seq', ['matterId', 'seq'], { unique: true })
export class ConferenceItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'matter_id', type: 'uuid' })
  matterId: string;

  /** Position in the minutes, from 1. */
  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'text' })
  content: string;

  /** 承办部门 */
  @Column({ name: 'department_code', type: 'varchar', length: 32 })
  departmentCode: string;

  /** 完成期限 (YYYY-MM-DD, Beijing calendar date). */
  @Column({ type: 'date' })
  deadline: string;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: ConferenceItemStatus;

  /** 落实情况 */
  @Column({ name: 'completion_note', type: 'text', nullable: true })
  completionNote: string | null;

  @Column({ name: 'completed_by', type: 'uuid', nullable: true })
  completedBy: string | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
