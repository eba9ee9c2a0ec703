import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, bumpVersion, canonicalJson, Clock, DomainError, DomainEvents, notFound, Role, sha256Hex } from '@app/core';
import { DocumentPurpose, DocumentService } from '@app/documents';
import { MasterDataService } from '@app/master-data';
import { AccessService } from '@app/access';
import { CallsRepository } from './calls.repository';
import {
  assertAcceptingSubmissions,
  assertLateAcceptable,
  assertStatus,
  assertUndecided,
  CallKind,
  IssueCategory,
  misplacedDetails,
  missingForSubmission,
  RegionApplicationStatus as S,
  REQUIRED_SUPPORT_MENU_ITEM,
  REQUIREMENT_NUMBERS,
  requiredPartnerCount,
  StructureMode,
  SUPPORT_MENU_CODES,
  withRequiredItem,
} from './domain';
import { Call, RegionApplication, RequirementDeclaration, StandingContent, SubmissionReceipt } from './entities';
import { RegionApplicationRepository } from './region-application.repository';
import { SubmissionReceiptService } from './submission-receipt.service';

export const REGION_APPLICATION = 'REGION_APPLICATION';
/** Version of the personal-data terms (公募要領 2(3) ①②) a contact consents to. */
export const CONSENT_TERMS_VERSION = 'R7-region-call-2025-02-10';
const MAX_CONTACTS = 5;
/** States that follow a submission: a retried submission may still get its receipt back in these. */
const SUBMITTED_STATES: readonly S[] = [S.SUBMITTED, S.ADOPTED, S.REJECTED];

export interface IssueInput {
  category: IssueCategory;
  title: string;
  description: string;
}

export interface ProxyEntryInput {
  callId: string;
  prefectureCode: string;
  /** How the form came in (the e-mail's date, subject, sender's department). */
  note: string;
  /** When the e-mail arrived; now when not given. */
  formReceivedAt?: Date;
  lateReason?: string | null;
  partners: Array<{
    lgCode: string;
    memorandum: { originalName: string; buffer: Buffer };
    issues: IssueInput[];
    desiredSupport?: Array<{ menuItemCode: string; note?: string; detailCodes?: string[] }>;
  }>;
  declarations: Array<{ number: number; declared: boolean; evidence: string }>;
  contacts: ContactInput[];
  /** 構築 or 拡充 as the form states it (as setStructureMode); not set when the form leaves it blank. */
  structureMode?: StructureMode | null;
  /** The prefecture's own issues as the form states them (as addPrefectureIssue), besides its partners'. */
  prefectureIssues?: IssueInput[] | null;
}

export interface ContactInput {
  name: string;
  department: string;
  title?: string;
  email: string;
  phone?: string;
  consentToPersonalDataTerms: boolean;
}

