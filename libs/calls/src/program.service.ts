import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, DomainError, dueOnBusinessDay, isStaff, MaybeActor, notFound, onlySecretariat } from '@app/core';
import { assertCallTransition, CallKind, CallStatus } from './domain/call-window';
import { CallsRepository } from './calls.repository';
import { RegionApplicationRepository } from './region-application.repository';
import { Call, Program } from './entities';

export interface NewProgram {
  fiscalYear: number;
  name: string;
  supportEndsOn?: string;
  regionBudgetCapYen?: number | null;
}

export interface CallChange {
  title?: string;
  opensAt?: Date;
  closesAt?: Date;
  repeatBonusMaxPoints?: number;
}

/** Programmes and their calls. Only the secretariat changes them; everyone may read them. */
@Injectable()
export class ProgramService {
  constructor(
    private readonly repo: CallsRepository,
    private readonly applications: RegionApplicationRepository,
  ) {}

  listPrograms() {
    return this.repo.listPrograms();
  }

  programsByIds(ids: readonly string[], m?: EntityManager) {
    return this.repo.programsByIds(ids, m);
  }

  async program(id: string): Promise<Program> {
    const [p] = await this.repo.programsByIds([id]);
    if (!p) throw notFound();
    return p;
  }

  callsByIds(ids: readonly string[], m?: EntityManager) {
    return this.repo.callsByIds(ids, m);
  }

  /** The ids of the other calls of the call's programme (a second round looks at what the first decided). */
  otherCallIdsOfProgram(callId: string, m?: EntityManager) {
    return this.repo.otherCallIdsOfProgram(callId, m);
  }

  callsByProgramIds(ids: readonly string[]) {
    return this.repo.callsByProgramIds(ids);
  }

  async call(id: string): Promise<Call> {
    const [c] = await this.repo.callsByIds([id]);
    if (!c) throw notFound();
    return c;
  }

  /** What a reader may see of calls: a draft is the secretariat's and the ministry's until it opens. */
  async visibleCall(actor: MaybeActor, id: string): Promise<Call> {
    const c = await this.call(id);
    if (c.status === CallStatus.DRAFT && !isStaff(actor)) throw notFound();
    return c;
  }

  async visibleCalls(actor: MaybeActor, filter: { programId?: string; kind?: CallKind }): Promise<Call[]> {
    const calls = await this.repo.listCalls(filter);
    return isStaff(actor) ? calls : calls.filter((c) => c.status !== CallStatus.DRAFT);
  }

  /** The call row locked for the caller's transaction (other areas judge deadlines under it). */
  lockCall(m: EntityManager, id: string, mode: 'share' | 'update' = 'share') {
    return this.repo.lockCall(m, id, mode);
  }

  saveCall(m: EntityManager, call: Call) {
    return this.repo.saveCall(m, call);
  }

  listCalls(filter: { programId?: string; kind?: CallKind }) {
    return this.repo.listCalls(filter);
  }

  supportMenu() {
    return this.repo.supportMenu();
  }

  eligibilityRequirements() {
    return this.repo.eligibilityRequirements();
  }

