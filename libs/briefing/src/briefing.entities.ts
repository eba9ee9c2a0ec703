import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** 説明会 */
@Entity('briefing_sessions')
@Index('idx_briefing_sessions_program', ['programId'])
export class BriefingSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  /** Shown to registrants only (in the confirmation), not to the public. */
  @Column({ name: 'online_url', type: 'text' })
  onlineUrl: string;

  @Column({ type: 'int' })
  capacity: number;

  @Column({ name: 'registration_closes_at', type: 'timestamptz' })
  registrationClosesAt: Date;

  /** When the connection details are mailed to the confirmed registrants (公募要領5: around 15 February); later confirmations get them at once. */
  @Column({ name: 'connection_details_at', type: 'timestamptz' })
  connectionDetailsAt: Date;

  /** Set when the secretariat closes registration early (申込者多数の場合). */
  @Column({ name: 'closed_early_at', type: 'timestamptz', nullable: true })
  closedEarlyAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export enum RegistrantKind {
  LOCAL_GOVERNMENT = 'LOCAL_GOVERNMENT',
  PROSPECTIVE_VENDOR = 'PROSPECTIVE_VENDOR',
  RELATED_AGENCY = 'RELATED_AGENCY',
  OTHER = 'OTHER',
}

/** As the call names the attendees (公募要領5), for the attendee list the secretariat downloads. */
export const REGISTRANT_KIND_JA: Record<RegistrantKind, string> = {
  LOCAL_GOVERNMENT: '地方公共団体職員',
  PROSPECTIVE_VENDOR: '応募予定の法人',
  RELATED_AGENCY: '関係行政機関',
  OTHER: 'その他',
};

/**
 * PENDING until the address confirms it with the mailed token; only CONFIRMED ones take a seat. A pending
 * one past its expiry is read as EXPIRED (never stored as such: the expiry is in confirm_expires_at).
 */
export enum RegistrationStatus {
  PENDING = 'PENDING',
  CONFIRMED = 'CONFIRMED',
  EXPIRED = 'EXPIRED',
}

/** 参加申込: one per participant (e-mail) per session. */
@Entity('briefing_registrations')
@Unique('uq_briefing_registrations_email', ['sessionId', 'email'])
export class BriefingRegistration {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  organisation: string;

  @Column({ type: 'text' })
  kind: RegistrantKind;

  @Column({ type: 'text' })
  email: string;

  @Column({ name: 'consent_to_recording', type: 'boolean' })
  consentToRecording: boolean;

  @CreateDateColumn({ name: 'registered_at', type: 'timestamptz' })
  registeredAt: Date;

  @Column({ type: 'text' })
  status: RegistrationStatus.PENDING | RegistrationStatus.CONFIRMED;

  /** SHA-256 (hex) of the single-use confirmation token; the token itself is only in the mail. Null once confirmed. */
  @Column({ name: 'confirm_token_hash', type: 'text', nullable: true, select: false })
  confirmTokenHash: string | null;

  @Column({ name: 'confirm_expires_at', type: 'timestamptz', nullable: true })
  confirmExpiresAt: Date | null;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  /** When the connection details were sent to this registrant (the claim: set once, by whichever instance sends). */
  @Column({ name: 'connection_sent_at', type: 'timestamptz', nullable: true })
  connectionSentAt: Date | null;
}
