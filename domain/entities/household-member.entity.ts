import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PII_LABEL, piiColumn, piiJsonColumn } from '../crypto/pii.js';
import type { MemberFacts } from '../household-facts.js';
import type { Household } from './household.entity.js';

/** 家庭成员 (the head is also listed, with relation 本人). */
@Entity({ name: 'household_member' })
export class HouseholdMember {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @ManyToOne('Household', 'members', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'household_id' })
  household: Household;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** 身份证号 (encrypted at rest; the entity holds clear text). */
  @Column({ name: 'id_number_enc', type: 'text', transformer: piiColumn(PII_LABEL.memberIdNumber) })
  idNumber: string;

  /** Blind index of the ID number (idNumberIndex). */
  @Index('IDX_household_member_id_hash')
  @Column({ name: 'id_hash', type: 'char', length: 64 })
  idHash: string;

  /** 与户主关系: 本人, 配偶, 子女, 父母 … */
  @Column({ type: 'varchar', length: 16 })
  relation: string;

  /** 家庭情况 of this member (disability, schooling, illness, employment, 建档立卡/监测), encrypted; null when not recorded. */
  @Column({ name: 'facts_enc', type: 'text', nullable: true, transformer: piiJsonColumn(PII_LABEL.memberFacts) })
  facts: MemberFacts | null;
}
