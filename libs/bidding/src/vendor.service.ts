import { EntityManager } from 'typeorm';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AccessService } from '@app/access';
import { Actor, Clock, DomainError, isStaff, isValidCorporateNumber, jstDate, notFound, onlySecretariat, Role, toWareki } from '@app/core';
import { IdentityService } from '@app/identity';
import { MasterDataService } from '@app/master-data';
import { NoticeService } from '@app/notifications';
import { BiddingRepository } from './bidding.repository';
import { CorporateNumberDecision, VendorKind, VendorStatus } from './domain/vendor-kind';
import { Vendor } from './entities';

export interface VendorInput {
  name: string;
  corporateNumber: string;
  kind: VendorKind;
  headOfficePrefectureCode: string;
}

/** Vendor organisations: self-registration awaiting approval, or created by the secretariat. */
@Injectable()
export class VendorService {
  constructor(
    private readonly repo: BiddingRepository,
    private readonly identity: IdentityService,
    private readonly masterData: MasterDataService,
    private readonly clock: Clock,
    private readonly notices: NoticeService,
    private readonly access: AccessService,
  ) {}

  vendorsByIds(ids: readonly string[], m?: EntityManager) {
    return this.repo.vendorsByIds(ids, m);
  }

  /** `[id, name]` of these vendors (no entities: the matching names every applicant of a call). */
  vendorNames(ids: readonly string[]) {
    return this.repo.vendorNames(ids);
  }

  async get(actor: Actor, id: string): Promise<Vendor> {
    const [v] = await this.repo.vendorsByIds([id]);
    if (!v || !this.access.canReadVendor(actor, [id]).has(id)) throw notFound();
    return isStaff(actor) ? v : asSeenByRegistrant(v);
  }

  list(actor: Actor, status?: VendorStatus) {
    if (!isStaff(actor)) throw new DomainError('FORBIDDEN');
    return this.repo.listVendors(status);
  }

