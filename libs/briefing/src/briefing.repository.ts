import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inWriteTransaction, returningRows, Writer } from '@app/core';
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

  // Connection details ------------------------------------------------------------------

  /** Sessions whose connection details are due (send time come, session not over) with confirmed registrants not yet sent them. */
  async sessionsWithConnectionDue(now: Date): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT s.id FROM briefing_sessions s
        WHERE s.connection_details_at <= $1 AND s.ends_at > $1
          AND EXISTS (SELECT 1 FROM briefing_registrations r WHERE r.session_id = s.id AND r.status = 'CONFIRMED' AND r.connection_sent_at IS NULL)
        ORDER BY s.id`,
      [now],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Claims the confirmed registrations of a session (or one of them) whose connection details are not sent: the row
   * update is the claim, so of two instances running at once only one gets each row (the other waits and finds it sent).
   */
  async claimConnectionDetails(
    m: EntityManager,
    sessionId: string,
    now: Date,
    registrationId?: string,
  ): Promise<Array<{ id: string; name: string; email: string }>> {
    const rows: Array<{ id: string; name: string; email: string }> = returningRows(
      await m.query(
        `UPDATE briefing_registrations SET connection_sent_at = $2
          WHERE session_id = $1 AND status = 'CONFIRMED' AND connection_sent_at IS NULL AND ($3::uuid IS NULL OR id = $3::uuid)
          RETURNING id, name, email`,
        [sessionId, now, registrationId ?? null],
      ),
    );
    return [...rows].sort((a, b) => a.id.localeCompare(b.id));
  }
}
