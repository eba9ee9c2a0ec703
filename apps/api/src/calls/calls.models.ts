import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CallKind, CallStatus, HearingFormat, IssueCategory, RegionApplicationStatus, StructureMode } from '@app/calls';
import { TimeDisplay } from '../common/scalars';

registerEnumType(CallKind, {
  valuesMap: {
    REGION: { description: '支援地域の公募: prefectures apply' },
    VENDOR: { description: '伴走支援事業者の公募: vendors bid for the candidate regions' },
  },
  name: 'CallKind',
  description: 'REGION 支援地域の公募, VENDOR 伴走支援事業者の公募',
});
registerEnumType(CallStatus, {
  description: 'Where a call stands (as read now: SCHEDULED until opensAt)',
  valuesMap: {
    DRAFT: { description: 'Being prepared (staff only)' },
    SCHEDULED: { description: 'Opened before its window: announced, accepts entries from opensAt (JST)' },
    OPEN: { description: 'Accepting entries until closesAt (JST)' },
    CLOSED: { description: 'Past its deadline and closed: review or evaluation' },
    DECIDED: { description: 'Decisions fixed (adoption, or the approved matching run)' },
    PUBLISHED: { description: 'Published (candidate regions, or the results)' },
  },
  name: 'CallStatus',
});
registerEnumType(RegionApplicationStatus, {
  description: 'Where a region application stands',
  valuesMap: {
    DRAFT: { description: 'Being written (or reopened) by the prefecture' },
    SUBMITTED: { description: 'Submitted before the deadline, with a receipt' },
    WITHDRAWN: { description: 'Withdrawn by the prefecture' },
    ADOPTED: { description: '採択: adopted by the secretariat; a candidate region once published' },
    REJECTED: { description: '不採択: rejected, with the reason' },
  },
  name: 'RegionApplicationStatus',
});
registerEnumType(HearingFormat, {
  valuesMap: {
    ONLINE: { description: 'Online: the hearing place is the meeting URL' },
    IN_PERSON: { description: 'In person: the hearing place is the venue' },
  },
  name: 'HearingFormat',
  description: 'ONLINE (hearingPlace is the URL), IN_PERSON (hearingPlace is the venue)',
});
registerEnumType(IssueCategory, {
  valuesMap: {
    HEALTHCARE: { description: '医療・福祉' },
    LOGISTICS: { description: '物流' },
    EDUCATION: { description: '教育' },
    DISASTER_PREVENTION: { description: '防災' },
    TOURISM: { description: '観光' },
    AGRICULTURE: { description: '農林水産業' },
    INDUSTRY: { description: '産業振興' },
    MOBILITY: { description: '交通・移動' },
    ADMINISTRATION: { description: '行政' },
    DIGITAL_TALENT: { description: 'デジタル人材' },
    OTHER: { description: 'その他' },
  },
  name: 'IssueCategory',
  description: 'Field of a regional issue (地域課題の分野)',
});
registerEnumType(StructureMode, {
  name: 'StructureMode',
  description: 'Whether the region builds its regional DX structure or extends one (地域DX推進体制の構築・拡充)',
  valuesMap: {
    BUILD: { description: '構築: no regional DX structure yet; the region builds one' },
    EXTEND: { description: '拡充: the region extends the structure it already has' },
  },
});

@ObjectType({ description: '事業: a programme year' })
export class Program {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: 'Fiscal year by its starting calendar year (2025 = 令和7年度)' })
  fiscalYear: number;

  @Field()
  name: string;

  @Field({ description: 'Latest day of support (YYYY-MM-DD, JST)' })
  supportEndsOn: string;

  @Field(() => Int, { nullable: true, description: 'Budget cap per first-time region, in yen' })
  regionBudgetCapYen: number | null;
}

@ObjectType({ description: '公募' })
export class Call {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  programId: string;

  @Field(() => CallKind)
  kind: CallKind;

  @Field()
  title: string;

  @Field()
  opensAt: Date;

  @Field({ description: 'Deadline; a submission must arrive strictly before it' })
  closesAt: Date;

  @Field(() => CallStatus)
  status: CallStatus;

  @Field(() => Float)
  repeatBonusMaxPoints: number;

  @Field(() => Int)
  version: number;
}

@ObjectType({ description: '支援メニュー' })
export class SupportMenuItem {
  @Field()
  code: string;

  @Field(() => String, { nullable: true })
  parentCode: string | null;

  @Field()
  titleJa: string;

  @Field()
  titleEn: string;

  @Field({ description: 'Always part of every application and proposal (【必須】)' })
  required: boolean;
}

@ObjectType({ description: '支援メニューの詳細項目 (◇): chosen under its menu item in a desired support' })
export class SupportMenuDetail {
  @Field({ description: 'Stable code, passed in DesiredSupportInput.detailCodes' })
  code: string;

  @Field()
  nameJa: string;

  @Field()
  nameEn: string;
}

@ObjectType({ description: '応募要件 2(2) 1–9' })
export class EligibilityRequirement {
  @Field(() => Int)
  number: number;

  @Field()
  titleJa: string;

  @Field()
  titleEn: string;
}

@ObjectType({ description: '覚書: the memorandum backing a partnership' })
export class Memorandum {
  @Field(() => ID)
  documentId: string;

  @Field()
  fileName: string;

  @Field()
  mimeType: string;

  @Field(() => Int)
  sizeBytes: number;

  @Field()
  sha256: string;

  @Field()
  uploadedAt: Date;
}

@ObjectType({ description: '地域課題' })
export class RegionalIssue {
  @Field(() => ID)
  id: string;

  @Field(() => IssueCategory)
  category: IssueCategory;

  @Field()
  title: string;

