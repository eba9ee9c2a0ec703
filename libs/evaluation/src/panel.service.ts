import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, DomainError, isStaff, isValidCorporateNumber, notFound, Role, onlySecretariat } from '@app/core';
import { VendorCallService } from '@app/bidding';
import { CallStatus } from '@app/calls';
import { AccountImportReport, AccountImportService, IdentityService } from '@app/identity';
import { ConflictKind, ConflictOfInterest, EvaluationCriterion, EvaluationSettings, Evaluator, PanelMember } from './entities/evaluation.entities';
import { EvaluationRepository } from './evaluation.repository';
import { assertScoringDeadlineAfterCall } from './domain/scoring-deadline';

export interface CriterionInput {
  titleJa: string;
  titleEn: string;
  weight: number;
  maxPoints: number;
  minPoints?: number | null;
}

/** The evaluation set-up of a vendor call: settings, criteria, evaluators, the panel, conflicts of interest. */
@Injectable()
export class PanelService {
  constructor(
    private readonly repo: EvaluationRepository,
    private readonly vendorCalls: VendorCallService,
    private readonly identity: IdentityService,
    private readonly accountImport: AccountImportService,
  ) {}

  settings(callId: string) {
    return this.repo.settings(callId);
  }

  settingsByCallIds(ids: readonly string[]) {
    return this.repo.settingsByCallIds(ids);
  }

  criteria(callId: string) {
    return this.repo.criteria(callId);
  }

  criteriaByCallIds(ids: readonly string[]) {
    return this.repo.criteriaByCallIds(ids);
  }

  evaluatorsByIds(ids: readonly string[]) {
    return this.repo.evaluatorsByIds(ids);
  }

  async updateSettings(actor: Actor, callId: string, change: Partial<Omit<EvaluationSettings, 'callId'>>): Promise<EvaluationSettings> {
    onlySecretariat(actor);
    let returned = 0;
    const saved = await this.repo.transaction(actor, async (m) => {
      const call = await this.vendorCalls.vendorCall(m, callId, 'update');
      const current = await this.repo.settings(call.id, m);
      // The pass threshold is part of the criteria as vendors read them: a material change.
      if (change.passThreshold !== undefined && change.passThreshold !== current.passThreshold)
        returned = await this.vendorCalls.applyMaterialChange(m, call, { criteria: 'PASS_THRESHOLD' });
      return this.repo.saveSettings(m, Object.assign(current, definedOnly(change)));
    });
    if (returned) this.vendorCalls.announceBids(callId);
    return saved;
  }

  /** Sets or moves the scoring deadline (the audit trail keeps every move); refused once the decision is taken. */
  async setScoringDeadline(actor: Actor, callId: string, deadline: Date): Promise<EvaluationSettings> {
    onlySecretariat(actor);
    return this.repo.transaction(actor, async (m) => {
      const call = await this.vendorCalls.vendorCall(m, callId, 'update');
      if (call.status === CallStatus.DECIDED || call.status === CallStatus.PUBLISHED)
        throw new DomainError(
          'INVALID_STATE',
          { status: call.status },
          { ja: '選定の確定後は採点の締切を変更できません。', en: 'The scoring deadline cannot change once the decision is taken.' },
        );
      assertScoringDeadlineAfterCall(deadline, call.closesAt);
      const current = await this.repo.settings(call.id, m);
      return this.repo.saveSettings(m, Object.assign(current, { scoringDeadline: deadline }));
    });
  }