  /**
   * A vendor registers itself and its first user; it can bid once the secretariat approves it. The answer is the
   * same whether or not the address or the 法人番号 is known (no enumeration): an address that already has an account
   * gets a notice instead (nothing is stored, the answer's id refers to nothing); a 法人番号 another vendor holds
   * makes the registration DISPUTED until the secretariat resolves it (`resolveDispute`), shown to the registrant as PENDING.
   */
  async register(input: VendorInput & { email: string; displayName: string; password: string }): Promise<Vendor> {
    await this.checkInput(input);
    const answer = await this.repo.transaction(null, async (m) => {
      const existing = await this.identity.accountByEmail(input.email, m);
      if (existing) {
        // At most one notice per address and Japan day, so that the form cannot be used to flood a mailbox.
        const now = this.clock.now();
        const today = jstDate(now);
        await this.notices.issue(m, [
          {
            kind: 'REGISTRATION_ATTEMPT',
            key: `registration-attempt:${existing.id}:${today}`,
            addressee: existing.displayName,
            honorific: '様',
            audience: `email:${existing.email}`,
            emails: [existing.email],
            // The Japanese fiscal year of the day (April to March): the attempt belongs to no programme.
            fiscalYear: Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) < 4 ? 1 : 0),
            vars: { attemptedOn: toWareki(now) },
          },
        ]);
        return null;
      }
      const holder = await this.repo.corporateNumberHolder(input.corporateNumber, m);
      const vendor = await this.repo.insertVendor(m, { ...pick(input), status: holder ? VendorStatus.DISPUTED : VendorStatus.PENDING });
      await this.identity.createAccount(
        { email: input.email, displayName: input.displayName, password: input.password, role: Role.VENDOR, vendorId: vendor.id },
        m,
      );
      return vendor;
    });
    if (answer) return asSeenByRegistrant(answer);
    await this.identity.spendPasswordHash(input.password); // the same cost as the account's hash on the other path
    return Object.assign(new Vendor(), {
      ...pick(input),
      id: randomUUID(),
      status: VendorStatus.PENDING,
      registeredAt: this.clock.now(),
      approvedAt: null,
      approvedBy: null,
      statusReason: null,
    });
  }

  /**
   * The secretariat decides a disputed 法人番号 (recorded with its reason; the audit trail keeps both rows' changes):
   * KEEP_EXISTING rejects the claimant, TRANSFER_TO_CLAIMANT rejects the earlier holder and makes the claimant PENDING
   * (approved as usual afterwards). A rejected vendor's accounts are deactivated.
   */
  async resolveDispute(actor: Actor, vendorId: string, decision: CorporateNumberDecision, reason: string): Promise<Vendor> {
    onlySecretariat(actor);
    return this.repo.transaction(actor, async (m) => {
      const claimant = await this.repo.lockVendor(vendorId, m);
      if (!claimant) throw notFound();
      if (claimant.status !== VendorStatus.DISPUTED) throw new DomainError('INVALID_STATE', { status: claimant.status });
      const holder = await this.repo.corporateNumberHolder(claimant.corporateNumber, m, true);
      const reject = async (v: Vendor) => {
        Object.assign(v, { status: VendorStatus.REJECTED, statusReason: reason });
        await this.repo.saveVendor(m, v);
        await this.identity.setVendorAccountsActive(v.id, false, m);
      };
      if (decision === CorporateNumberDecision.KEEP_EXISTING) {
        await reject(claimant);
        return claimant;
      }
      if (holder) await reject(holder);
      Object.assign(claimant, { status: VendorStatus.PENDING, statusReason: reason });
      return this.repo.saveVendor(m, claimant);
    });
  }

  /** The secretariat refuses a pending registration (its reason kept on the vendor); the vendor's accounts are deactivated. */
  async reject(actor: Actor, vendorId: string, reason: string): Promise<Vendor> {
    onlySecretariat(actor);
    return this.repo.transaction(actor, async (m) => {
      const v = await this.repo.lockVendor(vendorId, m);
      if (!v) throw notFound();
      if (v.status !== VendorStatus.PENDING) throw new DomainError('INVALID_STATE', { status: v.status });
      Object.assign(v, { status: VendorStatus.REJECTED, statusReason: reason });
      const saved = await this.repo.saveVendor(m, v);
      await this.identity.setVendorAccountsActive(v.id, false, m);
      return saved;
    });
  }

  async create(actor: Actor, input: VendorInput): Promise<Vendor> {
    onlySecretariat(actor);
    await this.checkInput(input);
    if (await this.repo.corporateNumberHolder(input.corporateNumber)) {
      throw new DomainError(
        'DUPLICATE',
        { field: 'corporateNumber' },
        { ja: 'この法人番号の事業者は既に登録されています。', en: 'A vendor with this corporate number is already registered.' },
      );
    }
    return this.repo.transaction(actor, (m) =>
      this.repo.insertVendor(m, { ...pick(input), status: VendorStatus.APPROVED, approvedAt: this.clock.now(), approvedBy: actor.userId }),
    );
  }

  async setStatus(actor: Actor, id: string, status: VendorStatus.APPROVED | VendorStatus.SUSPENDED): Promise<Vendor> {
    onlySecretariat(actor);
    return this.repo.transaction(actor, async (m) => {
      const [v] = await this.repo.vendorsByIds([id], m);
      if (!v) throw notFound();
      v.status = status;
      if (status === VendorStatus.APPROVED) Object.assign(v, { approvedAt: this.clock.now(), approvedBy: actor.userId });
      return this.repo.saveVendor(m, v);
    });
  }

  /** The check digit and the head office; the secretariat's own `create` also refuses a 法人番号 that has a holder. */
  private async checkInput(input: VendorInput): Promise<void> {
    if (!isValidCorporateNumber(input.corporateNumber)) {
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'corporateNumber' },
        { ja: '法人番号（13桁）のチェックデジットが正しくありません。', en: 'The corporate number (13 digits) has a wrong check digit.' },
      );
    }
    const [p] = await this.masterData.prefecturesByCodes([input.headOfficePrefectureCode]);
    if (!p)
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'headOfficePrefectureCode' },
        { ja: '本社所在地の都道府県コードが正しくありません。', en: 'Unknown headOfficePrefectureCode.' },
      );
  }
}

/** A registrant is not told that its 法人番号 is disputed (that would say the number is taken): it sees PENDING, as it would anyway. */
const asSeenByRegistrant = (v: Vendor): Vendor => (v.status === VendorStatus.DISPUTED ? Object.assign(new Vendor(), v, { status: VendorStatus.PENDING }) : v);

const pick = (i: VendorInput) => ({ name: i.name, corporateNumber: i.corporateNumber, kind: i.kind, headOfficePrefectureCode: i.headOfficePrefectureCode });
