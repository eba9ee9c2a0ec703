import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  Actor,
  AppConfig,
  Clock,
  DomainError,
  DomainEvents,
  dueOnBusinessDay,
  isCalendarDate,
  isStaff,
  jstDate,
  notFound,
  onlySecretariat,
  Role,
  SYSTEM_ACTOR,
  yenJa,
} from '@app/core';
import { VendorApplicationService, VendorService } from '@app/bidding';
import { CandidateRegionService, ProgramService } from '@app/calls';
import { DocumentService } from '@app/documents';
import { IdentityService } from '@app/identity';
import { AccessService } from '@app/access';
import { MasterDataService } from '@app/master-data';
import { NoticeRequest, NoticeService } from '@app/notifications';
import { budgetChangeNeedsApproval } from './domain/budget-change';
import { ReminderStep, reminderHorizon, reminderNotice, reminderStepOn } from './domain/report-reminders';
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
 * March, due on business days) with reminders before and after the due date, and meetings that non-partner municipalities may observe.
 * Readable by its vendor, the prefecture, its partner municipalities and the staff; nobody else.
 */
@Injectable()
export class EngagementService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Engagement');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repo: EngagementRepository,
    private readonly notices: NoticeService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly events: DomainEvents,
    private readonly regions: CandidateRegionService,
    private readonly documents: DocumentService,
    private readonly identity: IdentityService,
    private readonly bids: VendorApplicationService,
    private readonly access: AccessService,
    private readonly vendors: VendorService,
    private readonly programs: ProgramService,
    private readonly masterData: MasterDataService,
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
      // Due dates on the business calendar: a closed day moves to the previous business day.
      const interim = dueOnBusinessDay(`${p.fiscalYear}-09-30`);
      const final = dueOnBusinessDay(p.supportEndsOn);
      await this.repo.insertReports(m, [
        { engagementId: e.id, kind: ReportKind.INTERIM, dueOn: interim, dueOnByRule: interim },
        { engagementId: e.id, kind: ReportKind.FINAL, dueOn: final, dueOnByRule: final },
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
    if (actor.role === Role.MUNICIPALITY) {
      const applicationIds = actor.municipalityCode ? await this.regions.applicationIdsOfPartner(actor.municipalityCode) : [];
      return applicationIds.length ? this.repo.engagementsOfApplications(applicationIds) : [];
    }
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
    const partnerCodes = (await this.regions.partnersByApplicationIds([e.applicationId])).map((p) => p.municipalityCode);
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
        const owned = (await this.documents.byIds(documentIds, m)).filter((d) => d.ownerVendorId === e.vendorId && d.purpose === 'REPORT');
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
   * The secretariat sets a report's due date other than the calendar rule gave (`dueOnBusinessDay`), always with a
   * reason; the rule's date stays beside it and the audit trail records the change. Reminders follow the new date.
   */
  async overrideReportDueDate(actor: Actor, reportId: string, dueOn: string, reason: string): Promise<EngagementReport> {
    onlySecretariat(actor);
    if (!isCalendarDate(dueOn))
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'dueOn' },
        { ja: '提出期限の日付が正しくありません。', en: 'The due date is not a date (YYYY-MM-DD).' },
      );
    const why = reason.trim();
    if (!why)
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'reason' },
        { ja: '提出期限を変更する理由を入力してください。', en: 'A reason is required to change a due date.' },
      );
    return this.repo.transaction(actor, async (m) => {
      const r = await this.lockReport(m, { id: reportId });
      const e = await this.get(actor, r.engagementId, m);
      if (e.status !== EngagementStatus.ACTIVE) throw stateError('提出期限の変更', e.status);
      if (r.status === ReportStatus.ACCEPTED) throw stateError('提出期限の変更', r.status);
      Object.assign(r, {
        dueOn,
        dueOnOverrideReason: why,
        dueOnOverriddenBy: actor.userId,
        dueOnOverriddenAt: this.clock.now(),
        version: r.version + 1,
      });
      return this.repo.saveReport(m, r);
    });
  }

  /**
   * Queues the reminders whose day has come (`reminderStepOn`: 14 and 3 days before the due date, the day after, a
   * week after) to the vendor's users, one per report, step and due date. The row in engagement_report_reminders is
   * the claim: when several API instances (or repeated polls) run this at once, only the insert that lands sends,
   * so each reminder is queued, and each overdue report announced, exactly once. Returns the messages queued.
   */
  async sendReminders(now = this.clock.now()): Promise<number> {
    const today = jstDate(now);
    const due = (await this.repo.openReportsDueBy(reminderHorizon(today)))
      .map((r) => ({ r, step: reminderStepOn(today, r.dueOn) }))
      .filter((x): x is { r: EngagementReport; step: ReminderStep } => x.step !== null);
    if (!due.length) return 0;
    // A fixed order, so that two instances inserting the same keys wait on each other instead of deadlocking.
    const recipients = await this.reminderRecipients(due.map((x) => x.r.id));
    const { queued, claimed } = await this.repo.transaction(SYSTEM_ACTOR, async (m) => {
      const reminded = new Set(
        (
          await this.repo.remindersOf(
            m,
            due.map((x) => x.r.id),
          )
        ).map((x) => `${x.report_id}:${x.due_on}`),
      );
      const rows = await this.repo.claimReminders(
        m,
        due.map((x) => ({ reportId: x.r.id, step: x.step, dueOn: x.r.dueOn })),
        now,
      );
      const won = new Set(rows.map((c) => `${c.report_id}:${c.step}`));
      const claimed = due.filter((x) => won.has(`${x.r.id}:${x.step}`));
      const requests: NoticeRequest[] = claimed.flatMap(({ r, step }) => {
        const to = recipients.get(r.id);
        if (!to) return [];
        const n = reminderNotice(step, r.kind, r.dueOn, !reminded.has(`${r.id}:${r.dueOn}`));
        return [
          {
            kind: n.kind,
            key: `report-reminder:${r.id}:${r.dueOn}:${step}`,
            addressee: to.vendorName,
            honorific: '御中' as const,
            audience: `vendor:${to.vendorId}`,
            emails: to.emails,
            fiscalYear: to.fiscalYear,
            about: { type: 'ENGAGEMENT', id: to.engagementId },
            vars: { ...n.vars, daysBefore: n.vars.daysBefore ?? '', prefectureName: to.prefectureName },
          },
        ];
      });
      await this.notices.issue(m, requests);
      // Each claimed step is new (the claim is unique per report, step and due date), so each of its mails is queued once.
      return { queued: requests.reduce((s, r) => s + r.emails.length, 0), claimed };
    });
    for (const { r, step } of claimed) if (step === ReminderStep.AFTER_1 || step === ReminderStep.AFTER_7) await this.announce('REPORT_OVERDUE', r);
    return queued;
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
      const saved = await this.repo.saveBudgetChange(m, c);
      // The vendor asked: it is told the decision and why, in the same transaction (once per request).
      await this.notices.issue(m, [await this.budgetDecisionNotice(m, e, saved)]);
      return saved;
    });
  }

  /** The notice of a budget change's decision to the vendor that asked for it (its active accounts). */
  private async budgetDecisionNotice(m: EntityManager, e: Engagement, c: EngagementBudgetChange): Promise<NoticeRequest> {
    // Inside the decision's transaction (one connection on PGlite): every read through its manager.
    const users = await this.identity.usersOfVendors([e.vendorId], m);
    const [vendor] = await this.vendors.vendorsByIds([e.vendorId], m);
    const [call] = await this.programs.callsByIds([e.callId], m);
    const [prefecture] = await this.masterData.prefecturesByCodes([e.prefectureCode], m);
    const [program] = call ? await this.programs.programsByIds([call.programId], m) : [];
    const approved = c.status === BudgetChangeStatus.APPROVED;
    return {
      kind: 'BUDGET_CHANGE_DECIDED',
      key: `budget-change-decided:${c.id}`,
      addressee: vendor?.name ?? '',
      honorific: '御中',
      audience: `vendor:${e.vendorId}`,
      emails: users.map((u) => u.email).sort(),
      fiscalYear: program?.fiscalYear ?? Number(e.startsOn.slice(0, 4)),
      about: { type: 'ENGAGEMENT', id: e.id },
      vars: {
        prefectureName: prefecture?.name ?? e.prefectureCode,
        decision: approved ? '承認' : '却下',
        decisionEn: approved ? 'approved' : 'rejected',
        previousBudget: yenJa(c.previousBudgetYen),
        requestedBudget: yenJa(c.requestedBudgetYen),
        budgetNow: yenJa(e.budgetYen),
        reason: c.decisionReason ?? '',
      },
    };
  }

  /** Budget change requests, newest first (staff; filtered by status when given). */
  budgetChanges(status?: BudgetChangeStatus): Promise<EngagementBudgetChange[]> {
    return this.repo.budgetChanges(status);
  }

  budgetChangesOf(engagementIds: readonly string[]): Promise<EngagementBudgetChange[]> {
    return this.repo.budgetChangesOf(engagementIds);
  }

  /**
   * The active accounts of each report's vendor, ordered by (report, e-mail) so that concurrent inserts of the same
   * reminders queue instead of deadlocking. The accounts are identity's: two reads instead of one join across areas.
   */
  /** Who a report's reminder is addressed to: its vendor (name, users' addresses), the region, the programme's fiscal year. */
  private async reminderRecipients(
    reportIds: string[],
  ): Promise<Map<string, { vendorId: string; vendorName: string; emails: string[]; engagementId: string; prefectureName: string; fiscalYear: number }>> {
    const reports = await this.repo.reportsWithVendor(reportIds);
    const vendorIds = [...new Set(reports.map((r) => r.vendor_id))];
    const [users, vendors, calls, prefectures] = await Promise.all([
      this.identity.usersOfVendors(vendorIds),
      this.vendors.vendorsByIds(vendorIds),
      this.programs.callsByIds([...new Set(reports.map((r) => r.call_id))]),
      this.masterData.prefecturesByCodes([...new Set(reports.map((r) => r.prefecture_code))]),
    ]);
    const programs = await this.programs.programsByIds([...new Set(calls.map((c) => c.programId))]);
    const fiscalYearOfCall = new Map(calls.map((c) => [c.id, programs.find((p) => p.id === c.programId)?.fiscalYear]));
    const byVendor = new Map<string, string[]>();
    for (const u of users) byVendor.set(u.vendorId!, [...(byVendor.get(u.vendorId!) ?? []), u.email]);
    return new Map(
      reports.map((r) => [
        r.report_id,
        {
          vendorId: r.vendor_id,
          vendorName: vendors.find((v) => v.id === r.vendor_id)?.name ?? '',
          emails: (byVendor.get(r.vendor_id) ?? []).sort(),
          engagementId: r.engagement_id,
          prefectureName: prefectures.find((p) => p.code === r.prefecture_code)?.name ?? r.prefecture_code,
          fiscalYear: fiscalYearOfCall.get(r.call_id) ?? Number(r.due_on.slice(0, 4)),
        },
      ]),
    );
  }

  /** The awarded bid (the proposal the match was made on) and the highest figure the secretariat approved since. */
  private async budgetCeilingOf(m: EntityManager, e: Engagement): Promise<{ awardedYen: number; approvedYen: number | null }> {
    const [proposal] = await this.bids.proposalsByIds([e.proposalId], m);
    const awarded = proposal ? proposal.budgetYen : null;
    const approved = await this.repo.approvedBudget(m, e.id);
    // Without its proposal (never expected), the budget set at the award is what was awarded.
    return { awardedYen: awarded === null ? e.budgetYen : Number(awarded), approvedYen: approved === null ? null : Number(approved) };
  }

  private async assertWithinRegionCap(m: EntityManager, e: Engagement, budgetYen: number): Promise<void> {
    const cap = (await this.regions.byIds([e.candidateRegionId], m))[0]?.budgetCapYen ?? null;
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
