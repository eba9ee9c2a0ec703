import { Injectable } from '@nestjs/common';
import { Actor, isStaff, notFound } from '@app/core';
import { AccessService } from '@app/access';
import { CandidateRegionService } from '@app/calls';
import { audiencesOf, letterPdf, Notice, NoticeReader, parseBusinessLetter, plainTextPdf } from '@app/notifications';

/**
 * A stored notice (Query.notice) and its PDF (GET /notices/:id/pdf), for whoever may read it: the staff, the notice's
 * audience (its prefecture, municipality, vendor or user), and whoever the access layer lets read the object it is
 * about. Everyone else gets NOT_FOUND, exactly as for an id that does not exist (no existence oracle).
 */
@Injectable()
export class NoticeAccess {
  constructor(
    private readonly notices: NoticeReader,
    private readonly access: AccessService,
    private readonly candidates: CandidateRegionService,
  ) {}

  async readable(actor: Actor, id: string): Promise<Notice> {
    const notice = await this.notices.byId(id);
    if (!notice || !(await this.mayRead(actor, notice))) throw notFound();
    return notice;
  }

  async pdf(actor: Actor, id: string): Promise<{ fileName: string; pdf: Buffer }> {
    const notice = await this.readable(actor, id);
    const layout = parseBusinessLetter(notice.body);
    const pdf = layout ? await letterPdf(layout, notice.createdAt) : await plainTextPdf(notice.subject, notice.body, notice.createdAt);
    return { fileName: `${notice.documentNumber}_${notice.subject}.pdf`, pdf };
  }

  private async mayRead(actor: Actor, n: Notice): Promise<boolean> {
    if (isStaff(actor) || audiencesOf(actor).includes(n.audience)) return true;
    if (!n.objectType || !n.objectId) return false;
    return (await this.objectReaders(actor, n.objectType, n.objectId)).has(n.objectId);
  }

  /** Whoever may read the object behind the notice, by the access layer's rule for that object. */
  private async objectReaders(actor: Actor, type: string, id: string): Promise<Set<string>> {
    switch (type) {
      case 'REGION_APPLICATION':
        return this.access.canReadRegionApplication(actor, [id]);
      case 'CANDIDATE_REGION': {
        // Candidate regions are public; a notice about one is the region's business: whoever reads its application.
        const [region] = await this.candidates.byIds([id]);
        if (!region) return new Set();
        return (await this.access.canReadRegionApplication(actor, [region.applicationId])).has(region.applicationId) ? new Set([id]) : new Set();
      }
      case 'VENDOR_APPLICATION':
        return this.access.canReadVendorApplication(actor, [id]);
      case 'PROPOSAL':
        return this.access.canOpenBid(actor, [id]);
      case 'ENGAGEMENT':
        return this.access.canReadEngagement(actor, [id]);
      case 'INQUIRY':
        return this.access.canAnswerInquiry(actor, [id]);
      default:
        // MATCHING_RUN and anything newer: the staff and the audience only.
        return new Set();
    }
  }
}
