import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, AppConfig, Clock, DomainError, DomainEvents, isStaff, jstDate, notFound, onlySecretariat, Role, SYSTEM_ACTOR } from '@app/core';
import { AccessService } from '@app/access';
import { OutboxService } from '@app/notifications';
import { budgetChangeNeedsApproval } from './domain/budget-change';
import {
  BudgetChangeStatus,
  Engagement,
  EngagementBudgetChange,
  EngagementReport,
  EngagementStatus,
  Meeting,
  Observer,
  ReportKind,
  ReportStatus,
} from './engagement.entities';
import { EngagementRepository } from './engagement.repository';

export interface ReportContent {
  body: string;
  outcomes: string;
  documentIds?: string[];
  progress: Array<{ menuItemCode: string; note: string; status: string }>;
}

export interface SelectedPair {
  matchId: string;
  callId: string;
  candidateRegionId: string;
  applicationId: string;
  prefectureCode: string;
  vendorId: string;
  proposalId: string;
  budgetYen: number;
  menuItemCodes: string[];
  team: Array<{ name: string; role: string }>;
  fiscalYear: number;
  supportEndsOn: string;
}

const stateError = (what: string, status: string) =>
  new DomainError('INVALID_STATE', { status }, { ja: `現在の状態（${status}）では${what}できません。`, en: `Cannot ${what} while ${status}.` });

/**
 * 伴走支援 after the decision: engagements, their reports (interim around September, final around
 * March) with reminders when overdue, and meetings that non-partner municipalities may observe.
 * Readable by its vendor, the prefecture, its partner municipalities and the staff; nobody else.
 */
