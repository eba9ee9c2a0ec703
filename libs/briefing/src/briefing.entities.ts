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
}
