import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 审计日志: every state-changing request — who, when, what, from where, outcome. Append-only. */
@Entity({ name: 'audit_entry' })
export class AuditEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Index()
  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at: Date;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  username: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  role: string | null;

  @Column({ name: 'unit_code', type: 'varchar', length: 32, nullable: true })
  unitCode: string | null;

  /** e.g. "POST /api/cases" */
  @Column({ type: 'varchar', length: 200 })
  action: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  target: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'integer' })
  status: number;

  /** Error code when refused. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  code: string | null;

  /** What exactly was done and why, e.g. for a reveal of personal data: the field, the member, the reason. Never the value. */
  @Column({ type: 'text', nullable: true })
  detail: string | null;
}