@Injectable()
export class EngagementService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Engagement');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repo: EngagementRepository,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly events: DomainEvents,
    private readonly access: AccessService,
  ) {}

  /** Called in the decision's transaction: one engagement per selected pair, with its two reports. */
  async createFor(m: EntityManager, pairs: SelectedPair[], startsAt: Date): Promise<void> {
    for (const p of pairs) {
      const existing = await this.repo.engagementOfMatch(m, p.matchId);
      if (existing) continue;
      const e = await this.repo.insertEngagement(m, {
        matchId: p.matchId,
        callId: p.callId,
        candidateRegionId: p.candidateRegionId,
        applicationId: p.applicationId,
        prefectureCode: p.prefectureCode,
        vendorId: p.vendorId,
        proposalId: p.proposalId,
        startsOn: jstDate(startsAt),
        endsOn: p.supportEndsOn,
        budgetYen: p.budgetYen,
        plannedItems: p.menuItemCodes.map((menuItemCode) => ({ menuItemCode, status: 'PLANNED' })),
        expertsDeployed: p.team.map((t) => ({ name: t.name, role: t.role })),
        status: EngagementStatus.ACTIVE,
      });
      await this.repo.insertReports(m, [
        { engagementId: e.id, kind: ReportKind.INTERIM, dueOn: `${p.fiscalYear}-09-30` },
        { engagementId: e.id, kind: ReportKind.FINAL, dueOn: p.supportEndsOn },
      ]);
    }
  }

  /** The engagement of a declined or disqualified selection ends with it. */
  async cancelFor(m: EntityManager, matchId: string): Promise<void> {
    await this.repo.cancelEngagementOfMatch(m, matchId);
  }

  async get(actor: Actor, id: string, m?: EntityManager): Promise<Engagement> {
    return this.access.requireRead(this.access.canReadEngagement, actor, await this.repo.engagementById(id, m), m);
  }

  async mine(actor: Actor): Promise<Engagement[]> {
    if (isStaff(actor)) return this.repo.allEngagements();
    if (actor.role === Role.VENDOR) return this.repo.engagementsOfVendor(actor.vendorId);
    if (actor.role === Role.PREFECTURE) return this.repo.engagementsOfPrefecture(actor.prefectureCode);
    if (actor.role === Role.MUNICIPALITY) return this.repo.engagementsOfPartnerMunicipality(actor.municipalityCode);
    return [];
  }

  reportsOf(engagementIds: readonly string[]): Promise<EngagementReport[]> {
    return this.repo.reportsOf(engagementIds);
  }

  meetingsOf(engagementIds: readonly string[]): Promise<Meeting[]> {
    return this.repo.meetingsOf(engagementIds);
  }

  observersOf(meetingIds: readonly string[]): Promise<Observer[]> {
    return this.repo.observersOf(meetingIds);
  }

  /** The vendor submits (or resubmits after a return) a report; every submission is kept. */
  async submitReport(actor: Actor, engagementId: string, kind: ReportKind, input: ReportContent): Promise<EngagementReport> {
    const report = await this.submitInTransaction(actor, engagementId, kind, input);
    await this.announce('REPORT_SUBMITTED', report);
    return report;
  }

  /** Tells subscribers (after the commit) about a report, with who may read it. */
  private async announce(type: 'REPORT_SUBMITTED' | 'REPORT_OVERDUE', r: EngagementReport): Promise<void> {
    const e = await this.repo.engagementById(r.engagementId);
    if (!e) return;
    const partnerCodes = await this.repo.partnerCodesOfApplication(e.applicationId);
    this.events.emit({
      type,
      reportId: r.id,
      engagementId: e.id,
      kind: r.kind,
      vendorId: e.vendorId,
      prefectureCode: e.prefectureCode,
      partnerCodes,
    });
  }

  private async submitInTransaction(actor: Actor, engagementId: string, kind: ReportKind, input: ReportContent): Promise<EngagementReport> {
    return this.repo.transaction(actor, async (m) => {
      const e = await this.get(actor, engagementId, m);
      if (!this.access.canReportOnEngagement(actor, [e]).has(e.id)) throw new DomainError('FORBIDDEN');
      if (e.status !== EngagementStatus.ACTIVE) throw stateError('報告', e.status);
      const r = await this.lockReport(m, { engagementId, kind });
      if (r.status !== ReportStatus.DUE && r.status !== ReportStatus.RETURNED) throw stateError('提出', r.status);
      const documentIds = [...new Set(input.documentIds ?? [])];
      if (documentIds.length) {
        const owned = await this.repo.ownedReportDocuments(m, documentIds, e.vendorId);
        if (owned.length !== documentIds.length) throw notFound();
      }
      const now = this.clock.now();
      Object.assign(r, {
        ...input,
        status: ReportStatus.SUBMITTED,
        submittedAt: now,
        version: r.version + 1,
        versions: [...r.versions, { at: now.toISOString(), by: actor.userId, body: input.body, outcomes: input.outcomes, progress: input.progress }],
      });
      return this.repo.saveReport(m, r);
    });
  }

  /** The prefecture acknowledges a submitted report, or returns it with comments (the secretariat may return it too). */
  async reviewReport(actor: Actor, reportId: string, decision: 'ACKNOWLEDGE' | 'RETURN', comment: string): Promise<EngagementReport> {
    return this.repo.transaction(actor, async (m) => {
      const r = await this.lockReport(m, { id: reportId });
      const e = await this.get(actor, r.engagementId, m);
      const asPrefecture = this.access.canReviewEngagement(actor, [e]).has(e.id);
      if (!(asPrefecture || (decision === 'RETURN' && actor.role === Role.SECRETARIAT))) throw new DomainError('FORBIDDEN');
      if (r.status !== ReportStatus.SUBMITTED && !(decision === 'RETURN' && r.status === ReportStatus.ACKNOWLEDGED)) throw stateError('確認', r.status);
      if (decision === 'RETURN' && !comment.trim())
        throw new DomainError(
          'VALIDATION_FAILED',
          { field: 'comment' },
          { ja: '差戻しの理由を入力してください。', en: 'A comment is required to return a report.' },
        );
      Object.assign(r, {
        status: decision === 'ACKNOWLEDGE' ? ReportStatus.ACKNOWLEDGED : ReportStatus.RETURNED,
        prefectureComment: comment || r.prefectureComment,
        version: r.version + 1,
      });
      return this.repo.saveReport(m, r);
    });
  }

  /** The secretariat accepts an acknowledged report; accepting the final report closes the engagement. */
  async acceptReport(actor: Actor, reportId: string): Promise<EngagementReport> {
    onlySecretariat(actor);
    return this.repo.transaction(actor, async (m) => {
      const r = await this.lockReport(m, { id: reportId });
      if (r.status !== ReportStatus.ACKNOWLEDGED) throw stateError('受理', r.status);
      Object.assign(r, { status: ReportStatus.ACCEPTED, acceptedAt: this.clock.now(), version: r.version + 1 });
      if (r.kind === ReportKind.FINAL) await this.repo.closeEngagement(m, r.engagementId);
      return this.repo.saveReport(m, r);
    });
  }

  /** Reports past their due date (in Japan) and not submitted, for the staff. */
  async overdue(now: Date): Promise<EngagementReport[]> {
    return this.repo.overdueReports(jstDate(now));
  }

  /**
   * Queues one reminder per overdue report per day (the dedupe key holds the day), to the vendor's
   * users, and announces each report the first time it is reminded that day. The outbox's unique
   * dedupe key is the claim: when several API instances (or repeated polls) run this at once, only
   * the insert that lands counts, so each reminder is queued and announced exactly once.
   */
  async sendReminders(now = this.clock.now()): Promise<number> {
    const reports = await this.overdue(now);
    if (!reports.length) return 0;
    // A fixed order, so that two instances inserting the same keys wait on each other instead of deadlocking.
    const rows = await this.repo.reminderRecipients(reports.map((r) => r.id));
    const today = jstDate(now);
    const keyOf = (r: { report_id: string; email: string }) => `reminder:${r.report_id}:${today}:${r.email}`;
    const queued = new Set(
      await this.repo.transaction(SYSTEM_ACTOR, (m) =>
        this.outbox.enqueue(
          m,
          rows.map((r) => ({
            dedupeKey: keyOf(r),
            recipientEmail: r.email,
            subject: `【督促】伴走支援の${r.kind === ReportKind.INTERIM ? '中間報告' : '最終報告'}の提出期限を過ぎています`,
            body: `提出期限（${r.due_on}）を過ぎています。速やかにご提出ください。\n`,
          })),
        ),
      ),
    );
    const reminded = new Set(rows.filter((r) => queued.has(keyOf(r))).map((r) => r.report_id));
    for (const r of reports) if (reminded.has(r.id)) await this.announce('REPORT_OVERDUE', r);
    return queued.size;
  }

  /**
   * The vendor keeps the plan current: each planned menu item's status, the experts actually
   * deployed, and the budget, which stays within the region's cap. A budget beyond the awarded bid
   * (and beyond any figure the secretariat approved) is not applied: it is kept as a PENDING request
   * for the secretariat (`budgetChangeNeedsApproval`); the rest of the change applies at once.
   */
  async updatePlan(
    actor: Actor,
    engagementId: string,
    change: { plannedItems?: Array<{ menuItemCode: string; status: string }>; expertsDeployed?: Array<{ name: string; role: string }>; budgetYen?: number },
  ): Promise<Engagement> {
    return this.repo.transaction(actor, async (m) => {
      const readable = await this.get(actor, engagementId, m);
      if (!this.access.canReportOnEngagement(actor, [readable]).has(readable.id)) throw new DomainError('FORBIDDEN');
      const e = await this.lockEngagement(m, engagementId); // concurrent plan changes and decisions queue here
      if (e.status !== EngagementStatus.ACTIVE) throw stateError('計画の更新', e.status);
      if (change.plannedItems) {
        const known = new Set(e.plannedItems.map((i) => i.menuItemCode));
        const unknown = change.plannedItems.filter((i) => !known.has(i.menuItemCode)).map((i) => i.menuItemCode);
        if (unknown.length)
          throw new DomainError(
            'VALIDATION_FAILED',
            { field: 'plannedItems', unknown },
            { ja: '計画にない支援メニューです。', en: 'Not an item of the plan.' },
          );
        e.plannedItems = e.plannedItems.map((i) => change.plannedItems!.find((c) => c.menuItemCode === i.menuItemCode) ?? i);
      }
      if (change.expertsDeployed) e.expertsDeployed = change.expertsDeployed;
      if (change.budgetYen !== undefined && change.budgetYen !== e.budgetYen) {
        await this.assertWithinRegionCap(m, e, change.budgetYen);
        const ceiling = await this.budgetCeilingOf(m, e);
        if (budgetChangeNeedsApproval(change.budgetYen, ceiling)) {
          const pending = await this.repo.pendingBudgetChange(m, e.id);
          if (pending) throw new DomainError('BUDGET_CHANGE_PENDING', { changeId: pending.id, requestedBudgetYen: pending.requestedBudgetYen });
          await this.repo.insertBudgetChange(m, {
            engagementId: e.id,
            awardedBudgetYen: ceiling.awardedYen,
            previousBudgetYen: e.budgetYen,
            requestedBudgetYen: change.budgetYen,
            requestedBy: actor.userId,
            requestedAt: this.clock.now(),
            status: BudgetChangeStatus.PENDING,
          });
        } else {
          e.budgetYen = change.budgetYen;
        }
      }
      return this.repo.saveEngagement(m, e);
    });
  }

  /**
   * The secretariat approves or rejects a budget change beyond the awarded bid, always with a reason
   * (kept on the request; the audit trail records who changed what). Approval applies the budget,
   * re-checked against the region's cap.
   */
  async decideBudgetChange(actor: Actor, changeId: string, approve: boolean, reason: string): Promise<EngagementBudgetChange> {
    onlySecretariat(actor);
    const why = reason.trim();
    if (!why)
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'reason' },
        { ja: '承認・却下の理由を入力してください。', en: 'A reason is required to approve or reject a budget change.' },
      );
    return this.repo.transaction(actor, async (m) => {
      const found = await this.repo.budgetChangeById(m, changeId);
      if (!found) throw notFound();
      const e = await this.lockEngagement(m, found.engagementId);
      const c = (await this.repo.budgetChangeById(m, changeId))!; // re-read under the lock
      if (c.status !== BudgetChangeStatus.PENDING) throw stateError('判断', c.status);
      if (approve) {
        if (e.status !== EngagementStatus.ACTIVE) throw stateError('予算変更の承認', e.status);
        await this.assertWithinRegionCap(m, e, c.requestedBudgetYen);
        e.budgetYen = c.requestedBudgetYen;
        await this.repo.saveEngagement(m, e);
      }
      Object.assign(c, {
        status: approve ? BudgetChangeStatus.APPROVED : BudgetChangeStatus.REJECTED,
        decidedBy: actor.userId,
        decidedAt: this.clock.now(),
        decisionReason: why,
      });
      return this.repo.saveBudgetChange(m, c);
    });
  }

  /** Budget change requests, newest first (staff; filtered by status when given). */
  budgetChanges(status?: BudgetChangeStatus): Promise<EngagementBudgetChange[]> {
    return this.repo.budgetChanges(status);
  }

  budgetChangesOf(engagementIds: readonly string[]): Promise<EngagementBudgetChange[]> {
    return this.repo.budgetChangesOf(engagementIds);
  }

  /** The awarded bid (the proposal the match was made on) and the highest figure the secretariat approved since. */
  private async budgetCeilingOf(m: EntityManager, e: Engagement): Promise<{ awardedYen: number; approvedYen: number | null }> {
    const { awarded, approved } = await this.repo.awardedAndApprovedBudget(m, e.proposalId, e.id);
    // Without its proposal (never expected), the budget set at the award is what was awarded.
    return { awardedYen: awarded === null ? e.budgetYen : Number(awarded), approvedYen: approved === null ? null : Number(approved) };
  }

  private async assertWithinRegionCap(m: EntityManager, e: Engagement, budgetYen: number): Promise<void> {
    const cap = await this.repo.regionBudgetCap(m, e.candidateRegionId);
    if (cap !== null && budgetYen > Number(cap)) {
      throw new DomainError(
        'BUDGET_OVER_CAP',
        { budgetYen, capYen: Number(cap) },
        { ja: `予算が地域の上限（${Number(cap).toLocaleString('ja-JP')}円）を超えています。`, en: `The budget exceeds the region's cap (${cap} yen).` },
      );
    }
  }

  private async lockEngagement(m: EntityManager, id: string): Promise<Engagement> {
    const e = await this.repo.lockEngagement(m, id);
    if (!e) throw notFound();
    return e;
  }

  /** The vendor or the prefecture schedules a meeting (date in JST, agenda, online or on site). */
  async scheduleMeeting(actor: Actor, engagementId: string, input: { scheduledAt: Date; agenda: string; mode: 'ONLINE' | 'ON_SITE' }): Promise<Meeting> {
    const e = await this.get(actor, engagementId);
    if (!this.access.canMeetOnEngagement(actor, [e]).has(e.id)) throw new DomainError('FORBIDDEN');
    if (e.status !== EngagementStatus.ACTIVE) throw stateError('会合の設定', e.status);
    return this.repo.transaction(actor, (m) => this.repo.insertMeeting(m, { engagementId, ...input, createdBy: actor.userId }));
  }

  async recordMinutes(actor: Actor, meetingId: string, minutes: string, attendedCodes: string[]): Promise<Meeting> {
    return this.repo.transaction(actor, async (m) => {
      const meeting = await this.repo.meetingById(m, meetingId);
      if (!meeting) throw notFound();
      const e = await this.get(actor, meeting.engagementId, m);
      if (!this.access.canMeetOnEngagement(actor, [e]).has(e.id)) throw new DomainError('FORBIDDEN');
      meeting.minutes = minutes;
      for (const o of await this.repo.observersOfMeeting(m, meetingId)) {
        await this.repo.setAttended(m, o.id, attendedCodes.includes(o.municipalityCode.trim()));
      }
      return this.repo.saveMeeting(m, meeting);
    });
  }

  /** Meetings a non-partner municipality may observe: those of engagements in its prefecture (date, agenda, mode only). */
  async observableMeetings(actor: Actor): Promise<Meeting[]> {
    if (actor.role !== Role.MUNICIPALITY || !actor.municipalityCode) throw new DomainError('FORBIDDEN');
    return this.repo.upcomingMeetingsInPrefecture(actor.municipalityCode.slice(0, 2), this.clock.now());
  }

  /** A municipality of the prefecture that is not a partner registers to observe (応募要件 3). */
  async registerObserver(actor: Actor, meetingId: string): Promise<Observer> {
    if (actor.role !== Role.MUNICIPALITY || !actor.municipalityCode) throw new DomainError('FORBIDDEN');
    return this.repo.transaction(actor, async (m) => {
      const meeting = await this.repo.meetingById(m, meetingId);
      const e = meeting && (await this.repo.engagementById(meeting.engagementId, m));
      if (!meeting || !e || e.prefectureCode !== actor.municipalityCode!.slice(0, 2)) throw notFound();
      if ((await this.access.canReadEngagement(actor, [e], m)).has(e.id)) {
        throw new DomainError(
          'VALIDATION_FAILED',
          {},
          {
            ja: '連携市区町村は会合の当事者です（オブザーバー登録は不要です）。',
            en: 'Partner municipalities take part in the meetings; observers are the others.',
          },
        );
      }
      await this.repo.insertObserver(m, meetingId, actor.municipalityCode!);
      return (await this.repo.observerOf(m, meetingId, actor.municipalityCode!))!;
    });
  }

  /** The prefecture confirms an observer of one of its meetings. */
  async confirmObserver(actor: Actor, observerId: string): Promise<Observer> {
    return this.repo.transaction(actor, async (m) => {
      const o = await this.repo.observerById(m, observerId);
      const meeting = o && (await this.repo.meetingById(m, o.meetingId));
      if (!o || !meeting) throw notFound();
      const e = await this.get(actor, meeting.engagementId, m);
      if (!this.access.canReviewEngagement(actor, [e]).has(e.id)) throw new DomainError('FORBIDDEN');
      o.confirmed = true;
      return this.repo.saveObserver(m, o);
    });
  }

  private async lockReport(m: EntityManager, where: { id: string } | { engagementId: string; kind: ReportKind }): Promise<EngagementReport> {
    const r = await this.repo.lockReport(m, where);
    if (!r) throw notFound();
    return r;
  }

  onApplicationBootstrap() {
    if (!this.config.REMINDER_POLL_MS) return;
    this.timer = setInterval(
      () => void this.sendReminders().catch((e) => this.log.error({ err: (e as Error).message }, 'reminders failed')),
      this.config.REMINDER_POLL_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
  }
}
