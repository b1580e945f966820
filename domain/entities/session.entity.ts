import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** 会话: a server-side session; the cookie carries a random token, the table only its SHA-256. */
@Entity({ name: 'app_session' })
export class Session {
  /** SHA-256 of the session token (hex). */
  @PrimaryColumn({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Index()
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
