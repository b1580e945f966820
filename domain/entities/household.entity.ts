import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { HouseholdMember } from './household-member.entity.js';
import { PII_LABEL, piiColumn } from '../crypto/pii.js';
import type { DisasterImpact } from '../household-facts.js';

/** 家庭: the household that applies; its members live in household_member. */
@Entity({ name: 'household' })
export class Household {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 户编号, unique within the platform. */
  @Column({ name: 'household_no', type: 'varchar', length: 32, unique: true })
  householdNo: string;

  /** 户主姓名 */
  @Column({ name: 'head_name', type: 'varchar', length: 64 })
  headName: string;

  /** 户主身份证号 (encrypted at rest; the entity holds clear text). */
  @Column({ name: 'head_id_enc', type: 'text', transformer: piiColumn(PII_LABEL.headIdNumber) })
  headIdNumber: string;

  /** Blind index of the head's ID number (idNumberIndex), for the duplicate check and search. */
  @Index('IDX_household_head_id_hash')
  @Column({ name: 'head_id_hash', type: 'char', length: 64 })
  headIdHash: string;

  @Column({ name: 'phone_enc', type: 'text', nullable: true, transformer: piiColumn(PII_LABEL.phone) })
  phone: string | null;

  @Column({ name: 'address_enc', type: 'text', transformer: piiColumn(PII_LABEL.address) })
  address: string;

  /** 资金发放卡号 (bank / social-security payment card), optional. */
  @Column({ name: 'bank_card_enc', type: 'text', nullable: true, transformer: piiColumn(PII_LABEL.bankCard) })
  bankCardNo: string | null;

  /** Village (or township) the household lives in. */
  @Column({ name: 'unit_code', type: 'varchar', length: 32 })
  unitCode: string;

  /** Declared total household income per month, in fen. */
  @Column({ name: 'monthly_income_fen', type: 'integer', default: 0 })
  monthlyIncomeFen: number;

  /** 受灾情况 (none when not affected); decides the referral to 应急管理. */
  @Column({ name: 'disaster_impact', type: 'varchar', length: 16, default: 'none' })
  disasterImpact: DisasterImpact;

  @OneToMany(
    () => HouseholdMember,
    (m) => m.household,
    { cascade: ['insert'] },
  )
  members: HouseholdMember[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
