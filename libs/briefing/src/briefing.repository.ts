import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inWriteTransaction, Writer } from '@app/core';
import { BriefingRegistration, BriefingSession, RegistrationStatus } from './briefing.entities';

/** Every query of the briefing area: sessions and their registrations. */
@Injectable()
export class BriefingRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A write's unit of work, recorded in the audit trail as `writer`'s (`null`: an anonymous registrant). */
  transaction<T>(writer: Writer, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return inWriteTransaction(this.db, writer, work);
  }

  // Sessions ----------------------------------------------------------------------------

  sessions(programId?: string): Promise<BriefingSession[]> {
    return this.db.getRepository(BriefingSession).find({ where: programId ? { programId } : {}, order: { startsAt: 'ASC' } });
  }

  sessionById(id: string): Promise<BriefingSession | null> {
    return this.db.getRepository(BriefingSession).findOne({ where: { id } });
  }

  /** The session with its row locked for the rest of the transaction: capacity checks and seat changes queue here. */
  lockSession(m: EntityManager, id: string): Promise<BriefingSession | null> {
    return m.getRepository(BriefingSession).createQueryBuilder('s').setLock('pessimistic_write').where('s.id = :id', { id }).getOne();
  }

  saveSession(m: EntityManager, s: BriefingSession): Promise<BriefingSession> {
    return m.getRepository(BriefingSession).save(s);
  }

  createSession(m: EntityManager, fields: Omit<BriefingSession, 'id' | 'createdAt'>): Promise<BriefingSession> {
    return m.getRepository(BriefingSession).save(m.getRepository(BriefingSession).create(fields));
  }

  // Registrations -----------------------------------------------------------------------

  /** Seats taken per session: confirmed registrations only. */
  async confirmedCounts(sessionIds: readonly string[]): Promise<Map<string, number>> {
    const rows: Array<{ session_id: string; n: number }> = await this.db.query(
      `SELECT session_id, count(*)::int AS n FROM briefing_registrations WHERE session_id = ANY($1) AND status = 'CONFIRMED' GROUP BY session_id`,
      [[...sessionIds]],
    );
    return new Map(rows.map((r) => [r.session_id, r.n]));
  }

  /** Seats taken in one session (read under its row lock). */
  async confirmedCount(m: EntityManager, sessionId: string): Promise<number> {
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM briefing_registrations WHERE session_id = $1 AND status = 'CONFIRMED'`, [sessionId]);
    return n;
  }

  registrationByEmail(m: EntityManager, sessionId: string, email: string): Promise<BriefingRegistration | null> {
    return m.getRepository(BriefingRegistration).findOne({ where: { sessionId, email } });
  }

  registrationByToken(m: EntityManager, confirmTokenHash: string): Promise<BriefingRegistration | null> {
    return m.getRepository(BriefingRegistration).findOne({ where: { confirmTokenHash } });
  }

  registrationByIdAndToken(m: EntityManager, id: string, confirmTokenHash: string): Promise<BriefingRegistration | null> {
    return m.getRepository(BriefingRegistration).findOne({ where: { id, confirmTokenHash } });
  }

  saveRegistration(m: EntityManager, r: BriefingRegistration): Promise<BriefingRegistration> {
    return m.getRepository(BriefingRegistration).save(r);
  }

  createRegistration(m: EntityManager, fields: Partial<BriefingRegistration>): Promise<BriefingRegistration> {
    const repo = m.getRepository(BriefingRegistration);
    return repo.save(repo.create(fields));
  }

  /** Takes the seat: the token is used up. */
  async markConfirmed(m: EntityManager, id: string, confirmedAt: Date): Promise<void> {
    await m
      .getRepository(BriefingRegistration)
      .update({ id }, { status: RegistrationStatus.CONFIRMED, confirmTokenHash: null, confirmExpiresAt: null, confirmedAt });
  }

  registrations(sessionId: string, only?: RegistrationStatus.CONFIRMED): Promise<BriefingRegistration[]> {
    return this.db.getRepository(BriefingRegistration).find({ where: { sessionId, ...(only ? { status: only } : {}) }, order: { registeredAt: 'ASC' } });
  }
}