  @Field()
  description: string;
}

@ObjectType({ description: '希望する支援内容' })
export class DesiredSupport {
  @Field()
  menuItemCode: string;

  @Field()
  note: string;

  @Field(() => [String], { description: 'Codes of the ◇ detailed items chosen under this menu item' })
  detailCodes: string[];
}

@ObjectType({ description: '連携市区町村' })
export class PartnerMunicipality {
  @Field(() => ID)
  id: string;

  @Field()
  municipalityCode: string;

  memorandumDocumentId: string | null;
}

@ObjectType({ description: "An applicant's declaration of one requirement, with the secretariat's check" })
export class RequirementStatus {
  @Field(() => Int)
  number: number;

  @Field(() => Boolean, { nullable: true, description: 'null: not declared yet' })
  declared: boolean | null;

  @Field()
  evidence: string;

  @Field(() => Boolean, { nullable: true, description: "The secretariat's check; null while not checked" })
  met: boolean | null;

  @Field(() => String, { nullable: true })
  checkNote: string | null;
}

@ObjectType({ description: 'Contact person (personal data: the applying prefecture and the secretariat only)' })
export class ApplicationContact {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  department: string;

  @Field()
  title: string;

  @Field()
  email: string;

  @Field()
  phone: string;

  @Field()
  consentedAt: Date;

  @Field()
  consentTermsVersion: string;
}

@ObjectType({ description: 'Proof of a submission: number, arrival time and the SHA-256 of the canonical content' })
export class SubmissionReceipt {
  @Field(() => ID)
  id: string;

  @Field()
  number: string;

  @Field()
  receivedAt: Date;

  @Field(() => TimeDisplay)
  receivedAtDisplay: TimeDisplay;

  @Field()
  contentDigest: string;

  @Field({ description: 'The exact text the server signed (canonical JSON: number, subject, arrival time, digest, submitter)' })
  signedPayload: string;

  @Field({ description: "Ed25519 signature of signedPayload by the server's receipt key, base64" })
  signature: string;

  @Field({ description: 'Which server key signed it (see receiptSigningKey)' })
  signingKeyId: string;
}

@ObjectType({ description: "The server's public key for checking receipt signatures offline" })
export class ReceiptSigningKey {
  @Field()
  keyId: string;

  @Field()
  algorithm: string;

  @Field({ description: 'SPKI PEM' })
  publicKeyPem: string;
}

@ObjectType({ description: 'The repeat-applicant rule (応募要件 2) as it applies to this application' })
export class RepeatApplicantStatus {
  @Field()
  isRepeatApplicant: boolean;

  @Field(() => Int, { nullable: true })
  previousFiscalYear: number | null;

  @Field(() => Int, { nullable: true })
  previousPartnerCount: number | null;

  @Field(() => Int)
  requiredPartnerCount: number;

  @Field(() => Int)
  partnerCount: number;

  @Field()
  ruleHolds: boolean;

  @Field(() => Float, { description: 'Partners / basic local governments of the prefecture' })
  participationRatio: number;

  @Field(() => Float, { description: 'Evaluation bonus in proportion to participation (repeat applicants only)' })
  bonusPoints: number;

  @Field(() => Int, { nullable: true, description: 'Budget cap in yen (50,000,000 for repeat applicants)' })
  budgetCapYen: number | null;
}

@ObjectType({ description: '支援地域の申請' })
export class RegionApplication {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  callId: string;

  @Field()
  prefectureCode: string;

  @Field(() => Int, { description: 'Pass back as expectedVersion to detect concurrent edits' })
  version: number;

  @Field(() => Date, { nullable: true })
  submittedAt: Date | null;

  @Field(() => Date, { nullable: true })
  hearingAt: Date | null;

  @Field(() => String, { nullable: true })
  hearingNote: string | null;

  @Field(() => HearingFormat, { nullable: true, description: 'How the hearing is held' })
  hearingFormat: HearingFormat | null;

  @Field(() => String, { nullable: true, description: 'The meeting URL (online) or the venue (in person)' })
  hearingPlace: string | null;

  @Field(() => StructureMode, { nullable: true, description: '構築 or 拡充; null until chosen' })
  structureMode: StructureMode | null;

  status: RegionApplicationStatus;
  decisionReason: string | null;
  previousPartnerCount: number | null;
  previousFiscalYear: number | null;
}

@ObjectType({ description: 'A page of region applications and their total' })
export class RegionApplicationPage {
  @Field(() => [RegionApplication])
  items: RegionApplication[];

  @Field(() => Int)
  total: number;
}

@ObjectType({ description: '支援地域候補: an adopted region, published for the vendor call' })
export class CandidateRegion {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  callId: string;

  @Field()
  prefectureCode: string;

  @Field()
  isRepeat: boolean;

  @Field(() => Float)
  participationRatio: number;

  @Field(() => Float)
  bonusPoints: number;

  @Field(() => Int, { nullable: true })
  budgetCapYen: number | null;

  @Field()
  publishedAt: Date;

  applicationId: string;
}

@ObjectType({ description: "A programme year's round of candidate regions (one region call's published regions)" })
export class CandidateRound {
  @Field(() => Int)
  fiscalYear: number;

  @Field(() => ID)
  regionCallId: string;

  @Field({ description: 'A vendor call listing its regions is open for bids now' })
  openForBids: boolean;
}

@ObjectType({ description: 'A page of candidate regions and their total' })
export class CandidateRegionPage {
  @Field(() => [CandidateRegion])
  items: CandidateRegion[];

  @Field(() => Int)
  total: number;

  @Field(() => CandidateRound, { nullable: true, description: 'With currentRound: the round the server chose (null: none yet)' })
  round?: CandidateRound | null;
}
