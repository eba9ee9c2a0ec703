import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inWriteTransaction, Writer } from '@app/core';
import { RegionApplicationStatus } from './domain/application-status';
import { CallKind } from './domain/call-window';
import { PastSelection } from './entities';

/** Every query on imported past selections. */
@Injectable()
export class PastSelectionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(writer: Writer, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return inWriteTransaction(this.db, writer, work);
  }

  /**
   * `${fiscalYear}:${prefectureCode}` of every selection on record: imported ones and applications adopted on this
   * platform (an import must not contradict either).
   */
  async recordedKeys(m: EntityManager): Promise<Set<string>> {
    const rows: Array<{ k: string }> = await m.query(
      `SELECT fiscal_year || ':' || prefecture_code AS k FROM past_selections
       UNION
       SELECT pr.fiscal_year || ':' || a.prefecture_code FROM region_applications a
         JOIN calls c ON c.id = a.call_id AND c.kind = $1 JOIN programs pr ON pr.id = c.program_id
        WHERE a.status = $2`,
      [CallKind.REGION, RegionApplicationStatus.ADOPTED],
    );
    return new Set(rows.map((r) => r.k));
  }

  async insertMany(m: EntityManager, rows: Array<Omit<PastSelection, 'id'>>): Promise<PastSelection[]> {
    if (!rows.length) return [];
    const repo = m.getRepository(PastSelection);
    return repo.save(rows.map((r) => repo.create(r)));
  }

  list(fiscalYear?: number): Promise<PastSelection[]> {
    const q = this.db.getRepository(PastSelection).createQueryBuilder('s');
    if (fiscalYear !== undefined) q.where('s.fiscal_year = :fy', { fy: fiscalYear });
    return q.orderBy('s.fiscal_year', 'DESC').addOrderBy('s.prefecture_code', 'ASC').getMany();
  }
}
