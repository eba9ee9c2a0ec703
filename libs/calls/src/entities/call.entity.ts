import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CallKind, CallStatus } from '../domain/call-window';

@Entity('calls')
@Index('idx_calls_program', ['programId'])
export class Call {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId: string;

  @Column({ type: 'text' })
  kind: CallKind;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'opens_at', type: 'timestamptz' })
  opensAt: Date;

  @Column({ name: 'closes_at', type: 'timestamptz' })
  closesAt: Date;

  @Column({ type: 'text', default: CallStatus.DRAFT })
  status: CallStatus;

  /** Bonus points a repeat region gets at 100% participation (scaled by its participation ratio). */
  @Column({ name: 'repeat_bonus_max_points', type: 'double precision', default: 10 })
  repeatBonusMaxPoints: number;

  /** For a vendor call: the region call whose candidate regions it lists. */
  @Column({ name: 'region_call_id', type: 'uuid', nullable: true })
  regionCallId: string | null;

  /** Vendors may ask questions until then (default: the deadline). */
  @Column({ name: 'questions_close_at', type: 'timestamptz', nullable: true })
  questionsCloseAt: Date | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Set from the server's Clock on every change (ClockTimestamps); not an UpdateDateColumn, which falls back to CURRENT_TIMESTAMP. */
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
