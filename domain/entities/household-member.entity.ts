import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
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

  @Column({ name: 'id_number', type: 'varchar', length: 18 })
  idNumber: string;

  /** 与户主关系: 本人, 配偶, 子女, 父母 … */
  @Column({ type: 'varchar', length: 16 })
  relation: string;
}
