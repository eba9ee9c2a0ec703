import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, inWriteTransaction } from '@app/core';
import { DataSource, EntityManager } from 'typeorm';
import { StoredDocument } from './document.entity';

@Injectable()
export class DocumentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  insert(doc: Partial<StoredDocument>, m: EntityManager): Promise<StoredDocument> {
    const repo = m.getRepository(StoredDocument);
    return repo.save(repo.create(doc));
  }

  /** Bytes of all the files an account has uploaded. */
  async bytesUploadedBy(userId: string, m: EntityManager = this.db.manager): Promise<number> {
    const [row] = await m.query('SELECT COALESCE(SUM(size_bytes), 0)::bigint AS total FROM documents WHERE uploaded_by = $1', [userId]);
    return Number(row.total);
  }

  /**
   * Runs `work` holding the account's upload lock (a transaction-scoped advisory lock), so that two
   * concurrent uploads of one account cannot both pass the quota check.
   */
  withUploaderLock<T>(uploader: Actor, work: (m: EntityManager) => Promise<T>): Promise<T> {
    const userId = uploader.userId;
    return inWriteTransaction(this.db, uploader, async (m) => {
      await m.query("SELECT pg_advisory_xact_lock(hashtextextended('documents-quota:' || $1, 0))", [userId]);
      return work(m);
    });
  }

  byIds(ids: readonly string[], m: EntityManager = this.db.manager): Promise<StoredDocument[]> {
    return m
      .getRepository(StoredDocument)
      .createQueryBuilder('d')
      .where('d.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }
}
