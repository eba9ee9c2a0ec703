import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, bumpVersion, Clock, DomainError, isStaff, notFound, onlySecretariat } from '@app/core';
import { MasterDataService } from '@app/master-data';
import { CallsRepository } from './calls.repository';
import {
  assertCallTransition,
  assertStatus,
  budgetCapYen,
  CallKind,
  CallStatus,
  participationRatio,
  RegionApplicationStatus as S,
  repeatApplicantRuleHolds,
  repeatBonusPoints,
  REQUIREMENT_NUMBERS,
  unmetRequirements,
} from './domain';
import { Call, CandidateRegion, RegionApplication, RequirementCheck } from './entities';
import { ApplicationFilter, RegionApplicationRepository } from './region-application.repository';
import { RegionApplicationService } from './region-application.service';

/** The secretariat's review of region applications: checks, hearings, adoption, publication. */
@Injectable()
export class RegionReviewService {
  constructor(
    private readonly repo: RegionApplicationRepository,
    private readonly calls: CallsRepository,
    private readonly masterData: MasterDataService,
    private readonly clock: Clock,
    private readonly applications: RegionApplicationService,
  ) {}

  list(actor: Actor, filter: ApplicationFilter) {
    if (!isStaff(actor)) throw new DomainError('FORBIDDEN');
    // Drafts are the prefecture's own working copies until submitted.
    const statuses = filter.statuses?.length ? filter.statuses.filter((s) => s !== S.DRAFT) : [S.SUBMITTED, S.WITHDRAWN, S.ADOPTED, S.REJECTED];
    return this.repo.list({ ...filter, statuses: statuses.length ? statuses : [S.SUBMITTED] });
  }

  async recordCheck(actor: Actor, applicationId: string, number: number, met: boolean, note: string): Promise<RegionApplication> {
    onlySecretariat(actor);
    if (!REQUIREMENT_NUMBERS.includes(number))
      throw new DomainError('VALIDATION_FAILED', { field: 'number' }, { ja: '応募要件の番号は1〜9です。', en: 'Requirement numbers run from 1 to 9.' });
    return this.review(actor, applicationId, [S.SUBMITTED, S.ADOPTED, S.REJECTED], async (m, app, call) => {
      assertUndecided(call);
      await this.repo.upsertCheck(
        m,
        Object.assign(new RequirementCheck(), {
          applicationId: app.id,
          requirementNumber: number,
          met,
          note,
          checkedBy: actor.userId,
          checkedAt: this.clock.now(),
        }),
      );
      // A changed check can make an adoption wrong: re-open the decision.
      if (app.status === S.ADOPTED && !met) Object.assign(app, { status: S.SUBMITTED, decidedAt: null, decidedBy: null, decisionReason: null });
    });
  }

  async scheduleHearing(actor: Actor, applicationId: string, at: Date, note: string): Promise<RegionApplication> {
    onlySecretariat(actor);
    return this.review(actor, applicationId, [S.SUBMITTED], async (_m, app, call) => {
      assertUndecided(call);
      app.hearingAt = at;
      app.hearingNote = note;
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
      return this.calls.saveCall(m, call);
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
  ): Promise<RegionApplication> {
    return this.repo.transaction(actor, async (m) => {
      await bumpVersion(m, 'region_applications', applicationId);
      const app = (await this.repo.byId(applicationId, m))!;
      const call = (await this.calls.lockCall(m, app.callId))!;
      assertStatus(app.status, ...from);
      await change(m, app, call);
      return this.repo.save(m, app);
    });
  }
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
