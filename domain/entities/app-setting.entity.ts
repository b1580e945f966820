import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 系统参数: a setting an admin edits at run time (each change is in the audit log). */
@Entity({ name: 'app_setting' })
export class AppSetting {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  /** The value as JSON (a number of fen for money). */
  @Column({ type: 'jsonb' })
  value: unknown;

  @Column({ name: 'updated_by', type: 'varchar', length: 64 })
  updatedBy: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
