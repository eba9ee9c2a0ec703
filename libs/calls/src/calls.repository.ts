import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { inWriteTransaction, Writer } from '@app/core';
import { DataSource, EntityManager } from 'typeorm';
import { CallKind } from './domain/call-window';
import { Call, EligibilityRequirement, Program, SupportMenuItem } from './entities';

/** Programmes, calls and the call's reference data. */
@Injectable()
export class CallsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A write's unit of work, recorded in the audit trail as `writer`'s. */
  transaction<T>(writer: Writer, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return inWriteTransaction(this.db, writer, work);
  }

  listPrograms(): Promise<Program[]> {
    return this.db.getRepository(Program).find({ order: { fiscalYear: 'DESC', createdAt: 'ASC' } });
  }

  programsByIds(ids: readonly string[], m: EntityManager = this.db.manager): Promise<Program[]> {
    return m
      .getRepository(Program)
      .createQueryBuilder('p')
      .where('p.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }

  programOfFiscalYear(fiscalYear: number): Promise<Program | null> {
    return this.db.getRepository(Program).findOne({ where: { fiscalYear } });
  }

  insertProgram(m: EntityManager, p: Partial<Program>): Promise<Program> {
    const repo = m.getRepository(Program);
    return repo.save(repo.create(p));
  }

  callsByIds(ids: readonly string[], m: EntityManager = this.db.manager): Promise<Call[]> {
    return m
      .getRepository(Call)
      .createQueryBuilder('c')
      .where('c.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }

  /** The call row locked for the rest of the transaction, so a status change and a submission cannot cross. */
  lockCall(m: EntityManager, id: string, mode: 'share' | 'update' = 'share'): Promise<Call | null> {
    return m
      .getRepository(Call)
      .createQueryBuilder('c')
      .setLock(mode === 'share' ? 'pessimistic_read' : 'pessimistic_write')
      .where('c.id = :id', { id })
      .getOne();
  }

  /** `lockCall` (shared) with its programme's fiscal year, in one statement. */
  async lockCallWithFiscalYear(m: EntityManager, id: string): Promise<{ call: Call; fiscalYear: number } | null> {
    const { entities, raw } = await m
      .getRepository(Call)
      .createQueryBuilder('c')
      .innerJoin(Program, 'p', 'p.id = c.program_id')
      .addSelect('p.fiscal_year', 'program_fiscal_year')
      .setLock('pessimistic_read', undefined, ['c'])
      .where('c.id = :id', { id })
      .getRawAndEntities<{ program_fiscal_year: number }>();
    return entities[0] ? { call: entities[0], fiscalYear: Number(raw[0].program_fiscal_year) } : null;
  }

  listCalls(filter: { programId?: string; kind?: CallKind }): Promise<Call[]> {
    const q = this.db.getRepository(Call).createQueryBuilder('c');
    if (filter.programId) q.andWhere('c.program_id = :pid', { pid: filter.programId });
    if (filter.kind) q.andWhere('c.kind = :kind', { kind: filter.kind });
    return q.orderBy('c.opens_at', 'ASC').getMany();
  }

  /** The ids of the other calls of the call's programme. */
  async otherCallIdsOfProgram(callId: string, m: EntityManager = this.db.manager): Promise<string[]> {
    const rows: Array<{ id: string }> = await m.query('SELECT id FROM calls WHERE program_id = (SELECT program_id FROM calls WHERE id = $1) AND id <> $1', [
      callId,
    ]);
    return rows.map((r) => r.id);
  }

  callsByProgramIds(ids: readonly string[]): Promise<Call[]> {
    return this.db
      .getRepository(Call)
      .createQueryBuilder('c')
      .where('c.program_id = ANY(:ids)', { ids: [...ids] })
      .orderBy('c.opens_at', 'ASC')
      .getMany();
  }

  insertCall(c: Partial<Call>, m: EntityManager): Promise<Call> {
    const repo = m.getRepository(Call);
    return repo.save(repo.create(c));
  }

  saveCall(m: EntityManager, c: Call): Promise<Call> {
    return m.getRepository(Call).save(c);
  }

  supportMenu(): Promise<SupportMenuItem[]> {
    return this.db.getRepository(SupportMenuItem).find({ order: { sortOrder: 'ASC' } });
  }

  eligibilityRequirements(): Promise<EligibilityRequirement[]> {
    return this.db.getRepository(EligibilityRequirement).find({ order: { number: 'ASC' } });
  }
}
