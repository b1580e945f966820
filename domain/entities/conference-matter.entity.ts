import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * deciding 待召集人决定 → consulting 征求部门意见 → minuting 起草会议纪要 →
 * implementing 议定事项落实中 → closed 已办结.
 */
export type ConferenceStatus = 'deciding' | 'consulting' | 'minuting' | 'implementing' | 'closed';
/** reported 已通报 · declined 不予召集 */
export type ConferenceOutcome = 'reported' | 'declined';

export const CONFERENCE_STATUS_NAMES: Record<ConferenceStatus, string> = {
  deciding: '待召集人决定',
  consulting: '征求部门意见',
  minuting: '起草会议纪要',
  implementing: '议定事项落实中',
  closed: '已办结',
};
export const CONFERENCE_OUTCOME_NAMES: Record<ConferenceOutcome, string> = { reported: '已通报', declined: '不予召集' };

/** 联席会议议题: one coordination matter raised by the joint-conference office, driven by one process instance. */
@Entity({ name: 'conference_matter' })
export class ConferenceMatter {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 议题编号, e.g. JC-2026-0001; the process instance's business key. */
  @Column({ name: 'matter_no', type: 'varchar', length: 32, unique: true })
  matterNo: string;

  @Column({ type: 'varchar', length: 100 })
  title: string;

  /** 议题背景 */
  @Column({ type: 'text' })
  background: string;

  /** 参会部门 (department codes), in the order given. */
  @Column({ type: 'text', array: true })
  departments: string[];

  /** 关联的救助申请 (optional). */
  @Column({ name: 'related_case_id', type: 'uuid', nullable: true })
  relatedCaseId: string | null;

  @Column({ type: 'varchar', length: 16, default: 'deciding' })
  status: ConferenceStatus;

  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome: ConferenceOutcome | null;

  /** The county whose joint conference handles the matter (its leaders, office and departments). */
  @Column({ name: 'county_code', type: 'varchar', length: 32 })
  countyCode: string;

  @Column({ name: 'raised_by', type: 'uuid' })
  raisedBy: string;

  /** 召集人决定: convene or not (null until decided). */
  @Column({ type: 'boolean', nullable: true })
  convene: boolean | null;

  @Column({ name: 'decision_opinion', type: 'text', nullable: true })
  decisionOpinion: string | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** 会议纪要 */
  @Column({ type: 'text', nullable: true })
  minutes: string | null;

  @Column({ name: 'minutes_by', type: 'uuid', nullable: true })
  minutesBy: string | null;

  @Column({ name: 'minutes_at', type: 'timestamptz', nullable: true })
  minutesAt: Date | null;

  /** 通报 (or, when declined, the written reason). */
  @Column({ type: 'text', nullable: true })
  report: string | null;

  @Index('IDX_conference_matter_process_instance')
  @Column({ name: 'process_instance_id', type: 'varchar', length: 64, nullable: true })
  processInstanceId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}
