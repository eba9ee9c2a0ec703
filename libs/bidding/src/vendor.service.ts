import { Injectable } from '@nestjs/common';
import { Actor, Clock, DomainError, isStaff, notFound, Role } from '@app/core';
import { IdentityService } from '@app/identity';
import { MasterDataService } from '@app/master-data';
import { BiddingRepository } from './bidding.repository';
import { isValidCorporateNumber } from './domain/corporate-number';
import { VendorKind, VendorStatus } from './domain/vendor-kind';
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
  ) {}

  vendorsByIds(ids: readonly string[]) {
    return this.repo.vendorsByIds(ids);
  }

  async get(actor: Actor, id: string): Promise<Vendor> {
    const [v] = await this.repo.vendorsByIds([id]);
    if (!v || !(isStaff(actor) || actor.vendorId === id)) throw notFound();
    return v;
  }

  list(actor: Actor, status?: VendorStatus) {
    if (!isStaff(actor)) throw new DomainError('FORBIDDEN');
    return this.repo.listVendors(status);
  }

  /** A vendor registers itself and its first user; it can bid once the secretariat approves it. */
  async register(input: VendorInput & { email: string; displayName: string; password: string }): Promise<Vendor> {
    await this.checkInput(input);
    return this.repo.transaction(async (m) => {
      const vendor = await this.repo.insertVendor(m, { ...pick(input), status: VendorStatus.PENDING });
      await this.identity.createAccount(
        { email: input.email, displayName: input.displayName, password: input.password, role: Role.VENDOR, vendorId: vendor.id },
        m,
      );
      return vendor;
    });
  }

  async create(actor: Actor, input: VendorInput): Promise<Vendor> {
    if (actor.role !== Role.SECRETARIAT) throw new DomainError('FORBIDDEN');
    await this.checkInput(input);
    return this.repo.transaction((m) =>
      this.repo.insertVendor(m, { ...pick(input), status: VendorStatus.APPROVED, approvedAt: this.clock.now(), approvedBy: actor.userId }),
    );
  }

  async setStatus(actor: Actor, id: string, status: VendorStatus.APPROVED | VendorStatus.SUSPENDED): Promise<Vendor> {
    if (actor.role !== Role.SECRETARIAT) throw new DomainError('FORBIDDEN');
    return this.repo.transaction(async (m) => {
      const [v] = await this.repo.vendorsByIds([id], m);
      if (!v) throw notFound();
      v.status = status;
      if (status === VendorStatus.APPROVED) Object.assign(v, { approvedAt: this.clock.now(), approvedBy: actor.userId });
      return this.repo.saveVendor(m, v);
    });
  }

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
    if (await this.repo.vendorByCorporateNumber(input.corporateNumber)) {
      throw new DomainError(
        'DUPLICATE',
        { field: 'corporateNumber' },
        { ja: 'この法人番号の事業者は既に登録されています。', en: 'A vendor with this corporate number is already registered.' },
      );
    }
  }
}

const pick = (i: VendorInput) => ({ name: i.name, corporateNumber: i.corporateNumber, kind: i.kind, headOfficePrefectureCode: i.headOfficePrefectureCode });
