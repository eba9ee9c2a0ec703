import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, bumpVersion, Clock, DomainError, isStaff, notFound, onlySecretariat, toWareki } from '@app/core';
import { MasterDataService } from '@app/master-data';
import { NoticeRequest, NoticeService } from '@app/notifications';
import { CallsRepository } from './calls.repository';
import {
  assertCallTransition,
  assertStatus,
  budgetCapYen,
  CallKind,
  CallStatus,
  HearingFormat,
  hearingChanged,
  hearingWords,
  participationRatio,
  RegionApplicationStatus as S,
  repeatApplicantRuleHolds,
  repeatBonusPoints,
  REQUIREMENT_NUMBERS,
  requirementNumberProblems,
  unmetRequirements,
} from './domain';
import { Call, CandidateRegion, RegionApplication, RequirementCheck } from './entities';
import { ApplicationFilter, RegionApplicationRepository } from './region-application.repository';
import { REGION_APPLICATION, RegionApplicationService } from './region-application.service';

/** The secretariat's review of region applications: checks, hearings, adoption, publication. */
@Injectable()
export class RegionReviewService {
  constructor(
    private readonly repo: RegionApplicationRepository,
    private readonly calls: CallsRepository,
    private readonly masterData: MasterDataService,
    private readonly clock: Clock,
    private readonly applications: RegionApplicationService,
    private readonly notices: NoticeService,
  ) {}

  list(actor: Actor, filter: ApplicationFilter) {
    if (!isStaff(actor)) throw new DomainError('FORBIDDEN');
    // Drafts are the prefecture's own working copies until submitted.
    const statuses = filter.statuses?.length ? filter.statuses.filter((s) => s !== S.DRAFT) : [S.SUBMITTED, S.WITHDRAWN, S.ADOPTED, S.REJECTED];
    return this.repo.list({ ...filter, statuses: statuses.length ? statuses : [S.SUBMITTED] });
  }

  /** Records the secretariat's check of one requirement (the same rules as {@link recordChecks}, for one). */
  async recordCheck(actor: Actor, applicationId: string, number: number, met: boolean, note: string): Promise<RegionApplication> {
    return this.recordChecks(actor, applicationId, [{ requirement: number, met, note }], undefined, 'number');
  }

  /**
   * Records the secretariat's checks of any of the nine requirements in one write transaction: the set is validated as a
   * whole first (a number outside 1–9 or given twice is refused, naming it, and nothing is recorded), then every check is
   * written in one statement. A check that does not hold re-opens an adoption.
   */
  async recordChecks(
    actor: Actor,
    applicationId: string,
    checks: ReadonlyArray<{ requirement: number; met: boolean; note: string }>,
    expectedVersion?: number,
    field = 'checks',
  ): Promise<RegionApplication> {
    onlySecretariat(actor);
    assertRecordableChecks(
      checks.map((c) => c.requirement),
      field,
    );
    return this.review(
      actor,
      applicationId,
      [S.SUBMITTED, S.ADOPTED, S.REJECTED],
      async (m, app, call) => {
        assertUndecided(call);
        const checkedAt = this.clock.now();
        await this.repo.upsertChecks(
          m,
          checks.map((c) =>
            Object.assign(new RequirementCheck(), {
              applicationId: app.id,
              requirementNumber: c.requirement,
              met: c.met,
              note: c.note,
              checkedBy: actor.userId,
              checkedAt,
            }),
          ),
        );
        // A changed check can make an adoption wrong: re-open the decision.
        if (app.status === S.ADOPTED && checks.some((c) => !c.met))
          Object.assign(app, { status: S.SUBMITTED, decidedAt: null, decidedBy: null, decisionReason: null });
      },
      expectedVersion,
    );
  }