  /** Replaces the criteria: a material change of a published call; refused once scoring has begun. */
  async setCriteria(actor: Actor, callId: string, criteria: CriterionInput[]): Promise<EvaluationCriterion[]> {
    onlySecretariat(actor);
    const bad = criteria.filter((c) => c.minPoints !== undefined && c.minPoints !== null && c.minPoints > c.maxPoints);
    if (bad.length || !criteria.length) {
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'criteria' },
        { ja: '評価項目の配点が正しくありません。', en: 'Each criterion needs minPoints ≤ maxPoints, and there must be at least one.' },
      );
    }
    let returned = 0;
    const result = await this.repo.transaction(actor, async (m) => {
      const call = await this.vendorCalls.vendorCall(m, callId, 'update');
      returned = await this.vendorCalls.applyMaterialChange(m, call);
      const saved = await this.repo.replaceCriteria(
        m,
        call.id,
        criteria.map((c) => ({ ...c, minPoints: c.minPoints ?? null })),
      );
      if (!saved.length)
        throw new DomainError('INVALID_STATE', {}, { ja: '採点開始後は評価項目を変更できません。', en: 'Criteria cannot change once scoring has begun.' });
      return saved;
    });
    if (returned) this.vendorCalls.announceBids(callId);
    return result;
  }

  /** A follow-up call reuses the panel, the criteria and the settings of the first round. */
  async copySetup(actor: Actor, fromCallId: string, toCallId: string, outer?: EntityManager): Promise<void> {
    onlySecretariat(actor);
    const run = <T>(work: (m: EntityManager) => Promise<T>) => (outer ? work(outer) : this.repo.transaction(actor, work));
    await run(async (m) => {
      const settings = await this.repo.settings(fromCallId, m);
      // Not the deadline: the follow-up call closes later and gets its own.
      await this.repo.saveSettings(m, Object.assign(new EvaluationSettings(), { ...settings, callId: toCallId, scoringDeadline: null }));
      const criteria = await this.repo.criteria(fromCallId, m);
      await this.repo.replaceCriteria(
        m,
        toCallId,
        criteria.map((c) => ({ titleJa: c.titleJa, titleEn: c.titleEn, weight: c.weight, maxPoints: c.maxPoints, minPoints: c.minPoints })),
      );
      for (const pm of await this.repo.panel(fromCallId, m))
        await this.repo.upsertPanelMember(m, Object.assign(new PanelMember(), { ...pm, callId: toCallId }));
    });
  }

  /** Creates an expert's account and profile (the secretariat's path). */
  async createEvaluator(
    actor: Actor,
    input: { email: string; displayName: string; password: string; name: string; affiliation?: string; fields: string[] },
  ): Promise<Evaluator> {
    onlySecretariat(actor);
    return this.repo.transaction(actor, async (m) => {
      const id = crypto.randomUUID();
      const user = await this.identity.createAccount(
        { email: input.email, displayName: input.displayName, password: input.password, role: Role.EVALUATOR, evaluatorId: id },
        m,
      );
      return this.repo.insertEvaluator(m, { id, userId: user.id, name: input.name, affiliation: input.affiliation ?? '', fields: input.fields });
    });
  }

  /** Evaluators from a file (issue 16, bulk work): accounts and profiles as createEvaluator makes them, all or nothing. */
  importEvaluators(actor: Actor, fileName: string, content: Buffer, dryRun: boolean): Promise<AccountImportReport> {
    onlySecretariat(actor);
    return this.accountImport.import(actor, 'EVALUATORS', fileName, content, dryRun, async (m, row, id, userId) => {
      await this.repo.insertEvaluator(m, { id, userId, name: row.name ?? row.displayName, affiliation: row.affiliation ?? '', fields: row.fields });
    });
  }

  listEvaluators(actor: Actor) {
    if (!isStaff(actor)) throw new DomainError('FORBIDDEN');
    return this.repo.listEvaluators();
  }

  async panel(actor: Actor, callId: string): Promise<PanelMember[]> {
    if (!isStaff(actor)) throw new DomainError('FORBIDDEN');
    return this.repo.panel(callId);
  }

  async setPanelMember(actor: Actor, callId: string, evaluatorId: string, minLoad: number, maxLoad: number): Promise<PanelMember[]> {
    onlySecretariat(actor);
    if (minLoad > maxLoad)
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'minLoad' },
        { ja: '最小担当数は最大担当数以下にしてください。', en: 'minLoad must not exceed maxLoad.' },
      );
    return this.repo.transaction(actor, async (m) => {
      await this.vendorCalls.vendorCall(m, callId);
      if (!(await this.repo.evaluatorsByIds([evaluatorId], m)).length) throw notFound();
      await this.repo.upsertPanelMember(m, Object.assign(new PanelMember(), { callId, evaluatorId, minLoad, maxLoad }));
      return this.repo.panel(callId, m);
    });
  }

  async removePanelMember(actor: Actor, callId: string, evaluatorId: string): Promise<PanelMember[]> {
    onlySecretariat(actor);
    return this.repo.transaction(actor, async (m) => {
      await this.repo.removePanelMember(m, callId, evaluatorId);
      return this.repo.panel(callId, m);
    });
  }

  /**
   * Declares a conflict: an evaluator for itself, the secretariat for any evaluator. A vendor is
   * named by its 法人番号 so that the conflict follows the organisation, not a spelling of its name.
   */
  async declareConflict(
    actor: Actor,
    input: { evaluatorId?: string; corporateNumber?: string; prefectureCode?: string; kind: ConflictKind; note?: string },
  ): Promise<ConflictOfInterest> {
    const evaluatorId = actor.role === Role.EVALUATOR ? actor.evaluatorId : actor.role === Role.SECRETARIAT ? input.evaluatorId : null;
    if (!evaluatorId) throw new DomainError(actor.role === Role.SECRETARIAT ? 'VALIDATION_FAILED' : 'FORBIDDEN', { field: 'evaluatorId' });
    if (actor.role === Role.EVALUATOR && input.evaluatorId && input.evaluatorId !== actor.evaluatorId) throw new DomainError('FORBIDDEN');
    if (!!input.corporateNumber === !!input.prefectureCode) {
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'corporateNumber' },
        { ja: '法人番号か都道府県のどちらか一方を指定してください。', en: 'Name either a corporateNumber or a prefectureCode.' },
      );
    }
    if (input.corporateNumber && !isValidCorporateNumber(input.corporateNumber)) {
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'corporateNumber' },
        { ja: '法人番号のチェックデジットが正しくありません。', en: 'The corporate number has a wrong check digit.' },
      );
    }
    return this.repo.transaction(actor, async (m) => {
      if (!(await this.repo.evaluatorsByIds([evaluatorId], m)).length) throw notFound();
      return this.repo.insertConflict(m, {
        evaluatorId,
        corporateNumber: input.corporateNumber ?? null,
        prefectureCode: input.prefectureCode ?? null,
        kind: input.kind,
        note: input.note ?? '',
        declaredBy: actor.userId,
      });
    });
  }

  /** The secretariat sees every conflict; an evaluator its own. */
  conflicts(actor: Actor, evaluatorIds?: string[]): Promise<ConflictOfInterest[]> {
    if (actor.role === Role.EVALUATOR && actor.evaluatorId) return this.repo.conflictsOfEvaluators([actor.evaluatorId]);
    if (!isStaff(actor)) throw new DomainError('FORBIDDEN');
    return evaluatorIds
      ? this.repo.conflictsOfEvaluators(evaluatorIds)
      : this.repo.listEvaluators().then((es) => this.repo.conflictsOfEvaluators(es.map((e) => e.id)));
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
