import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 成员单位: a member department of the joint-conference mechanism (民政, 财政, 卫健 …). */
@Entity({ name: 'department' })
export class Department {
  /** Short code used in candidate groups (`dept:civil`). */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** 牵头部门: civil affairs leads the mechanism. */
  @Column({ name: 'is_lead', type: 'boolean', default: false })
  isLead: boolean;

  @Column({ name: 'sort_order', type: 'integer', default: 0 })
  sortOrder: number;

  /** 停用: a disabled department keeps its history but is offered for no new account or matter. */
  @Column({ type: 'boolean', default: true })
  active: boolean;
}