  /**
   * Schedules (or re-schedules) the hearing and tells the prefecture's contacts, in the same transaction: when (JST, in
   * the era) and how (online with its URL, or in person with its venue). A hearing that changed in any of these is a new
   * notice (its key carries the application's version after this change); scheduling it again unchanged sends nothing.
   */
  async scheduleHearing(
    actor: Actor,
    applicationId: string,
    at: Date,
    note: string,
    how: { format?: HearingFormat | null; place?: string } = {},
  ): Promise<RegionApplication> {
    onlySecretariat(actor);
    const prefectures = new Map((await this.masterData.listPrefectures()).map((p) => [p.code, p.name]));
    return this.review(actor, applicationId, [S.SUBMITTED], async (m, app, call) => {
      assertUndecided(call);
      const before = app.hearingAt ? { at: app.hearingAt, format: app.hearingFormat, place: app.hearingPlace ?? '', note: app.hearingNote ?? '' } : null;
      const after = { at, format: how.format ?? null, place: (how.place ?? '').trim(), note: note.trim() };
      Object.assign(app, { hearingAt: after.at, hearingFormat: after.format, hearingPlace: after.place, hearingNote: note });
      if (!hearingChanged(before, after)) return;
      const { fiscalYear } = (await this.calls.lockCallWithFiscalYear(m, app.callId))!;
      const words = hearingWords(after);
      const prefectureName = prefectures.get(app.prefectureCode) ?? app.prefectureCode;
      const emails = (await this.repo.contactsByApplicationIds([app.id], m)).map((c) => c.email);
      await this.notices.issue(m, [
        {
          kind: 'HEARING_SCHEDULED',
          key: `hearing:${app.id}:v${app.version}`,
          addressee: prefectureName,
          honorific: '御中',
          audience: `prefecture:${app.prefectureCode}`,
          emails,
          fiscalYear,
          about: { type: REGION_APPLICATION, id: app.id },
          vars: {
            prefectureName,
            hearingAt: toWareki(after.at),
            hearingFormat: words.format,
            hearingPlaceLabel: words.placeLabel,
            hearingPlace: words.place,
            hearingNote: after.note || 'なし',
          },
        },
      ]);
    });
  }

  /** Adopts an application as a candidate region: only after the deadline and only when all nine requirements hold. */
  async adopt(actor: Actor, applicationId: string): Promise<RegionApplication> {
    onlySecretariat(actor);
    return this.reviewAndAnnounce(actor, applicationId, [S.SUBMITTED, S.REJECTED], async (m, app, call) => {
      assertDeciding(call);
      const declarations = await this.repo.declarationsByApplicationIds([app.id], m);
      const checks = await this.repo.checksByApplicationIds([app.id], m);
      const partners = await this.repo.partnersByApplicationIds([app.id], m);
      const history =
        app.previousPartnerCount === null ? null : { previousPartnerCount: app.previousPartnerCount, previousFiscalYear: app.previousFiscalYear ?? 0 };
      const unmet = unmetRequirements(
        REQUIREMENT_NUMBERS.map((n) => ({
          number: n,
          declared: declarations.find((d) => d.requirementNumber === n)?.declared ?? null,
          met: checks.find((c) => c.requirementNumber === n)?.met ?? null,
        })),
        repeatApplicantRuleHolds(history, partners.length),
      );
      if (unmet.length) {
        throw new DomainError(
          'REQUIREMENTS_NOT_MET',
          { unmet },
          {
            ja: `応募要件 ${unmet.join('、')} が満たされていない（または未確認の）ため採択できません。`,
            en: `Requirements ${unmet.join(', ')} do not hold (or are not checked yet), so it cannot be adopted.`,
          },
        );
      }
      Object.assign(app, { status: S.ADOPTED, decidedAt: this.clock.now(), decidedBy: actor.userId, decisionReason: null });
    });
  }

  async reject(actor: Actor, applicationId: string, reason: string): Promise<RegionApplication> {
    onlySecretariat(actor);
    if (!reason.trim())
      throw new DomainError('VALIDATION_FAILED', { field: 'reason' }, { ja: '不採択の理由を入力してください。', en: 'A reason is required.' });
    return this.review(actor, applicationId, [S.SUBMITTED, S.ADOPTED], async (_m, app, call) => {
      assertDeciding(call);
      Object.assign(app, { status: S.REJECTED, decidedAt: this.clock.now(), decidedBy: actor.userId, decisionReason: reason.trim() });
    });
  }

  /** Closes the decision: every submitted application must be adopted or rejected. Applicants then see their result. */
  async decide(actor: Actor, callId: string): Promise<Call> {
    const call = await this.decideInTransaction(actor, callId);
    for (const a of (await this.repo.list({ callId, statuses: [S.ADOPTED, S.REJECTED], limit: 100, offset: 0 })).items) await this.applications.announce(a.id);
    return call;
  }

