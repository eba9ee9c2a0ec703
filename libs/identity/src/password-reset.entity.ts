import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A password-reset link sent to an account's address: only the token's hash is kept (the token itself is written into the
 * mail as it is sent, LinkTokens), single use, valid for RESET_LINK_MINUTES; a newer request supersedes the older links.
 */
@Entity('password_reset_requests')
@Index('idx_password_reset_requests_user', ['userId'])
export class PasswordResetRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'token_hash', type: 'char', length: 64, unique: true })
  tokenHash: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  /** Set when the link is used, or superseded by a newer request. */
  @Column({ name: 'spent_at', type: 'timestamptz', nullable: true })
  spentAt: Date | null;

  /** The clock's time of the request (the server's clock, so tests can cross the expiry). */
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
