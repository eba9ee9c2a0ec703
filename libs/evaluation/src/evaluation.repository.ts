import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DeferredRead, idsParam as ids, inWriteTransaction, runDeferredRead, Writer } from '@app/core';
import {
  Assignment,
  AssignmentStatus,
  ConflictOfInterest,
  EvaluationCriterion,
  EvaluationSettings,
  Evaluator,
  PanelMember,
  Score,
  ScoreSheet,
} from './entities/evaluation.entities';

/** What a call is evaluated by until the secretariat sets otherwise. */
function defaultSettings(callId: string): EvaluationSettings {
  return Object.assign(new EvaluationSettings(), {
    callId,
    passThreshold: 60,
    evaluatorsPerProposal: 3,
    normalise: false,
    revealAfterSubmit: true,
    applyRepeatBonus: true,
    requiredField: null,
    scoringDeadline: null,
  });
}

/** Every query of the evaluation area. */
/**
 * Sheet `s` is behind a confirmed assignment in call $1. A semi-join rather than a join (the same rows: one assignment
 * per pair, uq_assignments_pair): PostgreSQL hashes the narrow assignments instead of the sheets with their points.
 */
const CONFIRMED_IN_CALL = `EXISTS (SELECT 1 FROM assignments x
                                   WHERE x.proposal_id = s.proposal_id AND x.evaluator_id = s.evaluator_id AND x.call_id = $1 AND x.status = 'CONFIRMED')`;