/** The prefecture's side of a region application: draft, edit, submit, withdraw. */
@Injectable()
export class RegionApplicationService {
  constructor(
    private readonly repo: RegionApplicationRepository,
    private readonly calls: CallsRepository,
    private readonly access: AccessService,
    private readonly masterData: MasterDataService,
    private readonly documents: DocumentService,
    private readonly receipts: SubmissionReceiptService,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  async get(actor: Actor | null, id: string): Promise<RegionApplication> {
    return this.access.requireRead(this.access.canReadRegionApplication, actor, await this.repo.byId(id));
  }

  /** Only the applying prefecture changes its application: NOT_FOUND to whoever may not read it, FORBIDDEN to other readers. */
  private async editable(actor: Actor, app: RegionApplication | null, m: EntityManager): Promise<RegionApplication> {
    const readable = await this.access.requireRead(this.access.canReadRegionApplication, actor, app, m);
    return this.access.requireEdit(this.access.canEditRegionApplication, actor, readable, m);
  }

  /** The applications an official may see as its own: its prefecture's, or those it partners in. */
  mine(actor: Actor): Promise<RegionApplication[]> {
    if (actor.role === Role.PREFECTURE && actor.prefectureCode) return this.repo.byPrefecture(actor.prefectureCode);
    if (actor.role === Role.MUNICIPALITY && actor.municipalityCode) return this.repo.byPartnerMunicipality(actor.municipalityCode);
    return Promise.resolve([]);
  }

  /** Opens the prefecture's one application to a region call (1 prefecture, 1 application: 2(1)). */
  async start(actor: Actor, callId: string): Promise<RegionApplication> {
    if (actor.role !== Role.PREFECTURE || !actor.prefectureCode) throw new DomainError('FORBIDDEN');
    const prefectureCode = actor.prefectureCode;
    const now = this.clock.now();
    return this.repo.transaction(actor, async (m) => {
      const locked = await this.calls.lockCallWithFiscalYear(m, callId);
      if (!locked || locked.call.kind !== CallKind.REGION) throw notFound();
      assertAcceptingSubmissions(locked.call, now);
      if (await this.repo.findByCallAndPrefecture(callId, prefectureCode, m)) throw new DomainError('ALREADY_APPLIED');
      const history = await this.repo.previousSelection(prefectureCode, locked.fiscalYear, m);
      try {
        return await this.repo.insert(m, {
          callId,
          prefectureCode,
          status: S.DRAFT,
          previousPartnerCount: history?.partnerCount ?? null,
          previousFiscalYear: history?.fiscalYear ?? null,
          createdBy: actor.userId,
        });
      } catch (e) {
        // Two tabs starting at once: the unique constraint decides, the loser gets the friendly error.
        if ((e as { code?: string }).code === '23505') throw new DomainError('ALREADY_APPLIED');
        throw e;
      }
    });
  }

  async addPartner(actor: Actor, applicationId: string, lgCode: string, expectedVersion?: number): Promise<RegionApplication> {
    // Master data is read before the transaction: it never changes under an application.
    const [muni] = await this.masterData.municipalitiesByCodes([lgCode]);
    return this.editDraft(actor, applicationId, expectedVersion, async (m, app) => {
      if (!muni) throw new DomainError('VALIDATION_FAILED', { field: 'lgCode' }, { ja: '団体コードが見つかりません。', en: 'Unknown local-government code.' });
      if (muni.prefectureCode !== app.prefectureCode) {
        throw new DomainError(
          'NOT_IN_PREFECTURE',
          { lgCode, prefectureCode: app.prefectureCode },
          {
            ja: `${muni.name}は申請する都道府県の管内の市区町村ではありません。`,
            en: `${lgCode} is not inside the applying prefecture.`,
          },
        );
      }
      if (!muni.isBasic) {
        throw new DomainError(
          'NOT_A_PARTNER_CANDIDATE',
          { lgCode, kind: muni.kind },
          {
            ja: `${muni.name}は連携市区町村にできません（政令指定都市の区は市として連携してください）。`,
            en: `${lgCode} is not a basic local government (a designated-city ward partners through its city).`,
          },
        );
      }
      const existing = await this.repo.partnersByApplicationIds([app.id], m);
      if (existing.some((p) => p.municipalityCode === lgCode)) throw new DomainError('DUPLICATE', { lgCode });
      const partner = await this.repo.insertPartner(m, { applicationId: app.id, municipalityCode: lgCode });
      await this.repo.replaceDesired(m, partner.id, [{ menuItemCode: REQUIRED_SUPPORT_MENU_ITEM, note: '' }]);
    });
  }

  async removePartner(actor: Actor, partnerId: string, expectedVersion?: number): Promise<RegionApplication> {
    const partner = await this.repo.partnerById(partnerId);
    if (!partner) throw notFound();
    return this.editDraft(actor, partner.applicationId, expectedVersion, (m) => this.repo.deletePartner(m, partnerId));
  }

  async attachMemorandum(actor: Actor, partnerId: string, documentId: string, expectedVersion?: number): Promise<RegionApplication> {
    const partner = await this.repo.partnerById(partnerId);
    if (!partner) throw notFound();
    return this.editDraft(actor, partner.applicationId, expectedVersion, async (m, app) => {
      const [doc] = await this.documents.byIds([documentId], m);
      if (!doc || doc.ownerPrefectureCode !== app.prefectureCode || doc.purpose !== DocumentPurpose.MEMORANDUM) throw notFound();
      await this.repo.setMemorandum(m, partnerId, documentId);
    });
  }

  async addIssue(actor: Actor, partnerId: string, input: IssueInput, expectedVersion?: number): Promise<RegionApplication> {
    const partner = await this.repo.partnerById(partnerId);
    if (!partner) throw notFound();
    return this.editDraft(actor, partner.applicationId, expectedVersion, async (m) => {
      await this.repo.saveIssue(m, { partnerId, ...input });
    });
  }

  async updateIssue(actor: Actor, issueId: string, input: IssueInput, expectedVersion?: number): Promise<RegionApplication> {
    const issue = await this.repo.issueById(issueId);
    const partner = issue && (await this.repo.partnerById(issue.partnerId));
    if (!issue || !partner) throw notFound();
    return this.editDraft(actor, partner.applicationId, expectedVersion, async (m) => {
      await this.repo.saveIssue(m, { ...issue, ...input });
    });
  }

  async removeIssue(actor: Actor, issueId: string, expectedVersion?: number): Promise<RegionApplication> {
    const issue = await this.repo.issueById(issueId);
    const partner = issue && (await this.repo.partnerById(issue.partnerId));
    if (!issue || !partner) throw notFound();
    return this.editDraft(actor, partner.applicationId, expectedVersion, (m) => this.repo.deleteIssue(m, issueId));
  }

  /** Replaces a partner's desired support; the required menu item is always kept. */
  async setDesiredSupport(
    actor: Actor,
    partnerId: string,
    items: Array<{ menuItemCode: string; note?: string; detailCodes?: string[] }>,
    expectedVersion?: number,
  ): Promise<RegionApplication> {
    const partner = await this.repo.partnerById(partnerId);
    if (!partner) throw notFound();
    const unknown = items.filter((i) => !SUPPORT_MENU_CODES.has(i.menuItemCode)).map((i) => i.menuItemCode);
    if (unknown.length)
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'menuItemCode', unknown },
        { ja: '支援メニューにない項目です。', en: 'Not an item of the support menu.' },
      );
    const misplaced = misplacedDetails(items);
    if (misplaced.length)
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'detailCodes', misplaced },
        { ja: `支援メニューの項目に属さない詳細項目です：${misplaced.join('、')}`, en: `Not detailed items of their menu item: ${misplaced.join(', ')}` },
      );
    const byCode = new Map(items.map((i) => [i.menuItemCode, i]));
    const codes = withRequiredItem([...byCode.keys()]);
    return this.editDraft(actor, partner.applicationId, expectedVersion, (m) =>
      this.repo.replaceDesired(
        m,
        partnerId,
        codes.map((c) => ({ menuItemCode: c, note: byCode.get(c)?.note ?? '', detailCodes: [...new Set(byCode.get(c)?.detailCodes ?? [])] })),
      ),
    );
  }

  /** 構築 or 拡充: whether the region builds its regional DX structure or extends an existing one; null clears it. */
  setStructureMode(actor: Actor, applicationId: string, mode: StructureMode | null, expectedVersion?: number): Promise<RegionApplication> {
    return this.editDraft(actor, applicationId, expectedVersion, async (m, app) => {
      await this.repo.setStructureMode(m, applicationId, mode);
      app.structureMode = mode;
    });
  }

  /** An issue of the prefecture itself (its own 地域課題), besides its partners'. */
  addPrefectureIssue(actor: Actor, applicationId: string, input: IssueInput, expectedVersion?: number): Promise<RegionApplication> {
    return this.editDraft(actor, applicationId, expectedVersion, async (m) => {
      await this.repo.savePrefectureIssue(m, { applicationId, ...input });
    });
  }

  async updatePrefectureIssue(actor: Actor, issueId: string, input: IssueInput, expectedVersion?: number): Promise<RegionApplication> {
    const issue = await this.repo.prefectureIssueById(issueId);
    if (!issue) throw notFound();
    return this.editDraft(actor, issue.applicationId, expectedVersion, async (m) => {
      await this.repo.savePrefectureIssue(m, { ...issue, ...input });
    });
  }

  async removePrefectureIssue(actor: Actor, issueId: string, expectedVersion?: number): Promise<RegionApplication> {
    const issue = await this.repo.prefectureIssueById(issueId);
    if (!issue) throw notFound();
    return this.editDraft(actor, issue.applicationId, expectedVersion, (m) => this.repo.deletePrefectureIssue(m, issueId));
  }

  async declareRequirements(
    actor: Actor,
    applicationId: string,
    declarations: Array<{ number: number; declared: boolean; evidence: string }>,
    expectedVersion?: number,
  ): Promise<RegionApplication> {
    const bad = declarations.filter((d) => !REQUIREMENT_NUMBERS.includes(d.number)).map((d) => d.number);
    if (bad.length)
      throw new DomainError('VALIDATION_FAILED', { field: 'number', bad }, { ja: '応募要件の番号は1〜9です。', en: 'Requirement numbers run from 1 to 9.' });
    return this.editDraft(actor, applicationId, expectedVersion, (m) =>
      this.repo.upsertDeclarations(
        m,
        declarations.map((d) =>
          Object.assign(new RequirementDeclaration(), { applicationId, requirementNumber: d.number, declared: d.declared, evidence: d.evidence }),
        ),
      ),
    );
  }

  async addContact(actor: Actor, applicationId: string, input: ContactInput, expectedVersion?: number): Promise<RegionApplication> {
    if (input.consentToPersonalDataTerms !== true) throw new DomainError('CONSENT_REQUIRED', { field: 'consentToPersonalDataTerms' });
    return this.editDraft(actor, applicationId, expectedVersion, async (m, app) => {
      const existing = await this.repo.contactsByApplicationIds([app.id], m);
      if (existing.length >= MAX_CONTACTS)
        throw new DomainError(
          'VALIDATION_FAILED',
          { field: 'contacts', max: MAX_CONTACTS },
          { ja: `連絡先は${MAX_CONTACTS}件までです。`, en: `At most ${MAX_CONTACTS} contacts.` },
        );
      await this.repo.insertContact(m, {
        applicationId: app.id,
        name: input.name,
        department: input.department,
        title: input.title ?? '',
        email: input.email.toLowerCase(),
        phone: input.phone ?? '',
        consentedAt: this.clock.now(),
        consentTermsVersion: CONSENT_TERMS_VERSION,
      });
    });
  }

  async removeContact(actor: Actor, contactId: string, expectedVersion?: number): Promise<RegionApplication> {
    const contact = await this.repo.contactById(contactId);
    if (!contact) throw notFound();
    return this.editDraft(actor, contact.applicationId, expectedVersion, (m) => this.repo.deleteContact(m, contactId));
  }

  /**
   * Submits the draft: judged by the request's arrival time against the deadline, checked for
   * completeness and the repeat-applicant rule, frozen, and answered with a receipt carrying the
   * SHA-256 digest of the canonical content. A retry with the same idempotency key gets the same receipt.
   */
  async submit(actor: Actor, applicationId: string, receivedAt: Date, idempotencyKey?: string): Promise<SubmissionReceipt> {
    const { receipt, app, partnerCodes } = await this.submitInTransaction(actor, applicationId, receivedAt, idempotencyKey);
    this.emitStatus(app, partnerCodes);
    return receipt;
  }

  /** Tells subscribers (after the commit) that an application's status changed. */
  async announce(applicationId: string, staffOnly = false): Promise<void> {
    const app = await this.repo.byId(applicationId);
    if (!app) return;
    const partners = await this.repo.partnersByApplicationIds([app.id]);
    this.emitStatus(
      app,
      partners.map((p) => p.municipalityCode),
      staffOnly,
    );
  }

  private emitStatus(app: RegionApplication, partnerCodes: string[], staffOnly = false): void {
    this.events.emit({
      type: 'APPLICATION_STATUS_CHANGED',
      applicationId: app.id,
      callId: app.callId,
      prefectureCode: app.prefectureCode,
      partnerCodes,
      status: app.status,
      staffOnly,
    });
  }

  /**
   * One read of each thing, passed on: the application (row-locked), the call with its programme's fiscal year, the
   * previous selection, the content (one statement) and the memoranda's digests; then the receipt and the status.
   */
  private async submitInTransaction(
    actor: Actor,
    applicationId: string,
    receivedAt: Date,
    idempotencyKey?: string,
  ): Promise<{ receipt: SubmissionReceipt; app: RegionApplication; partnerCodes: string[] }> {
    return this.repo.transaction(actor, async (m) => {
      const app = await this.editable(actor, await this.repo.byIdForUpdate(m, applicationId), m); // concurrent submits queue here
      return this.submitLocked(m, actor, app, receivedAt, idempotencyKey);
    });
  }

  /**
   * The submission itself, on an application already locked and authorised. `late` is the secretariat's acceptance after
   * the deadline (its reason recorded by the caller): the deadline is then not applied, everything else is.
   */
  private async submitLocked(
    m: EntityManager,
    actor: Actor,
    app: RegionApplication,
    receivedAt: Date,
    idempotencyKey?: string,
    windowCheck: (call: Call) => void = (call) => assertAcceptingSubmissions(call, receivedAt),
  ): Promise<{ receipt: SubmissionReceipt; app: RegionApplication; partnerCodes: string[] }> {
    const applicationId = app.id;
    {
      let content: Awaited<ReturnType<RegionApplicationService['snapshot']>> | null = null;
      let source: StandingContent | null = null;
      const snapshot = async () => (content ??= await this.snapshot(m, app, (s) => (source = s)));
      const partnerCodes = async () => (await snapshot()).partners.map((p) => p.municipalityCode);
      if (idempotencyKey) {
        const earlier = await this.receipts.replay(m, REGION_APPLICATION, applicationId, idempotencyKey, {
          submitted: SUBMITTED_STATES.includes(app.status),
          contentDigest: async () => sha256Hex(canonicalJson(await snapshot())),
        });
        if (earlier) return { receipt: earlier, app, partnerCodes: await partnerCodes() };
      }
      const { call, fiscalYear } = (await this.calls.lockCallWithFiscalYear(m, app.callId))!;
      windowCheck(call);
      assertStatus(app.status, S.DRAFT);

      const submitted = await snapshot();
      const missing = missingForSubmission({
        partners: submitted.partners.map((p) => ({ municipalityCode: p.municipalityCode, hasMemorandum: !!p.memorandumSha256, issueCount: p.issues.length })),
        declarations: submitted.declarations.map((d) => ({ number: d.number, declared: d.declared })),
        prefectureIssueCount: submitted.prefectureIssues.length,
        consentedContactCount: submitted.contactCount,
      });
      if (missing.length) {
        throw new DomainError(
          'APPLICATION_INCOMPLETE',
          { missing },
          {
            ja: `申請内容に不足があります：${missing.join('、')}`,
            en: `The application is incomplete: ${missing.join(', ')}`,
          },
        );
      }
      const history = await this.repo.previousSelection(app.prefectureCode, fiscalYear, m);
      const needed = requiredPartnerCount(history ? { previousPartnerCount: history.partnerCount, previousFiscalYear: history.fiscalYear } : null);
      if (submitted.partners.length < needed) {
        throw new DomainError(
          'REPEAT_APPLICANT_NEEDS_MORE_PARTNERS',
          { required: needed, current: submitted.partners.length, previousFiscalYear: history?.fiscalYear },
          {
            ja: `前回（${history!.fiscalYear}年度）の連携市町村数は${history!.partnerCount}でした。${needed}以上の市町村と連携してください（現在${submitted.partners.length}）。`,
            en: `Last time (FY${history!.fiscalYear}) you partnered with ${history!.partnerCount}; partner with at least ${needed} (now ${submitted.partners.length}).`,
          },
        );
      }
      const receipt = await this.receipts.issue(m, {
        subjectType: REGION_APPLICATION,
        subjectId: app.id,
        prefix: `RA${fiscalYear}-${app.prefectureCode}`,
        receivedAt,
        content: submitted,
        digest: sha256Hex(canonicalJson(submitted)),
        idempotencyKey: idempotencyKey ?? null,
        submittedBy: actor.userId,
      });
      const changed = {
        status: S.SUBMITTED,
        submittedAt: receivedAt,
        previousPartnerCount: history?.partnerCount ?? null,
        previousFiscalYear: history?.fiscalYear ?? null,
      };
      // The new submission becomes the standing one: it alone counts if the application is reopened and not resubmitted.
      const standing = { standingReceiptId: receipt.id, standingContent: source! };
      Object.assign(
        app,
        changed,
        { standingReceiptId: receipt.id, standingSubmittedAt: receivedAt },
        await this.repo.markSubmitted(m, app.id, { ...changed, ...standing }),
      );
      return { receipt, app, partnerCodes: await partnerCodes() };
    }
  }

  /**
   * Proxy entry (代理入力): the call's channel is an e-mailed form, so the secretariat enters a prefecture's application
   * from it, whole, and submits it as received when the e-mail arrived. Marked as proxy-entered (who, when, the note) for
   * the prefecture and the review alike. A form that arrived after the deadline needs a late-acceptance reason.
   */
  async enterByProxy(actor: Actor, input: ProxyEntryInput): Promise<SubmissionReceipt> {
    if (actor.role !== Role.SECRETARIAT) throw new DomainError('FORBIDDEN');
    const now = this.clock.now();
    const formReceivedAt = input.formReceivedAt ?? now;
    if (formReceivedAt.getTime() > now.getTime()) {
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'formReceivedAt' },
        { ja: '受信日時が未来です。', en: 'The form cannot have arrived in the future.' },
      );
    }
    const lateReason = input.lateReason?.normalize('NFC').trim() || null;
    const codes = input.partners.map((p) => p.lgCode);
    if (!codes.length) throw new DomainError('APPLICATION_INCOMPLETE', { missing: ['partners'] });
    if (new Set(codes).size !== codes.length) throw new DomainError('DUPLICATE', { field: 'partners' });
    const munis = new Map((await this.masterData.municipalitiesByCodes(codes)).map((x) => [x.lgCode, x]));
    for (const code of codes) {
      const muni = munis.get(code);
      if (!muni)
        throw new DomainError(
          'VALIDATION_FAILED',
          { field: 'lgCode', lgCode: code },
          { ja: '団体コードが見つかりません。', en: 'Unknown local-government code.' },
        );
      if (muni.prefectureCode !== input.prefectureCode) throw new DomainError('NOT_IN_PREFECTURE', { lgCode: code, prefectureCode: input.prefectureCode });
      if (!muni.isBasic) throw new DomainError('NOT_A_PARTNER_CANDIDATE', { lgCode: code, kind: muni.kind });
    }
    for (const p of input.partners) {
      const unknown = (p.desiredSupport ?? []).filter((d) => !SUPPORT_MENU_CODES.has(d.menuItemCode)).map((d) => d.menuItemCode);
      if (unknown.length)
        throw new DomainError(
          'VALIDATION_FAILED',
          { field: 'menuItemCode', unknown },
          { ja: '支援メニューにない項目です。', en: 'Not an item of the support menu.' },
        );
      const misplaced = misplacedDetails(p.desiredSupport ?? []);
      if (misplaced.length)
        throw new DomainError(
          'VALIDATION_FAILED',
          { field: 'detailCodes', misplaced },
          { ja: `支援メニューの項目に属さない詳細項目です：${misplaced.join('、')}`, en: `Not detailed items of their menu item: ${misplaced.join(', ')}` },
        );
    }
    if (input.contacts.some((c) => c.consentToPersonalDataTerms !== true)) throw new DomainError('CONSENT_REQUIRED', { field: 'consentToPersonalDataTerms' });
    const prefectureIssues = input.prefectureIssues ?? [];
    // As for the prefecture's own application: its issues or its partners' (checked again at the submission, this
    // early so that a form without any stores no memoranda).
    if (input.partners.every((p) => !p.issues.length) && !prefectureIssues.length) {
      throw new DomainError(
        'APPLICATION_INCOMPLETE',
        { missing: ['REGIONAL_ISSUE'] },
        {
          ja: '申請内容に不足があります：地域課題（連携市区町村または都道府県の地域課題を1件以上）',
          en: 'The application is incomplete: at least one regional issue, of a partner municipality or of the prefecture',
        },
      );
    }
    // The memoranda attached to the e-mail, stored as the prefecture's own documents (before the transaction, as uploads are).
    const memoranda = new Map<string, string>();
    for (const p of input.partners) {
      const doc = await this.documents.upload(actor, DocumentPurpose.MEMORANDUM, p.memorandum, { prefectureCode: input.prefectureCode });
      memoranda.set(p.lgCode, doc.id);
    }
    const { receipt, app, partnerCodes } = await this.repo.transaction(actor, async (m) => {
      const locked = await this.calls.lockCallWithFiscalYear(m, input.callId);
      if (!locked || locked.call.kind !== CallKind.REGION) throw notFound();
      const late = formReceivedAt.getTime() >= locked.call.closesAt.getTime();
      if (late && !lateReason) {
        throw new DomainError(
          'VALIDATION_FAILED',
          { field: 'lateReason' },
          { ja: '締切後に届いた申請の受理には理由が必要です。', en: 'A form that arrived after the deadline needs a reason to be accepted.' },
        );
      }
      if (await this.repo.findByCallAndPrefecture(input.callId, input.prefectureCode, m)) throw new DomainError('ALREADY_APPLIED');
      const history = await this.repo.previousSelection(input.prefectureCode, locked.fiscalYear, m);
      const app = await this.repo.insert(m, {
        callId: input.callId,
        prefectureCode: input.prefectureCode,
        status: S.DRAFT,
        previousPartnerCount: history?.partnerCount ?? null,
        previousFiscalYear: history?.fiscalYear ?? null,
        createdBy: actor.userId,
        proxyEnteredBy: actor.userId,
        proxyEnteredAt: now,
        proxyNote: input.note,
        structureMode: input.structureMode ?? null,
      });
      // Issues are listed by creation time, which one transaction gives them all alike: a millisecond apart each, they
      // keep the form's order.
      let k = 0;
      const inFormOrder = () => ({ createdAt: new Date(now.getTime() + k++) });
      for (const issue of prefectureIssues) await this.repo.savePrefectureIssue(m, { applicationId: app.id, ...issue, ...inFormOrder() });
      for (const p of input.partners) {
        const partner = await this.repo.insertPartner(m, { applicationId: app.id, municipalityCode: p.lgCode, memorandumDocumentId: memoranda.get(p.lgCode)! });
        for (const issue of p.issues) await this.repo.saveIssue(m, { partnerId: partner.id, ...issue, ...inFormOrder() });
        const byCode = new Map((p.desiredSupport ?? []).map((d) => [d.menuItemCode, d]));
        await this.repo.replaceDesired(
          m,
          partner.id,
          withRequiredItem([...byCode.keys()]).map((c) => ({
            menuItemCode: c,
            note: byCode.get(c)?.note ?? '',
            detailCodes: [...new Set(byCode.get(c)?.detailCodes ?? [])],
          })),
        );
      }
      await this.repo.upsertDeclarations(
        m,
        input.declarations.map((d) =>
          Object.assign(new RequirementDeclaration(), { applicationId: app.id, requirementNumber: d.number, declared: d.declared, evidence: d.evidence }),
        ),
      );
      for (const c of input.contacts) {
        await this.repo.insertContact(m, {
          applicationId: app.id,
          name: c.name,
          department: c.department,
          title: c.title ?? '',
          email: c.email.toLowerCase(),
          phone: c.phone ?? '',
          consentedAt: now,
          consentTermsVersion: CONSENT_TERMS_VERSION,
        });
      }
      // On time: judged by the e-mail's arrival, whenever it is typed in (until the decision). Late: the secretariat's acceptance.
      const done = await this.submitLocked(m, actor, app, formReceivedAt, undefined, (call) => {
        if (late) assertLateAcceptable(call, now);
        else assertUndecided(call, formReceivedAt);
      });
      if (late) await this.repo.markLateAccepted(m, app.id, { by: actor.userId, at: now, reason: lateReason! });
      return done;
    });
    this.emitStatus(app, partnerCodes);
    return receipt;
  }

  /**
   * The secretariat accepts, after the deadline, an application that missed it (e-mailed in late, 公募要領 2(3)): only
   * the secretariat, only after the deadline and before the decision, only with a reason, recorded with who and when.
   */
  async acceptLate(actor: Actor, applicationId: string, reason: string): Promise<SubmissionReceipt> {
    if (actor.role !== Role.SECRETARIAT) throw new DomainError('FORBIDDEN');
    const why = reason.normalize('NFC').trim();
    if (!why)
      throw new DomainError('VALIDATION_FAILED', { field: 'reason' }, { ja: '受理の理由を入力してください。', en: 'Give the reason for accepting it late.' });
    const now = this.clock.now();
    const { receipt, app, partnerCodes } = await this.repo.transaction(actor, async (m) => {
      const locked = await this.repo.byIdForUpdate(m, applicationId);
      if (!locked) throw notFound();
      const done = await this.submitLocked(m, actor, locked, now, undefined, (call) => assertLateAcceptable(call, now));
      await this.repo.markLateAccepted(m, locked.id, { by: actor.userId, at: now, reason: why });
      return done;
    });
    this.emitStatus(app, partnerCodes);
    return receipt;
  }

  /** Withdraws the application before the deadline; it can be reopened as a draft while the call is open. */
  async withdraw(actor: Actor, applicationId: string): Promise<RegionApplication> {
    return this.changeBeforeDeadline(actor, applicationId, [S.DRAFT, S.SUBMITTED], S.WITHDRAWN);
  }

  /** Takes a submitted or withdrawn application back to draft to amend it; its receipts stay on record. */
  async reopen(actor: Actor, applicationId: string): Promise<RegionApplication> {
    return this.changeBeforeDeadline(actor, applicationId, [S.SUBMITTED, S.WITHDRAWN], S.DRAFT);
  }

  private async changeBeforeDeadline(actor: Actor, applicationId: string, from: S[], to: S): Promise<RegionApplication> {
    const changed = await this.changeInTransaction(actor, applicationId, from, to);
    await this.announce(applicationId);
    return changed;
  }

  private async changeInTransaction(actor: Actor, applicationId: string, from: S[], to: S): Promise<RegionApplication> {
    const now = this.clock.now();
    return this.repo.transaction(actor, async (m) => {
      await this.editable(actor, await this.repo.byId(applicationId, m), m);
      await bumpVersion(m, 'region_applications', applicationId);
      const app = (await this.repo.byId(applicationId, m))!;
      assertAcceptingSubmissions((await this.calls.lockCall(m, app.callId))!, now);
      assertStatus(app.status, ...from);
      // Reopening keeps the standing submission (it counts at the deadline unless replaced); withdrawing forgets it.
      if (to === S.WITHDRAWN) {
        await this.repo.clearStandingSubmission(m, app.id);
        Object.assign(app, { standingReceiptId: null, standingSubmittedAt: null });
      }
      app.status = to;
      if (to === S.DRAFT) app.submittedAt = null;
      return this.repo.save(m, app);
    });
  }

  /** Runs one change to a draft in a transaction: owner, open call, draft status, version, then the change. */
  private async editDraft(
    actor: Actor,
    applicationId: string,
    expectedVersion: number | undefined,
    change: (m: EntityManager, app: RegionApplication, call: Call) => Promise<unknown>,
  ): Promise<RegionApplication> {
    const now = this.clock.now();
    return this.repo.transaction(actor, async (m) => {
      const before = await this.editable(actor, await this.repo.byId(applicationId, m), m);
      await bumpVersion(m, 'region_applications', applicationId, expectedVersion);
      const call = (await this.calls.lockCall(m, before.callId))!;
      assertAcceptingSubmissions(call, now);
      const app = (await this.repo.byId(applicationId, m))!;
      assertStatus(app.status, S.DRAFT);
      await change(m, app, call);
      return app;
    });
  }

  /** The content a receipt's digest covers. Contact details are represented by a digest (personal data stays erasable). */
  private async snapshot(m: EntityManager, app: RegionApplication, keep?: (source: StandingContent) => void) {
    const { partners, declarations, structureMode, prefectureIssues, contacts } = await this.repo.submissionContent(m, app.id);
    keep?.({ partners, declarations, structureMode, prefectureIssues });
    const docs = await this.documents.byIds(
      partners.map((p) => p.memorandumDocumentId).filter((x): x is string => !!x),
      m,
    );
    const sha = new Map(docs.map((d) => [d.id, d.sha256]));
    return {
      applicationId: app.id,
      callId: app.callId,
      prefectureCode: app.prefectureCode,
      partners: partners.map((p) => ({
        municipalityCode: p.municipalityCode,
        memorandumSha256: p.memorandumDocumentId ? (sha.get(p.memorandumDocumentId) ?? null) : null,
        issues: p.issues,
        desiredSupport: p.desiredSupport,
      })),
      declarations,
      structureMode,
      prefectureIssues,
      contactCount: contacts.length,
      contactsSha256: sha256Hex(canonicalJson(contacts)),
    };
  }
}