  private async decideInTransaction(actor: Actor, callId: string): Promise<Call> {
    onlySecretariat(actor);
    // Master data is read before the transaction (one session on PGlite): it never changes under a decision.
    const prefectures = new Map((await this.masterData.listPrefectures()).map((p) => [p.code, p.name]));
    return this.calls.transaction(actor, async (m) => {
      const call = await this.regionCall(m, callId);
      assertCallTransition(call.status, CallStatus.DECIDED);
      const open = await this.repo.list({ callId, statuses: [S.SUBMITTED], limit: 1, offset: 0 }, m);
      if (open.total) {
        throw new DomainError(
          'INVALID_STATE',
          { undecided: open.total },
          {
            ja: `未決定の申請が${open.total}件あります。`,
            en: `${open.total} submitted application(s) have no decision yet.`,
          },
        );
      }
      call.status = CallStatus.DECIDED;
      call.version += 1;
      const saved = await this.calls.saveCall(m, call);
      await this.notices.issue(m, await this.stage1Notices(m, call, prefectures));
      return saved;
    });
  }

  /**
   * The stage-1 result, one letter per applicant (採択通知 / 不採択通知 with the reason), issued when the call is decided.
   * 公募要領 3(2) 「事務局から申請者に対して、個別に選定結果をご連絡します」 is this step: deciding the call makes every
   * adoption and rejection final (no check, adoption or rejection changes after it, `assertUndecided`/`assertDeciding`)
   * and shows each applicant its own result (`statusSeenByApplicant`); a single adoption or rejection before it may still
   * be reversed, and publishing the candidate regions afterwards is the announcement to vendors (3 → the vendor call),
   * not the individual result. Keyed `stage1:<application id>`: once per application, however often it runs.
   */
  private async stage1Notices(m: EntityManager, call: Call, prefectures: Map<string, string>): Promise<NoticeRequest[]> {
    const decided = (await this.repo.list({ callId: call.id, statuses: [S.ADOPTED, S.REJECTED], limit: 100, offset: 0 }, m)).items;
    if (!decided.length) return [];
    const ids = decided.map((a) => a.id);
    const [program] = await this.calls.programsByIds([call.programId], m);
    const contacts = await this.repo.contactsByApplicationIds(ids, m);
    const receipts = await this.repo.receiptsBySubjectIds(REGION_APPLICATION, ids, m);
    return decided.map((a): NoticeRequest => {
      const prefectureName = prefectures.get(a.prefectureCode) ?? a.prefectureCode;
      const adopted = a.status === S.ADOPTED;
      return {
        kind: adopted ? 'STAGE1_ADOPTED' : 'STAGE1_REJECTED',
        key: `stage1:${a.id}`,
        addressee: prefectureName,
        honorific: '御中',
        audience: `prefecture:${a.prefectureCode}`,
        emails: contacts.filter((c) => c.applicationId === a.id).map((c) => c.email),
        fiscalYear: program.fiscalYear,
        about: { type: REGION_APPLICATION, id: a.id },
        vars: {
          prefectureName,
          prefectureKind: prefectureKind(prefectureName),
          receiptNumber: receipts.filter((r) => r.subjectId === a.id).at(-1)?.number ?? '―',
          ...(adopted ? {} : { reason: a.decisionReason ?? '' }),
        },
      };
    });
  }

