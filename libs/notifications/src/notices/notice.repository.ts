import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { inWriteTransaction, Writer } from '@app/core';
import { Notice, NoticeTemplateOverride } from './notice.entity';

/**
 * Stands for the document number in a rendered letter until the number is drawn. Characters of the Unicode private use
 * area, not NUL: PostgreSQL text cannot hold U+0000 (the insert failed with "invalid byte sequence for encoding UTF8").
 */
export const DOCUMENT_NUMBER_MARK = '\uE000DOCUMENT_NUMBER\uE000';

export interface NewNotice {
  noticeKey: string;
  kind: string;
  audience: string;
  objectType: string | null;
  objectId: string | null;
  reference: string | null;
  fiscalYear: number;
  addressee: string;
}

/** Every query on notices and their templates. */
@Injectable()
export class NoticeRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Issues the notice in the caller's transaction, or returns null when its key was issued before. Its document number is
   * drawn here from a sequence and written into the text in place of DOCUMENT_NUMBER_MARK, in one statement: a notice
   * that already exists draws no number, so the numbers issued have no gaps but a concurrent duplicate's. Its time is the
   * letter's date (the service's clock), so the list and the letter agree.
   */
  async insertIfNew(
    m: EntityManager,
    n: NewNotice & { subject: string; body: string; issuedAt: Date },
  ): Promise<{ id: string; documentNumber: string; body: string } | null> {
    const rows: Array<{ id: string; document_number: string; body: string }> = await m.query(
      `WITH existing AS (SELECT 1 FROM notices WHERE notice_key = $1),
            num AS (SELECT '令' || ($6::int - 2018) || '地DX第' || nextval('notice_document_number_seq') || '号' AS d WHERE NOT EXISTS (SELECT 1 FROM existing))
       INSERT INTO notices (notice_key, kind, audience, object_type, object_id, reference, fiscal_year, addressee, document_number, subject, body, created_at)
       SELECT $1, $2, $3, $4, $5::uuid, $12, $6, $7, num.d, $8, replace($9, $10, num.d), $11 FROM num
       ON CONFLICT (notice_key) DO NOTHING RETURNING id, document_number, body`,
      [n.noticeKey, n.kind, n.audience, n.objectType, n.objectId, n.fiscalYear, n.addressee, n.subject, n.body, DOCUMENT_NUMBER_MARK, n.issuedAt, n.reference],
    );
    return rows.length ? { id: rows[0].id, documentNumber: rows[0].document_number, body: rows[0].body } : null;
  }

  overrides(kinds: readonly string[], m?: EntityManager): Promise<NoticeTemplateOverride[]> {
    if (!kinds.length) return Promise.resolve([]);
    return (m ?? this.db.manager).getRepository(NoticeTemplateOverride).findBy({ kind: In([...kinds]) });
  }

  /** A reader's notices, newest first, a page at a time: `before` is the last notice of the page before (one of theirs). */
  byAudiences(audiences: readonly string[], limit: number, before: string | null = null): Promise<Notice[]> {
    if (!audiences.length) return Promise.resolve([]);
    return this.newestFirst(limit, before, (a) => `${a}.audience = ANY(:audiences)`, { audiences: [...audiences] });
  }

  /** The notices issued for any of these references (Notice.reference), oldest first. */
  byReferences(references: readonly string[]): Promise<Notice[]> {
    if (!references.length) return Promise.resolve([]);
    return this.db.getRepository(Notice).find({ where: { reference: In([...references]) }, order: { createdAt: 'ASC', documentNumber: 'ASC' } });
  }

  byId(id: string): Promise<Notice | null> {
    return this.db.getRepository(Notice).findOneBy({ id });
  }

  transaction<T>(writer: Writer, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return inWriteTransaction(this.db, writer, work);
  }

  /** The latest notices, of one kind or of all (the secretariat's list), a page at a time as byAudiences. */
  latest(kind: string | null, limit: number, before: string | null = null): Promise<Notice[]> {
    return this.newestFirst(limit, before, (a) => (kind ? `${a}.kind = :kind` : 'true'), kind ? { kind } : {});
  }

  /**
   * Newest first by (created_at, id): a publication issues many notices at one instant, so the id orders them and a
   * page starts exactly after the one before. The cursor is looked up under the same condition (`where` of its alias), so a notice the reader
   * may not see pages nothing (and says nothing about its date).
   */
  private newestFirst(limit: number, before: string | null, where: (alias: string) => string, params: Record<string, unknown>): Promise<Notice[]> {
    const q = this.db.getRepository(Notice).createQueryBuilder('n').where(where('n'), params);
    if (before) q.andWhere(`(n.created_at, n.id) < (SELECT b.created_at, b.id FROM notices b WHERE b.id = :before AND ${where('b')})`, { before });
    return q.orderBy('n.created_at', 'DESC').addOrderBy('n.id', 'DESC').limit(limit).getMany();
  }

  async saveOverride(m: EntityManager, o: { kind: string; subject: string; body: string; updatedBy: string; updatedAt: Date }): Promise<void> {
    await m.query(
      `INSERT INTO notice_templates (kind, subject, body, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (kind) DO UPDATE SET subject = EXCLUDED.subject, body = EXCLUDED.body, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [o.kind, o.subject, o.body, o.updatedBy, o.updatedAt],
    );
  }

  async deleteOverride(m: EntityManager, kind: string): Promise<void> {
    await m.query('DELETE FROM notice_templates WHERE kind = $1', [kind]);
  }
}
