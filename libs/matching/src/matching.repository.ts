import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { clockNow, idsParam as ids, inWriteTransaction, isEmbeddedPGlite, Writer } from '@app/core';
import type { JsonText } from './model/run-computation';
import type { WorkerDatabase } from './model/worker-reads';
import { jsonText } from './model/solver-wire';
import { Match, MatchEvent, MatchingRun, MatchingRunStatus, MatchStatus, UnsupportedRegion } from './entities/matching.entities';

/** A jsonb parameter given as JSON text or as its UTF-8 bytes (as the solver thread hands them over: solver-wire.ts). */
function jsonb(n: number, value: JsonText): string {
  return typeof value === 'string' ? `$${n}::jsonb` : `convert_from($${n}::bytea, 'UTF8')::jsonb`;
}

/**
 * The bytes as they are for PostgreSQL (node-postgres sends them in binary); as text on the embedded PGlite, which
 * would write 10 MB of bytes out as 20 MB of hex on the API's thread (decoding is a few milliseconds).
 */
function jsonParam(m: EntityManager, value: JsonText): JsonText {
  return typeof value !== 'string' && isEmbeddedPGlite(m.connection.options) ? jsonText(value) : value;
}

/** Every query of the matching area. */
@Injectable()
export class MatchingRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private m(m?: EntityManager): EntityManager {
    return m ?? this.db.manager;
  }

  /**
   * Where the solver's worker thread reads a run's data itself: this database, on connections of its own. None on the
   * embedded PGlite, which is one session, this thread's: the API reads the texts and hands them over.
   */
  workerDatabase(): WorkerDatabase | null {
    const url = (this.db.options as { url?: string }).url;
    return url && !isEmbeddedPGlite(this.db.options) ? { url, applicationName: 'regional-dx-solver' } : null;
  }

  /** A write's unit of work, recorded in the audit trail as `writer`'s. */
  transaction<T>(writer: Writer, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return inWriteTransaction(this.db, writer, work);
  }

  /**
   * A decision runs under SERIALIZABLE and is retried on a serialization failure, so that two
   * secretariat members approving at once cannot both succeed on a stale view.
   */
  async serializable<T>(writer: Writer, work: (m: EntityManager) => Promise<T>, attempts = 5): Promise<T> {
    for (let i = 1; ; i++) {
      try {
        return await inWriteTransaction(this.db, writer, work, 'SERIALIZABLE');
      } catch (e) {
        const code = (e as { code?: string; driverError?: { code?: string } }).code ?? (e as { driverError?: { code?: string } }).driverError?.code;
        if ((code === '40001' || code === '40P01') && i < attempts) continue;
        throw e;
      }
    }
  }

  runsOfCall(callId: string, m?: EntityManager): Promise<MatchingRun[]> {
    return this.m(m)
      .getRepository(MatchingRun)
      .find({ where: { callId }, order: { createdAt: 'DESC' } });
  }

  runsByIds(values: readonly string[], m?: EntityManager): Promise<MatchingRun[]> {
    return this.m(m).getRepository(MatchingRun).createQueryBuilder('r').where('r.id = ANY(:ids)', ids(values)).getMany();
  }

  lockRun(m: EntityManager, id: string): Promise<MatchingRun | null> {
    return m.getRepository(MatchingRun).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id', { id }).getOne();
  }

  publishedRunOfCall(callId: string, m?: EntityManager): Promise<MatchingRun | null> {
    return this.m(m)
      .getRepository(MatchingRun)
      .findOne({ where: { callId, status: MatchingRunStatus.PUBLISHED } });
  }

  publishedRunsOfCalls(callIds: readonly string[]): Promise<MatchingRun[]> {
    return this.db
      .getRepository(MatchingRun)
      .createQueryBuilder('r')
      .where('r.call_id = ANY(:ids) AND r.status = :s', { ...ids(callIds), s: MatchingRunStatus.PUBLISHED })
      .getMany();
  }

  insertRun(m: EntityManager, r: Partial<MatchingRun>): Promise<MatchingRun> {
    const repo = m.getRepository(MatchingRun);
    return repo.save(repo.create(r));
  }

  /**
   * A new run with its input snapshot given as JSON text, serialised by the solver's thread (5.6 MB at national scale):
   * one INSERT, nothing read back but the id and the time. The returned run holds no snapshot (it stays in the database;
   * snapshotInput reads it from a run read back).
   */
  async insertRunWithSnapshot(
    m: EntityManager,
    r: Omit<MatchingRun, 'id' | 'createdAt' | 'approvedAt' | 'approvedBy' | 'publishedAt' | 'inputSnapshot' | 'notEvaluatedIds'>,
    snapshotText: JsonText,
  ): Promise<MatchingRun> {
    const snapshotJson = jsonParam(m, snapshotText);
    const [row]: Array<{ id: string; created_at: Date | string }> = await m.query(
      `INSERT INTO matching_runs (call_id, policy, status, budget_yen, solver_status, regions_supported, total_score, total_budget_yen, gap, seconds,
                                  input_digest, input_snapshot, comparison, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, ${jsonb(12, snapshotJson)}, $13::jsonb, $14, $15)
       RETURNING id, created_at`,
      [
        r.callId,
        r.policy,
        r.status,
        r.budgetYen,
        r.solverStatus,
        r.regionsSupported,
        r.totalScore,
        r.totalBudgetYen,
        r.gap,
        r.seconds,
        r.inputDigest,
        snapshotJson,
        JSON.stringify(r.comparison),
        r.createdBy,
        clockNow(m),
      ],
    );
    return Object.assign(new MatchingRun(), r, { id: row.id, createdAt: new Date(row.created_at), approvedAt: null, approvedBy: null, publishedAt: null });
  }

  saveRun(m: EntityManager, r: MatchingRun): Promise<MatchingRun> {
    return m.getRepository(MatchingRun).save(r);
  }

  async supersedeOthers(m: EntityManager, callId: string, keepId: string): Promise<void> {
    await m.query(`UPDATE matching_runs SET status = 'SUPERSEDED' WHERE call_id = $1 AND id <> $2 AND status = 'PROPOSED'`, [callId, keepId]);
  }

  matchesOfRuns(runIds: readonly string[], m?: EntityManager): Promise<Match[]> {
    return this.m(m)
      .getRepository(Match)
      .createQueryBuilder('x')
      .where('x.run_id = ANY(:ids)', ids(runIds))
      .orderBy('x.created_at')
      .addOrderBy('x.id')
      .getMany();
  }

  matchById(id: string, m?: EntityManager): Promise<Match | null> {
    return this.m(m).getRepository(Match).findOne({ where: { id } });
  }

  /**
   * A solver run's matches in one statement, from the JSON text the solver's thread serialised (`MatchRowJson` rows of
   * run-computation.ts): at national scale 1,740 rows with 4.3 MB of explanations, neither built nor serialised on the
   * event loop. The audit trail records each row's explanation by its digest (migration 1765100000000).
   */
  async insertMatchesJson(m: EntityManager, runId: string, rowsText: JsonText): Promise<void> {
    const rowsJson = jsonParam(m, rowsText);
    await m.query(
      `INSERT INTO matches (run_id, candidate_region_id, proposal_id, vendor_id, score, rank_in_region, source, status, explanation, created_at)
       SELECT $1, x.candidate_region_id, x.proposal_id, x.vendor_id, x.score, x.rank_in_region, x.source, x.status, x.explanation, $3::timestamptz
         FROM jsonb_to_recordset(${jsonb(2, rowsJson)}) AS x(candidate_region_id uuid, proposal_id uuid, vendor_id uuid, score float8,
                                                rank_in_region int, source text, status text, explanation jsonb)`,
      [runId, rowsJson, clockNow(m)],
    );
  }

  async insertMatches(m: EntityManager, rows: Partial<Match>[]): Promise<void> {
    const repo = m.getRepository(Match);
    for (let i = 0; i < rows.length; i += 500) await repo.save(rows.slice(i, i + 500).map((r) => repo.create(r)));
  }

  async setMatchStatus(m: EntityManager, id: string, status: MatchStatus, reason: string): Promise<void> {
    await m.getRepository(Match).update({ id }, { status, reason });
  }

  unsupportedOfRuns(runIds: readonly string[], m?: EntityManager): Promise<UnsupportedRegion[]> {
    return this.m(m)
      .getRepository(UnsupportedRegion)
      .createQueryBuilder('u')
      .where('u.run_id = ANY(:ids)', ids(runIds))
      .orderBy('u.candidate_region_id')
      .getMany();
  }

  async insertUnsupported(m: EntityManager, rows: Partial<UnsupportedRegion>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) await m.getRepository(UnsupportedRegion).insert(rows.slice(i, i + 500));
  }

  async deleteUnsupported(m: EntityManager, runId: string, regionId: string): Promise<void> {
    await m.getRepository(UnsupportedRegion).delete({ runId, candidateRegionId: regionId });
  }

  async addEvent(m: EntityManager, e: Partial<MatchEvent>): Promise<void> {
    await m.getRepository(MatchEvent).insert(e);
  }

  eventsOfRuns(runIds: readonly string[]): Promise<MatchEvent[]> {
    return this.db
      .getRepository(MatchEvent)
      .createQueryBuilder('e')
      .where('e.run_id = ANY(:ids)', ids(runIds))
      .orderBy('e.at', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .getMany();
  }

  /**
   * Regions each vendor already holds in published results of these calls (the other calls of the programme: a second
   * round respects them).
   */
  async committedIn(callIds: readonly string[], m?: EntityManager): Promise<Map<string, number>> {
    if (!callIds.length) return new Map();
    const rows: Array<{ vendor_id: string; n: number }> = await this.m(m).query(
      `SELECT x.vendor_id, count(*)::int AS n
         FROM matches x
         JOIN matching_runs r ON r.id = x.run_id AND r.status = 'PUBLISHED' AND r.call_id = ANY($1)
        WHERE x.status = 'SELECTED'
        GROUP BY x.vendor_id`,
      [[...callIds]],
    );
    return new Map(rows.map((r) => [r.vendor_id, r.n]));
  }
}
