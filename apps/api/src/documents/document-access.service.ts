import { Injectable } from '@nestjs/common';
import { Actor, isStaff, notFound, Role } from '@app/core';
import { VendorApplicationService } from '@app/bidding';
import { ApplicationAccess } from '@app/calls';
import { DocumentPurpose, DocumentService, StoredDocument } from '@app/documents';
import { EngagementService } from '@app/engagement';
import { ScoringService } from '@app/evaluation';

/**
 * Who may download a stored document: its owner organisation and the staff, and whoever may read
 * the object it is attached to (the application a memorandum backs, the proposal a document
 * supports, the engagement a report belongs to). Refusals read as NOT_FOUND.
 */
@Injectable()
export class DocumentAccessService {
  constructor(
    private readonly documents: DocumentService,
    private readonly applications: ApplicationAccess,
    private readonly proposals: VendorApplicationService,
    private readonly scoring: ScoringService,
    private readonly engagements: EngagementService,
  ) {}

  async readable(actor: Actor, id: string): Promise<{ doc: StoredDocument; content: Buffer }> {
    const [doc] = await this.documents.byIds([id]);
    if (!doc || !(await this.mayRead(actor, doc))) throw notFound();
    return { doc, content: await this.documents.content(doc) };
  }

  /**
   * The same rules as GraphQL: a memorandum by `mayReadMemorandum` (the staff, its prefecture and that partner only),
   * a proposal document by the sealed-bid rule `mayOpenBid` (through `ScoringService.openableBids`), a report by
   * whoever reads its engagement. An uploader's own files stay readable to its organisation.
   */
  async mayRead(actor: Actor, doc: StoredDocument): Promise<boolean> {
    if (actor.role === Role.VENDOR && doc.ownerVendorId === actor.vendorId) return true;
    if (doc.purpose === DocumentPurpose.PROPOSAL) {
      const proposals = await this.proposals.proposalsWithDocument(doc.id);
      return (await this.scoring.openableBids(actor, proposals)).size > 0;
    }
    if (isStaff(actor)) return true;
    if (actor.role === Role.PREFECTURE && doc.ownerPrefectureCode === actor.prefectureCode) return true;
    if (doc.purpose === DocumentPurpose.MEMORANDUM) return this.applications.canReadMemorandum(actor, doc.id);
    if (doc.purpose === DocumentPurpose.REPORT) return this.engagements.canReadReportDocument(actor, doc.id);
    return false;
  }
}
