import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { HouseholdMember } from './household-member.entity.js';

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

  /** 户主身份证号 */
  @Index()
  @Column({ name: 'head_id_number', type: 'varchar', length: 18 })
  headIdNumber: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 200 })
  address: string;

  /** Village (or township) the household lives in. */
  @Column({ name: 'unit_code', type: 'varchar', length: 32 })
  unitCode: string;

  /** Declared total household income per month, in fen. */
  @Column({ name: 'monthly_income_fen', type: 'integer', default: 0 })
  monthlyIncomeFen: number;

  @OneToMany(() => HouseholdMember, (m) => m.household, { cascade: ['insert'] })
  members: HouseholdMember[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
