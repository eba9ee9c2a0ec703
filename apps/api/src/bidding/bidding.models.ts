import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CorporateNumberDecision, VendorApplicationStatus, VendorKind, VendorStatus } from '@app/bidding';
import { Call, CandidateRegion } from '../calls/calls.models';

registerEnumType(VendorKind, {
  valuesMap: {
    THINK_TANK: { description: 'シンクタンク' },
    CONSULTANCY: { description: 'コンサルティング' },
    IT_VENDOR: { description: 'ITベンダ' },
    TELECOM: { description: '通信事業者' },
    LOCAL_FIRM: { description: '地域の事業者' },
    REGIONAL_BANK: { description: '地域金融機関' },
    OTHER: { description: 'その他' },
  },
  name: 'VendorKind',
  description: 'シンクタンク, コンサルティング, ITベンダ, 通信事業者, 地場産業, 地方銀行, その他',
});
registerEnumType(VendorStatus, {
  description: 'A vendor’s registration',
  valuesMap: {
    PENDING: { description: 'Registered by itself; may not bid until the secretariat approves it' },
    APPROVED: { description: 'Approved by the secretariat: may bid' },
    SUSPENDED: { description: 'Suspended: its accounts read their own history only, no changes' },
    DISPUTED: { description: 'Its 法人番号 is held by another registration; held until the secretariat decides' },
    REJECTED: { description: 'Refused by the secretariat (with a reason); its accounts are deactivated' },
  },
  name: 'VendorStatus',
});
registerEnumType(CorporateNumberDecision, {
  valuesMap: {
    KEEP_EXISTING: { description: 'The earlier holder keeps the 法人番号; the disputed registration is rejected' },
    TRANSFER_TO_CLAIMANT: { description: 'The claimant gets the 法人番号; the earlier holder is suspended' },
  },
  name: 'CorporateNumberDecision',
  description: 'The secretariat’s decision on a disputed 法人番号',
});
registerEnumType(VendorApplicationStatus, {
  description: 'Where a vendor’s bid stands',
  valuesMap: {
    DRAFT: { description: 'Being written; not seen by anyone but the vendor' },
    SUBMITTED: { description: 'Submitted before the deadline, with a receipt' },
    WITHDRAWN: { description: 'Withdrawn by the vendor' },
  },
  name: 'VendorApplicationStatus',
});

@ObjectType({ description: '伴走支援事業者' })
export class Vendor {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: '法人番号 (13 digits, the first a check digit)' })
  corporateNumber: string;

  @Field(() => VendorKind)
  kind: VendorKind;

  @Field()
  headOfficePrefectureCode: string;

  @Field(() => VendorStatus)
  status: VendorStatus;

  @Field()
  registeredAt: Date;

  @Field(() => String, { nullable: true, description: 'The secretariat’s reason for its last dispute decision (staff and the vendor itself)' })
  statusReason?: string | null;
}

@ObjectType({ description: 'A member of a proposal’s team (role and qualifications)' })
export class TeamMember {
  @Field()
  name: string;

  @Field()
  role: string;

  @Field()
  qualifications: string;
}

@ObjectType({ description: '地域ごとの提案' })
export class RegionProposal {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  applicationId: string;

  @Field(() => ID)
  candidateRegionId: string;

  @Field()
  approach: string;

  @Field(() => [String])
  menuItemCodes: string[];

  @Field(() => [TeamMember])
  team: TeamMember[];

  @Field()
  schedule: string;

  @Field(() => Int, { description: 'Proposed budget in yen (within the region cap and the programme cap)' })
  budgetYen: number;

  @Field(() => [ID])
  documentIds: string[];
}

@ObjectType({ description: '伴走支援事業者の応募' })
export class VendorApplication {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  callId: string;

  @Field(() => ID)
  vendorId: string;

  @Field(() => VendorApplicationStatus)
  status: VendorApplicationStatus;

  @Field(() => Int, { nullable: true, description: 'Regions the vendor can support at the same time' })
  capacity: number | null;

  @Field(() => Int)
  version: number;

  @Field(() => Date, { nullable: true })
  submittedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the application went back to draft (a material change of the call)' })
  returnedNotice: string | null;
}

@ObjectType({ description: '問い合わせ (the asker is shown only to itself and the staff)' })
export class Inquiry {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  callId: string;

  @Field(() => ID, { nullable: true })
  candidateRegionId: string | null;

  @Field()
  question: string;

  @Field()
  askedAt: Date;

  @Field(() => String, { nullable: true })
  answer: string | null;

  @Field(() => Date, { nullable: true })
  answeredAt: Date | null;

  @Field(() => Date, { nullable: true })
  publishedAt: Date | null;

  vendorId: string;
}

@ObjectType({ description: 'Proposals received so far for one region of a vendor call (secretariat)' })
export class RegionBidProgress {
  @Field(() => CandidateRegion)
  candidateRegion: CandidateRegion;

  @Field(() => Int)
  submittedProposals: number;

  @Field(() => Int)
  draftProposals: number;
}

@ObjectType({ description: 'A vendor call after a change, with how many bids went back to draft' })
export class VendorCallUpdate {
  @Field(() => Call)
  call: Call;

  @Field(() => Int, { description: 'Submitted applications returned to draft by this material change' })
  returnedApplications: number;
}
