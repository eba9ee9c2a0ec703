import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A signed-out session: its token (by the `sid` it carries) is refused until the token would have expired anyway. Read in
 * the same statement as the account on every request, so signing out costs the requests nothing.
 */
@Entity('revoked_sessions')
@Index('idx_revoked_sessions_expires_at', ['expiresAt'])
export class RevokedSession {
  @PrimaryColumn({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
