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
  @Field(() => ID, { description: 'The vendor (its id)' })
  id: string;

  @Field({ description: 'Company name (法人名)' })
  name: string;

  @Field({ description: '法人番号 (13 digits, the first a check digit)' })
  corporateNumber: string;

  @Field(() => VendorKind, { description: 'What kind of company it is' })
  kind: VendorKind;

  @Field({ description: 'Two-digit code of the prefecture of its head office' })
  headOfficePrefectureCode: string;

  @Field(() => VendorStatus, { description: 'Its registration: pending, approved, suspended, disputed or rejected' })
  status: VendorStatus;

  @Field({ description: 'When it registered or was created (ISO 8601 UTC)' })
  registeredAt: Date;

  @Field(() => String, { nullable: true, description: 'The secretariat’s reason for its last dispute decision (staff and the vendor itself)' })
  statusReason?: string | null;
}

@ObjectType({ description: 'A member of a proposal’s team (role and qualifications)' })
export class TeamMember {
  @Field({ description: 'Name' })
  name: string;

  @Field({ description: 'Role in the team' })
  role: string;

  @Field({ description: 'Qualifications and experience (may be empty)' })
  qualifications: string;
}

@ObjectType({ description: '地域ごとの提案' })
export class RegionProposal {
  @Field(() => ID, { description: 'The region proposal (its id)' })
  id: string;

  @Field(() => ID, { description: 'The vendor application it belongs to (its id)' })
  applicationId: string;

  @Field(() => ID, { description: 'The candidate region it proposes for (its id)' })
  candidateRegionId: string;

  @Field({ description: 'How the vendor would support the region' })
  approach: string;

  @Field(() => [String], { description: 'Support-menu items it covers (SupportMenuItem.code), the required one included' })
  menuItemCodes: string[];

  @Field(() => [TeamMember], { description: 'The team' })
  team: TeamMember[];

  @Field({ description: 'The planned schedule' })
  schedule: string;

  @Field(() => Int, { description: 'Proposed budget in yen (within the region cap and the programme cap)' })
  budgetYen: number;

  @Field(() => [ID], { description: 'Documents attached (uploaded with purpose PROPOSAL; GET /documents/:id for whoever may read the proposal)' })
  documentIds: string[];
}

@ObjectType({ description: '伴走支援事業者の応募' })
export class VendorApplication {
  @Field(() => ID, { description: 'The vendor application (the bid; its id)' })
  id: string;

  @Field(() => ID, { description: 'The vendor call (its id)' })
  callId: string;

  @Field(() => ID, { description: 'The bidding vendor (its id)' })
  vendorId: string;

  @Field(() => VendorApplicationStatus, { description: 'Draft, submitted or withdrawn' })
  status: VendorApplicationStatus;

  @Field(() => Int, { nullable: true, description: 'Regions the vendor can support at the same time' })
  capacity: number | null;

  @Field(() => Int, { description: 'Pass back as expectedVersion to detect concurrent edits' })
  version: number;

  @Field(() => Date, { nullable: true, description: 'When it was submitted (arrival at the server, ISO 8601 UTC); null unless submitted' })
  submittedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the application went back to draft (a material change of the call)' })
  returnedNotice: string | null;
}

@ObjectType({ description: '問い合わせ (the asker is shown only to itself and the staff)' })
export class Inquiry {
  @Field(() => ID, { description: 'The question (its id)' })
  id: string;

  @Field(() => ID, { description: 'The vendor call it is about (its id)' })
  callId: string;

  @Field(() => ID, { nullable: true, description: 'The candidate region it is about (its id); null: the call as a whole' })
  candidateRegionId: string | null;

  @Field({ description: 'The question as asked' })
  question: string;

  @Field({ description: 'When it was asked (ISO 8601 UTC)' })
  askedAt: Date;

  @Field(() => String, { nullable: true, description: 'The answer; null while unanswered' })
  answer: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was (last) answered (ISO 8601 UTC); null while unanswered' })
  answeredAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the answer was published to every vendor (ISO 8601 UTC); null while not published' })
  publishedAt: Date | null;

  vendorId: string;
}

@ObjectType({ description: 'Proposals received so far for one region of a vendor call (secretariat)' })
export class RegionBidProgress {
  @Field(() => CandidateRegion, { description: 'The candidate region' })
  candidateRegion: CandidateRegion;

  @Field(() => Int, { description: 'Proposals for it in submitted applications' })
  submittedProposals: number;

  @Field(() => Int, { description: 'Proposals for it in applications still in draft' })
  draftProposals: number;
}

@ObjectType({ description: 'A vendor call after a change, with how many bids went back to draft' })
export class VendorCallUpdate {
  @Field(() => Call, { description: 'The vendor call as changed' })
  call: Call;

  @Field(() => Int, { description: 'Submitted applications returned to draft by this material change' })
  returnedApplications: number;
}