@Injectable()
export class EvaluationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private m(m?: EntityManager): EntityManager {
    return m ?? this.db.manager;
  }

  /** A write's unit of work, recorded in the audit trail as `writer`'s. */
  transaction<T>(writer: Writer, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return inWriteTransaction(this.db, writer, work);
  }

  async settings(callId: string, m?: EntityManager): Promise<EvaluationSettings> {
    const found = await this.m(m).getRepository(EvaluationSettings).findOne({ where: { callId } });
    return found ?? defaultSettings(callId);
  }

  /** Settings of several calls at once, defaults filled in for calls without a row. */
  async settingsByCallIds(callIds: readonly string[]): Promise<EvaluationSettings[]> {
    const rows = await this.db.getRepository(EvaluationSettings).createQueryBuilder('s').where('s.call_id = ANY(:ids)', ids(callIds)).getMany();
    const byId = new Map(rows.map((r) => [r.callId, r]));
    return callIds.map((id) => byId.get(id) ?? defaultSettings(id));
  }

  async saveSettings(m: EntityManager, s: EvaluationSettings): Promise<EvaluationSettings> {
    await m.getRepository(EvaluationSettings).upsert(s, ['callId']);
    return s;
  }

  criteria(callId: string, m?: EntityManager): Promise<EvaluationCriterion[]> {
    return this.m(m)
      .getRepository(EvaluationCriterion)
      .find({ where: { callId }, order: { sortOrder: 'ASC' } });
  }

  criteriaByCallIds(callIds: readonly string[]): Promise<EvaluationCriterion[]> {
    return this.db.getRepository(EvaluationCriterion).createQueryBuilder('c').where('c.call_id = ANY(:ids)', ids(callIds)).orderBy('c.sort_order').getMany();
  }

  async replaceCriteria(m: EntityManager, callId: string, rows: Partial<EvaluationCriterion>[]): Promise<EvaluationCriterion[]> {
    const used: Array<{ n: number }> = await m.query(
      'SELECT count(*)::int AS n FROM scores s JOIN evaluation_criteria c ON c.id = s.criterion_id WHERE c.call_id = $1',
      [callId],
    );
    if (used[0].n > 0) return [];
    await m.getRepository(EvaluationCriterion).delete({ callId });
    const repo = m.getRepository(EvaluationCriterion);
    return repo.save(rows.map((r, i) => repo.create({ ...r, callId, sortOrder: i + 1 })));
  }

  evaluatorsByIds(values: readonly string[], m?: EntityManager): Promise<Evaluator[]> {
    return this.m(m).getRepository(Evaluator).createQueryBuilder('e').where('e.id = ANY(:ids)', ids(values)).getMany();
  }

  listEvaluators(): Promise<Evaluator[]> {
    return this.db.getRepository(Evaluator).find({ order: { name: 'ASC' } });
  }

  insertEvaluator(m: EntityManager, e: Partial<Evaluator>): Promise<Evaluator> {
    const repo = m.getRepository(Evaluator);
    return repo.save(repo.create(e));
  }

  panel(callId: string, m?: EntityManager): Promise<PanelMember[]> {
    return this.m(m)
      .getRepository(PanelMember)
      .find({ where: { callId }, order: { evaluatorId: 'ASC' } });
  }

  async upsertPanelMember(m: EntityManager, p: PanelMember): Promise<void> {
    await m.getRepository(PanelMember).upsert(p, ['callId', 'evaluatorId']);
  }

  async removePanelMember(m: EntityManager, callId: string, evaluatorId: string): Promise<void> {
    await m.getRepository(PanelMember).delete({ callId, evaluatorId });
  }

  conflictsOfEvaluators(evaluatorIds: readonly string[], m?: EntityManager): Promise<ConflictOfInterest[]> {
    return this.m(m)
      .getRepository(ConflictOfInterest)
      .createQueryBuilder('c')
      .where('c.evaluator_id = ANY(:ids)', ids(evaluatorIds))
      .orderBy('c.declared_at')
      .getMany();
  }

  insertConflict(m: EntityManager, c: Partial<ConflictOfInterest>): Promise<ConflictOfInterest> {
    const repo = m.getRepository(ConflictOfInterest);
    return repo.save(repo.create(c));
  }

  assignmentsOfCall(callId: string, m?: EntityManager): Promise<Assignment[]> {
    return this.m(m)
      .getRepository(Assignment)
      .find({ where: { callId }, order: { proposalId: 'ASC', evaluatorId: 'ASC' } });
  }

  assignmentsOfEvaluator(evaluatorId: string, status: AssignmentStatus, m?: EntityManager): Promise<Assignment[]> {
    return this.m(m)
      .getRepository(Assignment)
      .find({ where: { evaluatorId, status }, order: { createdAt: 'ASC', proposalId: 'ASC' } });
  }

  assignment(proposalId: string, evaluatorId: string, m?: EntityManager): Promise<Assignment | null> {
    return this.m(m).getRepository(Assignment).findOne({ where: { proposalId, evaluatorId } });
  }

  async replaceProposed(m: EntityManager, callId: string, pairs: Array<{ proposalId: string; evaluatorId: string }>): Promise<void> {
    await m.getRepository(Assignment).delete({ callId, status: AssignmentStatus.PROPOSED });
    for (let i = 0; i < pairs.length; i += 500) {
      await m
        .getRepository(Assignment)
        .createQueryBuilder()
        .insert()
        .values(pairs.slice(i, i + 500).map((p) => ({ ...p, callId, status: AssignmentStatus.PROPOSED })))
        .orIgnore()
        .execute();
    }
  }

  async insertAssignment(m: EntityManager, a: Partial<Assignment>): Promise<void> {
    await m.getRepository(Assignment).createQueryBuilder().insert().values(a).orIgnore().execute();
  }

  async deleteAssignments(m: EntityManager, pairs: Array<{ proposalId: string; evaluatorId: string }>): Promise<void> {
    // By the pair only: a whole entity as criteria would also match on timestamps, whose precision differs between JS and PostgreSQL.
    for (const { proposalId, evaluatorId } of pairs) await m.getRepository(Assignment).delete({ proposalId, evaluatorId });
  }

  async confirmAll(m: EntityManager, callId: string): Promise<number> {
    const r = await m.getRepository(Assignment).update({ callId, status: AssignmentStatus.PROPOSED }, { status: AssignmentStatus.CONFIRMED });
    return r.affected ?? 0;
  }

  /**
   * An evaluator's sheets of these proposals with their scores, in one statement: the scores of each sheet as one JSON
   * list of [criterion, points, comment] (by its primary key, per sheet), the sheets found through the evaluator's own
   * index (`idx_score_sheets_evaluator`); rows made into entities here, without TypeORM's hydration of 600 sheets.
   */
  async sheetsWithScores(evaluatorId: string, proposalIds: readonly string[]): Promise<Array<{ sheet: ScoreSheet; scores: Score[] }>> {
    if (!proposalIds.length) return [];
    const rows: Array<{
      id: string;
      proposal_id: string;
      status: ScoreSheet['status'];
      submitted_at: Date | string | null;
      reopen_log: ScoreSheet['reopenLog'] | string;
      version: number;
      updated_at: Date | string;
      scores: Array<[string, number, string]> | string;
    }> = await this.db.query(
      `SELECT s.id, s.proposal_id, s.status, s.submitted_at, s.reopen_log, s.version, s.updated_at, x.scores
         FROM score_sheets s
         CROSS JOIN LATERAL (SELECT COALESCE(json_agg(json_build_array(c.criterion_id, c.points, c.comment) ORDER BY c.criterion_id), '[]') AS scores
                               FROM scores c WHERE c.sheet_id = s.id) x
        WHERE s.evaluator_id = $1 AND s.proposal_id = ANY($2::uuid[])`,
      [evaluatorId, [...proposalIds]],
    );
    const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
    const date = (v: Date | string) => (v instanceof Date ? v : new Date(v));
    return rows.map((r) => {
      const sheet = Object.assign(new ScoreSheet(), {
        id: r.id,
        proposalId: r.proposal_id,
        evaluatorId,
        status: r.status,
        submittedAt: r.submitted_at === null ? null : date(r.submitted_at),
        reopenLog: json(r.reopen_log),
        version: r.version,
        updatedAt: date(r.updated_at),
      });
      const scores = json(r.scores).map(([criterionId, points, comment]) => Object.assign(new Score(), { sheetId: r.id, criterionId, points, comment }));
      return { sheet, scores };
    });
  }

  /** Per call and proposal: confirmed assignments and how many of those have a submitted sheet (the dashboard). */
  async assignmentCountsOfCalls(callIds: readonly string[]): Promise<Array<{ callId: string; proposalId: string; assigned: number; scored: number }>> {
    const rows: Array<{ call_id: string; proposal_id: string; assigned: number; scored: number }> = await this.db.query(
      `SELECT x.call_id, x.proposal_id, count(x.id)::int AS assigned, count(x.id) FILTER (WHERE s.status = 'SUBMITTED')::int AS scored
         FROM assignments x
         LEFT JOIN score_sheets s ON s.proposal_id = x.proposal_id AND s.evaluator_id = x.evaluator_id
        WHERE x.call_id = ANY($1) AND x.status = 'CONFIRMED'
        GROUP BY x.call_id, x.proposal_id`,
      [[...callIds]],
    );
    return rows.map((r) => ({ callId: r.call_id, proposalId: r.proposal_id, assigned: r.assigned, scored: r.scored }));
  }

  sheet(proposalId: string, evaluatorId: string, m?: EntityManager): Promise<ScoreSheet | null> {
    return this.m(m).getRepository(ScoreSheet).findOne({ where: { proposalId, evaluatorId } });
  }

  sheetsOfProposals(proposalIds: readonly string[], m?: EntityManager): Promise<ScoreSheet[]> {
    return this.m(m).getRepository(ScoreSheet).createQueryBuilder('s').where('s.proposal_id = ANY(:ids)', ids(proposalIds)).orderBy('s.evaluator_id').getMany();
  }

  saveSheet(m: EntityManager, s: Partial<ScoreSheet>): Promise<ScoreSheet> {
    const repo = m.getRepository(ScoreSheet);
    return repo.save(repo.create(s));
  }

  /** Locks the sheet row for the rest of the transaction (concurrent saves and submits queue). */
  lockSheet(m: EntityManager, id: string): Promise<ScoreSheet | null> {
    return m.getRepository(ScoreSheet).createQueryBuilder('s').setLock('pessimistic_write').where('s.id = :id', { id }).getOne();
  }

  scoresOfSheets(sheetIds: readonly string[], m?: EntityManager): Promise<Score[]> {
    return this.m(m).getRepository(Score).createQueryBuilder('s').where('s.sheet_id = ANY(:ids)', ids(sheetIds)).getMany();
  }

  /**
   * The call's submitted sheets behind a confirmed assignment, each with its points by criterion (`score_sheets.points`,
   * kept equal to the sheet's scores by the database): one row per sheet instead of the sheet and five score entities.
   */
  async submittedSheetsWithPoints(callId: string): Promise<Array<{ proposalId: string; evaluatorId: string; points: Record<string, number> }>> {
    const rows: Array<{ proposal_id: string; evaluator_id: string; points: Record<string, number> | string }> = await this.db.query(
      `SELECT s.proposal_id, s.evaluator_id, COALESCE(s.points, '{}'::json) AS points
         FROM score_sheets s
        WHERE s.status = 'SUBMITTED' AND ${CONFIRMED_IN_CALL}
        ORDER BY s.evaluator_id, s.proposal_id`,
      [callId],
    );
    return rows.map((r) => ({
      proposalId: r.proposal_id,
      evaluatorId: r.evaluator_id,
      points: typeof r.points === 'string' ? (JSON.parse(r.points) as Record<string, number>) : r.points,
    }));
  }

  /**
   * The rows of `submittedSheetsWithPoints` as one JSON text built by PostgreSQL (`PackedCallAggregation.sheetsJson`:
   * `[[proposalId, evaluatorId, {criterionId: points}], …]`): 60,000 sheets at national scale, parsed by the matching's
   * worker thread rather than row by row on the event loop. Only the sheets of proposals with ids in [from, to) (either
   * bound may be absent), so that the caller can read a call's sheets in parts on several connections at once.
   * Unordered: sorting the built values spilled to disk (a third of the statement's time); `unpackCallAggregation`
   * puts them in the order of `submittedSheetsWithPoints`. The points are the sheet's own column (migration
   * 1765160000000): a subquery per sheet into the scores took twice as long (0.46 against 0.25 s per half in psql), and
   * the assignment as a semi-join (CONFIRMED_IN_CALL) another 0.1 s less (0.27 → 0.16 s).
   */
  submittedSheetsJson(callId: string, from: string | null = null, to: string | null = null): Promise<string> {
    return runDeferredRead((sql, params) => this.db.query(sql, params), this.submittedSheetsJsonRead(callId, from, to));
  }

  /** `submittedSheetsJson`'s statement, for a thread with a connection of its own to run (the matching's worker). */
  submittedSheetsJsonRead(callId: string, from: string | null = null, to: string | null = null): DeferredRead {
    return {
      sql: `SELECT coalesce(json_agg(json_build_array(s.proposal_id, s.evaluator_id, COALESCE(s.points, '{}'::json))), '[]')::text AS sheets
              FROM score_sheets s
             WHERE s.status = 'SUBMITTED' AND ${CONFIRMED_IN_CALL}
               AND ($2::uuid IS NULL OR s.proposal_id >= $2::uuid) AND ($3::uuid IS NULL OR s.proposal_id < $3::uuid)`,
      params: [callId, from, to],
    };
  }

  /** Conflicts of every evaluator with a confirmed assignment in the call (a superset of those whose sheets count), as plain records. */
  async conflictsOfCallEvaluators(callId: string): Promise<Array<{ evaluatorId: string; corporateNumber: string | null; prefectureCode: string | null }>> {
    const rows: Array<{ evaluator_id: string; corporate_number: string | null; prefecture_code: string | null }> = await this.db.query(
      `SELECT c.evaluator_id, c.corporate_number, c.prefecture_code
         FROM conflicts_of_interest c
        WHERE c.evaluator_id IN (SELECT x.evaluator_id FROM assignments x WHERE x.call_id = $1 AND x.status = 'CONFIRMED')
        ORDER BY c.declared_at, c.id`,
      [callId],
    );
    return rows.map((r) => ({ evaluatorId: r.evaluator_id, corporateNumber: r.corporate_number, prefectureCode: r.prefecture_code }));
  }

  async upsertScores(m: EntityManager, rows: Score[]): Promise<void> {
    if (rows.length) await m.getRepository(Score).upsert(rows, ['sheetId', 'criterionId']);
  }
}