  /**
   * One programme per fiscal year: the calls, repeat-applicant history and receipt numbers of a year
   * all hang on it. The check answers clearly; the unique index `uq_programs_fiscal_year` settles a race.
   */
  async createProgram(actor: Actor, input: NewProgram): Promise<Program> {
    onlySecretariat(actor);
    // Support runs to mid-March of the next calendar year at the latest (公募要領 1(2)); the default date is on the
    // business calendar (FY2026: Saturday 13 March 2027 → Friday 12 March 2027), a date given is kept as given.
    const supportEndsOn = input.supportEndsOn ?? dueOnBusinessDay(`${input.fiscalYear + 1}-03-13`);
    const exists = () =>
      new DomainError(
        'PROGRAM_EXISTS_FOR_FISCAL_YEAR',
        { fiscalYear: input.fiscalYear },
        {
          ja: `${input.fiscalYear}年度の事業は既に登録されています（1年度につき1事業）。`,
          en: `A programme already exists for fiscal year ${input.fiscalYear} (one per year).`,
        },
      );
    if (await this.repo.programOfFiscalYear(input.fiscalYear)) throw exists();
    try {
      return await this.repo.transaction(actor, (m) =>
        this.repo.insertProgram(m, {
          fiscalYear: input.fiscalYear,
          name: input.name,
          supportEndsOn,
          regionBudgetCapYen: input.regionBudgetCapYen ?? null,
        }),
      );
    } catch (e) {
      const code = (e as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (e as { code?: string }).code;
      if (code === '23505') throw exists();
      throw e;
    }
  }

  async createCall(
    actor: Actor,
    input: {
      programId: string;
      kind: CallKind;
      title: string;
      opensAt: Date;
      closesAt: Date;
      repeatBonusMaxPoints?: number;
      regionCallId?: string;
      questionsCloseAt?: Date;
    },
    m?: EntityManager,
  ): Promise<Call> {
    onlySecretariat(actor);
    const [program] = await this.repo.programsByIds([input.programId], m);
    if (!program) throw notFound();
    if (input.kind === CallKind.VENDOR && !input.regionCallId) {
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'kind' },
        { ja: '事業者の公募は createVendorCall で作成してください。', en: 'Create a vendor call with createVendorCall.' },
      );
    }
    assertWindow(input.opensAt, input.closesAt);
    const insert = (tx: EntityManager) => this.repo.insertCall({ ...input, status: CallStatus.DRAFT }, tx);
    return m ? insert(m) : this.repo.transaction(actor, insert);
  }

  /** Edits a call that has not closed yet; the version guards against two editors overwriting each other. */
  async updateCall(actor: Actor, id: string, change: CallChange, expectedVersion?: number): Promise<Call> {
    onlySecretariat(actor);
    return this.repo.transaction(actor, async (m) => {
      const call = await this.repo.lockCall(m, id, 'update');
      if (!call) throw notFound();
      if (expectedVersion !== undefined && call.version !== expectedVersion) throw new DomainError('CONFLICT', { currentVersion: call.version });
      if (call.kind === CallKind.VENDOR) {
        throw new DomainError(
          'VALIDATION_FAILED',
          { field: 'id' },
          { ja: '事業者の公募は updateVendorCall で変更してください。', en: 'Change a vendor call with updateVendorCall.' },
        );
      }
      if (![CallStatus.DRAFT, CallStatus.OPEN].includes(call.status)) {
        throw new DomainError('INVALID_STATE', { status: call.status }, { ja: '締め切った公募は変更できません。', en: 'A closed call cannot be changed.' });
      }
      Object.assign(call, Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)));
      assertWindow(call.opensAt, call.closesAt);
      call.version += 1;
      return this.repo.saveCall(m, call);
    });
  }

  /** Opens or closes a call; deciding and publishing belong to the review (RegionReviewService). */
  async transition(actor: Actor, id: string, to: CallStatus.OPEN | CallStatus.CLOSED, now: Date): Promise<Call> {
    onlySecretariat(actor);
    return this.repo.transaction(actor, async (m) => {
      const call = await this.repo.lockCall(m, id, 'update');
      if (!call) throw notFound();
      assertCallTransition(call.status, to);
      if (to === CallStatus.CLOSED && now.getTime() < call.closesAt.getTime()) {
        throw new DomainError(
          'INVALID_STATE',
          { closesAt: call.closesAt },
          { ja: '締切前の公募は締め切れません。', en: 'A call cannot be closed before its deadline.' },
        );
      }
      // At the deadline the last submitted version counts: a reopened application that was not resubmitted gets it back.
      if (to === CallStatus.CLOSED && call.kind === CallKind.REGION) await this.applications.restoreStandingSubmissions(m, call.id);
      call.status = to;
      call.version += 1;
      return this.repo.saveCall(m, call);
    });
  }
}

function assertWindow(opensAt: Date, closesAt: Date): void {
  if (!(opensAt.getTime() < closesAt.getTime())) {
    throw new DomainError('VALIDATION_FAILED', { field: 'closesAt' }, { ja: '締切は受付開始より後にしてください。', en: 'closesAt must be after opensAt.' });
  }
}
