import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '@app/core';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased; unique. */
  @Column({ type: 'text', unique: true })
  email: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ type: 'text' })
  role: Role;

  @Column({ name: 'prefecture_code', type: 'char', length: 2, nullable: true })
  prefectureCode: string | null;

  @Column({ name: 'municipality_code', type: 'char', length: 6, nullable: true })
  municipalityCode: string | null;

  @Column({ name: 'vendor_id', type: 'uuid', nullable: true })
  vendorId: string | null;

  @Column({ name: 'evaluator_id', type: 'uuid', nullable: true })
  evaluatorId: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Tokens issued before this instant are refused (a password change, a deactivation): a whole second, as a JWT's iat. */
  @Column({ name: 'sessions_not_before', type: 'timestamptz', nullable: true })
  sessionsNotBefore: Date | null;

  /** The TOTP secret, sealed (SecondFactorService); set while enrolling and while in force. */
  @Column({ name: 'totp_secret', type: 'text', nullable: true, select: false })
  totpSecret: string | null;

  /** The second factor is in force from here on: sign-in then needs a code. */
  @Column({ name: 'totp_enabled_at', type: 'timestamptz', nullable: true })
  totpEnabledAt: Date | null;

  /** The last 30-second step whose code was accepted: a code works once. */
  @Column({ name: 'totp_last_step', type: 'bigint', nullable: true, select: false })
  totpLastStep: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
