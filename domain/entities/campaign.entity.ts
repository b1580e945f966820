import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { RELIEF_NEEDS, RELIEF_NEED_NAMES } from '../../contracts/kinds.js';
export { RELIEF_NEEDS, RELIEF_NEED_NAMES };
import type { ReliefNeed } from '../../contracts/kinds.js';
export type { ReliefNeed };

export type ReliefForm = 'money' | 'in_kind';

export type CampaignStatus = 'open' | 'approved' | 'rejected';
export const CAMPAIGN_STATUS_NAMES: Record<CampaignStatus, string> = {
  open: '进行中',
  approved: '已批准并登记',
  rejected: '未批准',
};

/** 冬春救助: one campaign per county and season (the winter of `season` and the spring after it). */
@Entity({ name: 'relief_campaign' })
@Index('UQ_relief_campaign_season', ['countyCode', 'season'], { unique: true })
export class ReliefCampaign {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 编号 DC-<county>-<season>, the instance's business key. */
  @Column({ name: 'campaign_no', type: 'varchar', length: 48, unique: true })
  campaignNo: string;

  @Column({ name: 'county_code', type: 'varchar', length: 32 })
  countyCode: string;

  /** 2026-2027: the winter of 2026 and the spring of 2027. */
  @Column({ type: 'char', length: 9 })
  season: string;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: CampaignStatus;

  @Column({ name: 'process_instance_id', type: 'varchar', length: 64, nullable: true })
  processInstanceId: string | null;

  @Column({ name: 'started_by_name', type: 'varchar', length: 64 })
  startedByName: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** One household a village listed in its survey, with what it needs and the relief proposed. */
@Entity({ name: 'relief_item' })
@Index('UQ_relief_item_need', ['campaignId', 'householdId', 'need'], { unique: true })
export class ReliefItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ name: 'village_code', type: 'varchar', length: 32 })
  villageCode: string;

  @Column({ name: 'township_code', type: 'varchar', length: 32 })
  townshipCode: string;

  @Column({ type: 'varchar', length: 16 })
  need: ReliefNeed;

  /** money: paid through the monthly payroll; in_kind: goods handed over (described). */
  @Column({ type: 'varchar', length: 8 })
  form: ReliefForm;

  @Column({ name: 'amount_fen', type: 'integer', default: 0 })
  amountFen: number;

  @Column({ type: 'text' })
  description: string;

  /** The payment line written when the plan was approved (money only). */
  @Column({ name: 'payment_line_id', type: 'uuid', nullable: true, unique: true })
  paymentLineId: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true })
  recordedAt: Date | null;

  @Column({ name: 'listed_by', type: 'varchar', length: 64 })
  listedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** An opinion given on a campaign: a village's survey, a township's review, a county approval. */
@Entity({ name: 'relief_campaign_event' })
export class ReliefCampaignEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Index()
  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @Column({ type: 'varchar', length: 64 })
  step: string;

  /** The village or township the step was for (null for county steps). */
  @Column({ name: 'unit_code', type: 'varchar', length: 32, nullable: true })
  unitCode: string | null;

  @Column({ type: 'boolean', nullable: true })
  approved: boolean | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 64 })
  actorName: string;

  @Column({ type: 'text' })
  opinion: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
