import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { inWriteTransaction, Writer } from '@app/core';
import {
  BudgetChangeStatus,
  Engagement,
  EngagementBudgetChange,
  EngagementReport,
  EngagementStatus,
  Meeting,
  Observer,
  ReportKind,
  ReportStatus,
} from './engagement.entities';

/**
 * Every query of the engagement area: engagements, reports, budget changes, meetings, observers (its OWNED_TABLES).
 * Other areas' data comes through their index.ts (the service, see EngagementService).
 */
@Injectable()
export class EngagementRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private m(m?: EntityManager): EntityManager {
    return m ?? this.db.manager;
  }

  /** A write's unit of work, recorded in the audit trail as `writer`'s. */
  transaction<T>(writer: Writer, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return inWriteTransaction(this.db, writer, work);
  }

  // Engagements ---------------------------------------------------------------------------

  engagementById(id: string, m?: EntityManager): Promise<Engagement | null> {
    return this.m(m).getRepository(Engagement).findOne({ where: { id } });
  }

  engagementOfMatch(m: EntityManager, matchId: string): Promise<Engagement | null> {
    return m.getRepository(Engagement).findOne({ where: { matchId } });
  }

  insertEngagement(m: EntityManager, e: Partial<Engagement>): Promise<Engagement> {
    return m.getRepository(Engagement).save(m.getRepository(Engagement).create(e));
  }

  saveEngagement(m: EntityManager, e: Engagement): Promise<Engagement> {
    return m.getRepository(Engagement).save(e);
  }

  async cancelEngagementOfMatch(m: EntityManager, matchId: string): Promise<void> {
    await m.getRepository(Engagement).update({ matchId }, { status: EngagementStatus.CANCELLED });
  }

  async closeEngagement(m: EntityManager, id: string): Promise<void> {
    await m.getRepository(Engagement).update({ id }, { status: EngagementStatus.CLOSED });
  }

  /** The engagement row locked for the caller's transaction: plan changes and budget decisions queue here. */
  lockEngagement(m: EntityManager, id: string): Promise<Engagement | null> {
    return m.getRepository(Engagement).createQueryBuilder('e').setLock('pessimistic_write').where('e.id = :id', { id }).getOne();
  }

  allEngagements(): Promise<Engagement[]> {
    return this.db.getRepository(Engagement).createQueryBuilder('e').orderBy('e.prefecture_code').getMany();
  }

  engagementsOfVendor(vendorId: string | null | undefined): Promise<Engagement[]> {
    return this.db.getRepository(Engagement).createQueryBuilder('e').where('e.vendor_id = :v', { v: vendorId }).getMany();
  }

  engagementsOfPrefecture(prefectureCode: string | null | undefined): Promise<Engagement[]> {
    return this.db.getRepository(Engagement).createQueryBuilder('e').where('e.prefecture_code = :p', { p: prefectureCode }).getMany();
  }

  // Reports -------------------------------------------------------------------------------

  async insertReports(m: EntityManager, rows: Array<QueryDeepPartialEntity<EngagementReport>>): Promise<void> {
    await m.getRepository(EngagementReport).insert(rows);
  }

  saveReport(m: EntityManager, r: EngagementReport): Promise<EngagementReport> {
    return m.getRepository(EngagementReport).save(r);
  }

  reportsOf(engagementIds: readonly string[]): Promise<EngagementReport[]> {
    return this.db
      .getRepository(EngagementReport)
      .createQueryBuilder('r')
      .where('r.engagement_id = ANY(:ids)', { ids: [...engagementIds] })
      .orderBy('r.due_on')
      .getMany();
  }

  /** The report row locked for the caller's transaction, by id or by its engagement and kind. */
  lockReport(m: EntityManager, where: { id: string } | { engagementId: string; kind: ReportKind }): Promise<EngagementReport | null> {
    const q = m.getRepository(EngagementReport).createQueryBuilder('r').setLock('pessimistic_write');
    if ('id' in where) q.where('r.id = :id', { id: where.id });
    else q.where('r.engagement_id = :e AND r.kind = :k', { e: where.engagementId, k: where.kind });
    return q.getOne();
  }

  /** Reports of active engagements past `today` (a Japan date) and not submitted, by due date. */
  overdueReports(today: string): Promise<EngagementReport[]> {
    return this.db
      .getRepository(EngagementReport)
      .createQueryBuilder('r')
      .innerJoin(Engagement, 'e', 'e.id = r.engagement_id AND e.status = :active', { active: EngagementStatus.ACTIVE })
      .where('r.status IN (:...open) AND r.due_on < :today', { open: [ReportStatus.DUE, ReportStatus.RETURNED], today })
      .orderBy('r.due_on')
      .getMany();
  }

  /** Open reports (due or returned) of active engagements due on or before `horizon` (a Japan date), by id. */
  openReportsDueBy(horizon: string): Promise<EngagementReport[]> {
    return this.db
      .getRepository(EngagementReport)
      .createQueryBuilder('r')
      .innerJoin(Engagement, 'e', 'e.id = r.engagement_id AND e.status = :active', { active: EngagementStatus.ACTIVE })
      .where('r.status IN (:...open) AND r.due_on <= :horizon', { open: [ReportStatus.DUE, ReportStatus.RETURNED], horizon })
      .orderBy('r.id')
      .getMany();
  }

  /** The reminders already queued for these reports (any step), as report and due date. */
  remindersOf(m: EntityManager, reportIds: string[]): Promise<Array<{ report_id: string; due_on: string }>> {
    return m.query('SELECT report_id, due_on::text AS due_on FROM engagement_report_reminders WHERE report_id = ANY($1)', [reportIds]);
  }

  /**
   * Claims reminders: one row per report, step and due date, inserted once. A concurrent transaction inserting the
   * same key waits for this one and then inserts nothing, so only the claims returned here may send.
   */
  claimReminders(
    m: EntityManager,
    rows: Array<{ reportId: string; step: string; dueOn: string }>,
    at: Date,
  ): Promise<Array<{ report_id: string; step: string }>> {
    if (!rows.length) return Promise.resolve([]);
    return m.query(
      `INSERT INTO engagement_report_reminders (report_id, step, due_on, queued_at)
       SELECT x.report_id, x.step, x.due_on, $4 FROM unnest($1::uuid[], $2::text[], $3::date[]) AS x(report_id, step, due_on) ORDER BY x.report_id
       ON CONFLICT ON CONSTRAINT uq_engagement_report_reminders_step DO NOTHING RETURNING report_id, step`,
      [rows.map((r) => r.reportId), rows.map((r) => r.step), rows.map((r) => r.dueOn), at],
    );
  }

  // Budget changes ------------------------------------------------------------------------

  budgetChangeById(m: EntityManager, id: string): Promise<EngagementBudgetChange | null> {
    return m.getRepository(EngagementBudgetChange).findOne({ where: { id } });
  }

  pendingBudgetChange(m: EntityManager, engagementId: string): Promise<EngagementBudgetChange | null> {
    return m.getRepository(EngagementBudgetChange).findOne({ where: { engagementId, status: BudgetChangeStatus.PENDING } });
  }

  async insertBudgetChange(m: EntityManager, c: QueryDeepPartialEntity<EngagementBudgetChange>): Promise<void> {
    await m.getRepository(EngagementBudgetChange).insert(c);
  }

  saveBudgetChange(m: EntityManager, c: EngagementBudgetChange): Promise<EngagementBudgetChange> {
    return m.getRepository(EngagementBudgetChange).save(c);
  }

  budgetChanges(status?: BudgetChangeStatus): Promise<EngagementBudgetChange[]> {
    const q = this.db.getRepository(EngagementBudgetChange).createQueryBuilder('c').orderBy('c.requested_at', 'DESC').addOrderBy('c.id');
    if (status) q.where('c.status = :status', { status });
    return q.getMany();
  }

  budgetChangesOf(engagementIds: readonly string[]): Promise<EngagementBudgetChange[]> {
    return this.db
      .getRepository(EngagementBudgetChange)
      .createQueryBuilder('c')
      .where('c.engagement_id = ANY(:ids)', { ids: [...engagementIds] })
      .orderBy('c.requested_at')
      .addOrderBy('c.id')
      .getMany();
  }

  // Meetings and observers ----------------------------------------------------------------

  meetingById(m: EntityManager, id: string): Promise<Meeting | null> {
    return m.getRepository(Meeting).findOne({ where: { id } });
  }

  insertMeeting(m: EntityManager, meeting: Partial<Meeting>): Promise<Meeting> {
    return m.getRepository(Meeting).save(m.getRepository(Meeting).create(meeting));
  }

  saveMeeting(m: EntityManager, meeting: Meeting): Promise<Meeting> {
    return m.getRepository(Meeting).save(meeting);
  }

  meetingsOf(engagementIds: readonly string[]): Promise<Meeting[]> {
    return this.db
      .getRepository(Meeting)
      .createQueryBuilder('x')
      .where('x.engagement_id = ANY(:ids)', { ids: [...engagementIds] })
      .orderBy('x.scheduled_at')
      .getMany();
  }

  /** Meetings from `now` on of the active engagements of a prefecture. */
  upcomingMeetingsInPrefecture(prefectureCode: string, now: Date): Promise<Meeting[]> {
    return this.db
      .getRepository(Meeting)
      .createQueryBuilder('x')
      .innerJoin(Engagement, 'e', 'e.id = x.engagement_id')
      .where('e.prefecture_code = :pc AND e.status = :active', { pc: prefectureCode, active: EngagementStatus.ACTIVE })
      .andWhere('x.scheduled_at >= :now', { now })
      .orderBy('x.scheduled_at')
      .getMany();
  }

  observerById(m: EntityManager, id: string): Promise<Observer | null> {
    return m.getRepository(Observer).findOne({ where: { id } });
  }

  observerOf(m: EntityManager, meetingId: string, municipalityCode: string): Promise<Observer | null> {
    return m.getRepository(Observer).findOne({ where: { meetingId, municipalityCode } });
  }

  observersOfMeeting(m: EntityManager, meetingId: string): Promise<Observer[]> {
    return m.getRepository(Observer).find({ where: { meetingId } });
  }

  observersOf(meetingIds: readonly string[]): Promise<Observer[]> {
    return this.db
      .getRepository(Observer)
      .createQueryBuilder('o')
      .where('o.meeting_id = ANY(:ids)', { ids: [...meetingIds] })
      .getMany();
  }

  async setAttended(m: EntityManager, observerId: string, attended: boolean): Promise<void> {
    await m.getRepository(Observer).update({ id: observerId }, { attended });
  }

  /** Registers an observer once (a second registration is a no-op). */
  async insertObserver(m: EntityManager, meetingId: string, municipalityCode: string): Promise<void> {
    await m.query('INSERT INTO meeting_observers (meeting_id, municipality_code) VALUES ($1, $2) ON CONFLICT DO NOTHING', [meetingId, municipalityCode]);
  }

  saveObserver(m: EntityManager, o: Observer): Promise<Observer> {
    return m.getRepository(Observer).save(o);
  }

  /** The engagements of these region applications (a partner municipality's: calls names the applications). */
  engagementsOfApplications(applicationIds: readonly string[]): Promise<Engagement[]> {
    return this.db
      .getRepository(Engagement)
      .createQueryBuilder('e')
      .where('e.application_id = ANY(:ids)', { ids: [...applicationIds] })
      .getMany();
  }

  /** Each report with its engagement's vendor, by report id (the reminders' recipients are that vendor's accounts). */
  async reportsWithVendor(
    reportIds: readonly string[],
  ): Promise<Array<{ report_id: string; engagement_id: string; vendor_id: string; call_id: string; prefecture_code: string; kind: string; due_on: string }>> {
    return this.db.query(
      `SELECT r.id AS report_id, e.id AS engagement_id, e.vendor_id, e.call_id, e.prefecture_code, r.kind, r.due_on::text AS due_on
         FROM engagement_reports r JOIN engagements e ON e.id = r.engagement_id
        WHERE r.id = ANY($1) ORDER BY r.id`,
      [[...reportIds]],
    );
  }

  /** The highest budget the secretariat approved for the engagement, if any. */
  async approvedBudget(m: EntityManager, engagementId: string): Promise<string | number | null> {
    const [row] = await m.query(
      `SELECT max(requested_budget_yen) AS approved FROM engagement_budget_changes WHERE engagement_id = $1 AND status = 'APPROVED'`,
      [engagementId],
    );
    return row?.approved ?? null;
  }
}
