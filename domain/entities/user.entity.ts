import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

import type { Role } from '../roles.js';
export { ROLES, type Role } from '../roles.js';

/** 用户: one account, belonging to one unit and one department, with one role. */
@Entity({ name: 'app_user' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  username: string;

  @Column({ name: 'display_name', type: 'varchar', length: 64 })
  displayName: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Column({ name: 'department_code', type: 'varchar', length: 32 })
  departmentCode: string;

  @Column({ name: 'unit_code', type: 'varchar', length: 32 })
  unitCode: string;

  /** Seeded accounts must change their initial password. */
  @Column({ name: 'must_change_password', type: 'boolean', default: true })
  mustChangePassword: boolean;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Consecutive failed logins since the last success. */
  @Column({ name: 'failed_logins', type: 'integer', default: 0 })
  failedLogins: number;

  /** Temporarily locked after too many failed logins. */
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
