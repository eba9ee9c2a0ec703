import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { StoredDocument } from './document.entity';

@Injectable()
export class DocumentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  insert(doc: Partial<StoredDocument>): Promise<StoredDocument> {
    const repo = this.db.getRepository(StoredDocument);
    return repo.save(repo.create(doc));
  }

  byIds(ids: readonly string[], m: EntityManager = this.db.manager): Promise<StoredDocument[]> {
    return m
      .getRepository(StoredDocument)
      .createQueryBuilder('d')
      .where('d.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }
}