  /** Publishes the adopted applications as candidate regions, with their repeat-applicant figures fixed. */
  async publishCandidates(actor: Actor, callId: string): Promise<Call> {
    onlySecretariat(actor);
    const prefectures = new Map((await this.masterData.listPrefectures()).map((p) => [p.code, p]));
    return this.calls.transaction(actor, async (m) => {
      const call = await this.regionCall(m, callId);
      assertCallTransition(call.status, CallStatus.PUBLISHED);
      const [program] = await this.calls.programsByIds([call.programId], m);
      const adopted = (await this.repo.list({ callId, statuses: [S.ADOPTED], limit: 100, offset: 0 }, m)).items;
      const partners = await this.repo.partnersByApplicationIds(
        adopted.map((a) => a.id),
        m,
      );
      const now = this.clock.now();
      const rows: Partial<CandidateRegion>[] = adopted.map((a) => {
        const count = partners.filter((p) => p.applicationId === a.id).length;
        const ratio = participationRatio(count, prefectures.get(a.prefectureCode)?.municipalityCount ?? 0);
        return {
          callId,
          applicationId: a.id,
          prefectureCode: a.prefectureCode,
          isRepeat: a.isRepeatApplicant,
          participationRatio: ratio,
          bonusPoints: repeatBonusPoints(a.isRepeatApplicant, ratio, call.repeatBonusMaxPoints),
          budgetCapYen: budgetCapYen(a.isRepeatApplicant, program.regionBudgetCapYen),
          publishedAt: now,
        };
      });
      await this.repo.insertCandidateRegions(m, rows);
      call.status = CallStatus.PUBLISHED;
      call.version += 1;
      return this.calls.saveCall(m, call);
    });
  }

  private async regionCall(m: EntityManager, callId: string): Promise<Call> {
    const call = await this.calls.lockCall(m, callId, 'update');
    if (!call || call.kind !== CallKind.REGION) throw notFound();
    return call;
  }

  /** A decision before the call is decided is news for the staff only. */
  private async reviewAndAnnounce(
    actor: Actor,
    applicationId: string,
    from: S[],
    change: (m: EntityManager, app: RegionApplication, call: Call) => Promise<void>,
  ): Promise<RegionApplication> {
    const app = await this.review(actor, applicationId, from, change);
    await this.applications.announce(app.id, true);
    return app;
  }

  private async review(
    actor: Actor,
    applicationId: string,
    from: S[],
    change: (m: EntityManager, app: RegionApplication, call: Call) => Promise<void>,
    expectedVersion?: number,
  ): Promise<RegionApplication> {
    return this.repo.transaction(actor, async (m) => {
      await bumpVersion(m, 'region_applications', applicationId, expectedVersion);
      const app = (await this.repo.byId(applicationId, m))!;
      const call = (await this.calls.lockCall(m, app.callId))!;
      assertStatus(app.status, ...from);
      await change(m, app, call);
      return this.repo.save(m, app);
    });
  }
}

/** 貴県 / 貴都 / 貴道 / 貴府: how a letter addresses the prefecture it writes to. */
function prefectureKind(name: string): string {
  const last = name.slice(-1);
  return ['都', '道', '府'].includes(last) ? last : '県';
}

/** A set of checks names each of the nine requirements at most once, by a number from 1 to 9 (VALIDATION_FAILED names the others). */
function assertRecordableChecks(numbers: readonly number[], field: string): void {
  if (!numbers.length)
    throw new DomainError('VALIDATION_FAILED', { field }, { ja: '確認する応募要件を1件以上指定してください。', en: 'Give at least one requirement check.' });
  const { unknown, duplicate } = requirementNumberProblems(numbers);
  if (unknown.length)
    throw new DomainError(
      'VALIDATION_FAILED',
      { field, requirement: unknown[0], unknown },
      { ja: `応募要件の番号は1〜9です（${unknown.join('、')} は該当しません）。`, en: `Requirement numbers run from 1 to 9 (not ${unknown.join(', ')}).` },
    );
  if (duplicate.length)
    throw new DomainError(
      'VALIDATION_FAILED',
      { field, requirement: duplicate[0], duplicate },
      { ja: `応募要件 ${duplicate.join('、')} の確認が重複しています。`, en: `Requirement ${duplicate.join(', ')} is checked more than once.` },
    );
}

function assertUndecided(call: Call): void {
  if (call.status === CallStatus.DECIDED || call.status === CallStatus.PUBLISHED) {
    throw new DomainError('INVALID_STATE', { status: call.status }, { ja: '選定結果の確定後は変更できません。', en: 'The decision is final for this call.' });
  }
}

/** Decisions wait for the deadline and the closing of the call, so that no applicant can still change its application. */
function assertDeciding(call: Call): void {
  if (call.status !== CallStatus.CLOSED) {
    throw new DomainError(
      'INVALID_STATE',
      { status: call.status },
      { ja: '公募を締め切ってから採否を決定してください。', en: 'Decide only after the call is closed.' },
    );
  }
}
