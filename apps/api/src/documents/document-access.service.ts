import { Injectable } from '@nestjs/common';
import { Actor, notFound } from '@app/core';
import { AccessService } from '@app/access';
import { DocumentService, StoredDocument } from '@app/documents';

/**
 * The download of a stored document, for whoever the access layer lets read it (`AccessService.canReadDocument`: the
 * same rules as GraphQL for memoranda, bids and reports). Refusals read as NOT_FOUND.
 */
@Injectable()
export class DocumentAccessService {
  constructor(
    private readonly documents: DocumentService,
    private readonly access: AccessService,
  ) {}

  async readable(actor: Actor, id: string): Promise<{ doc: StoredDocument; content: Buffer }> {
    const [doc] = await this.documents.byIds([id]);
    if (!doc || !(await this.access.canReadDocument(actor, [doc.id])).has(doc.id)) throw notFound();
    return { doc, content: await this.documents.content(doc) };
  }
}
