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
  @Field(() => ID, { description: 'The programme (its id)' })
  id: string;

  @Field(() => Int, { description: 'Fiscal year by its starting calendar year (2025 = 令和7年度)' })
  fiscalYear: number;

  @Field({ description: 'Its name, e.g. 令和7年度 地域社会DX推進パッケージ事業 推進体制構築支援' })
  name: string;

  @Field({ description: 'Latest day of support (YYYY-MM-DD, JST)' })
  supportEndsOn: string;

  @Field(() => Int, { nullable: true, description: 'Budget cap per first-time region, in yen' })
  regionBudgetCapYen: number | null;
}

@ObjectType({ description: '公募' })
export class Call {
  @Field(() => ID, { description: 'The call (its id)' })
  id: string;

  @Field(() => ID, { description: 'The programme (事業) it belongs to (its id)' })
  programId: string;

  @Field(() => CallKind, { description: 'REGION (prefectures apply) or VENDOR (vendors bid for the candidate regions)' })
  kind: CallKind;

  @Field({ description: 'Its title as announced, e.g. 令和7年度 支援地域の公募' })
  title: string;

  @Field({ description: 'Start of the window (ISO 8601 UTC); entries are accepted from it on' })
  opensAt: Date;

  @Field({ description: 'Deadline; a submission must arrive strictly before it' })
  closesAt: Date;

  @Field(() => CallStatus, {
    description: 'DRAFT (staff only), SCHEDULED (opened, before opensAt), OPEN (accepting until closesAt), CLOSED, DECIDED, PUBLISHED',
  })
  status: CallStatus;

  @Field(() => Float, { description: 'Evaluation points a repeat applicant gets at 100% participation (its bonus is this times its participation ratio)' })
  repeatBonusMaxPoints: number;

  @Field(() => Int, { description: 'Pass back as expectedVersion to detect concurrent edits' })
  version: number;
}

@ObjectType({ description: '支援メニュー' })
export class SupportMenuItem {
  @Field({ description: 'Stable code, passed in DesiredSupportInput.menuItemCode and the candidate-region filters' })
  code: string;

  @Field(() => String, { nullable: true, description: 'The code of the item it belongs under; null for a top-level item' })
  parentCode: string | null;

  @Field({ description: 'Title in Japanese, as the call names it' })
  titleJa: string;

  @Field({ description: 'Title in English' })
  titleEn: string;

  @Field({ description: 'Always part of every application and proposal (【必須】)' })
  required: boolean;
}

@ObjectType({ description: '支援メニューの詳細項目 (◇): chosen under its menu item in a desired support' })
export class SupportMenuDetail {
  @Field({ description: 'Stable code, passed in DesiredSupportInput.detailCodes' })
  code: string;

  @Field({ description: 'Name in Japanese, as the call names it' })
  nameJa: string;

  @Field({ description: 'Name in English' })
  nameEn: string;
}

@ObjectType({ description: '応募要件 2(2) 1–9' })
export class EligibilityRequirement {
  @Field(() => Int, { description: 'Its number in 応募要件 2(2), 1–9' })
  number: number;

  @Field({ description: 'The requirement in Japanese, as the call states it' })
  titleJa: string;

  @Field({ description: 'The requirement in English' })
  titleEn: string;
}

@ObjectType({ description: '覚書: the memorandum backing a partnership' })
export class Memorandum {
  @Field(() => ID, { description: 'The uploaded document (its id; GET /documents/:id returns the file to whoever may read it)' })
  documentId: string;

  @Field({ description: 'File name as uploaded' })
  fileName: string;

  @Field({ description: 'Media type recognised from the content (e.g. application/pdf)' })
  mimeType: string;

  @Field(() => Int, { description: 'Size in bytes' })
  sizeBytes: number;

  @Field({ description: 'SHA-256 of the file, hex' })
  sha256: string;

  @Field({ description: 'When it was uploaded (ISO 8601 UTC)' })
  uploadedAt: Date;
}

@ObjectType({ description: '地域課題' })
export class RegionalIssue {
  @Field(() => ID, { description: 'The regional issue (its id)' })
  id: string;

  @Field(() => IssueCategory, { description: 'Its field (分野)' })
  category: IssueCategory;

  @Field({ description: 'Short title of the issue' })
  title: string;

  @Field({ description: 'The issue in the applicant’s words' })
  description: string;
}

@ObjectType({ description: '希望する支援内容' })
export class DesiredSupport {
  @Field({ description: 'The support-menu item wanted (SupportMenuItem.code)' })
  menuItemCode: string;

  @Field({ description: 'What the region wants from this item, in its words (may be empty)' })
  note: string;

  @Field(() => [String], { description: 'Codes of the ◇ detailed items chosen under this menu item' })
  detailCodes: string[];
}

@ObjectType({ description: '連携市区町村' })
export class PartnerMunicipality {
  @Field(() => ID, { description: 'The partner municipality of the application (its id)' })
  id: string;

  @Field({ description: '全国地方公共団体コード of the municipality (6 digits)' })
  municipalityCode: string;

  memorandumDocumentId: string | null;
}

@ObjectType({ description: "An applicant's declaration of one requirement, with the secretariat's check" })
export class RequirementStatus {
  @Field(() => Int, { description: 'The requirement number, 1–9' })
  number: number;

  @Field(() => Boolean, { nullable: true, description: 'null: not declared yet' })
  declared: boolean | null;

  @Field({ description: 'The applicant’s evidence: how the requirement is met (may be empty)' })
  evidence: string;

  @Field(() => Boolean, { nullable: true, description: "The secretariat's check; null while not checked" })
  met: boolean | null;

  @Field(() => String, { nullable: true, description: "The secretariat's note on its check; null while not checked or not yet visible" })
  checkNote: string | null;
}

@ObjectType({ description: 'Contact person (personal data: the applying prefecture and the secretariat only)' })
export class ApplicationContact {
  @Field(() => ID, { description: 'The contact person (its id)' })
  id: string;

  @Field({ description: 'Full name' })
  name: string;

  @Field({ description: 'Department (所属)' })
  department: string;

  @Field({ description: 'Job title (役職); may be empty' })
  title: string;

  @Field({ description: 'E-mail address, lower-cased' })
  email: string;

  @Field({ description: 'Phone number; may be empty' })
  phone: string;

  @Field({ description: 'When the contact consented to the personal-data terms (ISO 8601 UTC)' })
  consentedAt: Date;

  @Field({ description: 'Which version of the personal-data terms was consented to' })
  consentTermsVersion: string;
}

@ObjectType({ description: 'Proof of a submission: number, arrival time and the SHA-256 of the canonical content' })
export class SubmissionReceipt {
  @Field(() => ID, { description: 'The receipt (its id)' })
  id: string;

  @Field({ description: 'Receipt number (受付番号), e.g. RA2025-28-000002' })
  number: string;

  @Field({ description: 'Arrival time at the server (ISO 8601 UTC): what the deadline is judged by' })
  receivedAt: Date;

  @Field(() => TimeDisplay, { description: 'The arrival time in UTC, JST and the Japanese era' })
  receivedAtDisplay: TimeDisplay;

  @Field({ description: 'SHA-256 (hex) of the canonical JSON of the content as submitted' })
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
  @Field({ description: 'The key id that SubmissionReceipt.signingKeyId names' })
  keyId: string;

  @Field({ description: 'Signature algorithm: Ed25519' })
  algorithm: string;

  @Field({ description: 'SPKI PEM' })
  publicKeyPem: string;
}

@ObjectType({ description: 'The repeat-applicant rule (応募要件 2) as it applies to this application' })
export class RepeatApplicantStatus {
  @Field({ description: 'Whether the prefecture was selected as a support region in an earlier fiscal year' })
  isRepeatApplicant: boolean;

  @Field(() => Int, { nullable: true, description: 'The latest earlier fiscal year it was selected in (2024 = 令和6年度); null for a first-time applicant' })
  previousFiscalYear: number | null;

  @Field(() => Int, { nullable: true, description: 'Partner municipalities of that earlier selected application; null for a first-time applicant' })
  previousPartnerCount: number | null;

  @Field(() => Int, { description: 'Partners needed now: the previous count plus one, or 1 for a first-time applicant' })
  requiredPartnerCount: number;

  @Field(() => Int, { description: 'Partner municipalities of this application now' })
  partnerCount: number;

  @Field({ description: 'Whether partnerCount reaches requiredPartnerCount (応募要件 2)' })
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
  @Field(() => ID, { description: 'The region application (its id)' })
  id: string;

  @Field(() => ID, { description: 'The region call applied to (its id)' })
  callId: string;

  @Field({ description: 'Two-digit code of the applying prefecture' })
  prefectureCode: string;

  @Field(() => Int, { description: 'Pass back as expectedVersion to detect concurrent edits' })
  version: number;

  @Field(() => Date, { nullable: true, description: 'When it was submitted (arrival at the server, ISO 8601 UTC); null while a draft' })
  submittedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the hearing (ヒアリング) is scheduled (ISO 8601 UTC); null when none' })
  hearingAt: Date | null;

  @Field(() => String, { nullable: true, description: "The secretariat's note for the hearing; null when none" })
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
  @Field(() => [RegionApplication], { description: 'The applications of this page' })
  items: RegionApplication[];

  @Field(() => Int, { description: 'How many match the filters, over all pages' })
  total: number;
}

@ObjectType({ description: '支援地域候補: an adopted region, published for the vendor call' })
export class CandidateRegion {
  @Field(() => ID, { description: 'The candidate region (its id)' })
  id: string;

  @Field(() => ID, { description: 'The region call that published it (its id)' })
  callId: string;

  @Field({ description: 'Two-digit code of its prefecture' })
  prefectureCode: string;

  @Field({ description: 'Whether the prefecture is a repeat applicant (selected in an earlier fiscal year)' })
  isRepeat: boolean;

  @Field(() => Float, { description: 'Partners / basic local governments of the prefecture, 0–1' })
  participationRatio: number;

  @Field(() => Float, { description: 'Evaluation bonus points of a repeat applicant (0 otherwise), added to its proposals’ scores' })
  bonusPoints: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Budget cap for a proposal in this region, in yen: the programme cap, and at most 50,000,000 for a repeat applicant; null: no cap',
  })
  budgetCapYen: number | null;

  @Field({ description: 'When it was published (ISO 8601 UTC)' })
  publishedAt: Date;

  applicationId: string;
}

@ObjectType({ description: "A programme year's round of candidate regions (one region call's published regions)" })
export class CandidateRound {
  @Field(() => Int, { description: 'Fiscal year of the round by its starting calendar year (2025 = 令和7年度)' })
  fiscalYear: number;

  @Field(() => ID, { description: 'The region call whose published regions the round lists (its id)' })
  regionCallId: string;

  @Field({ description: 'A vendor call listing its regions is open for bids now' })
  openForBids: boolean;
}

@ObjectType({ description: 'A page of candidate regions and their total' })
export class CandidateRegionPage {
  @Field(() => [CandidateRegion], { description: 'The candidate regions of this page' })
  items: CandidateRegion[];

  @Field(() => Int, { description: 'How many match the filters, over all pages' })
  total: number;

  @Field(() => CandidateRound, { nullable: true, description: 'With currentRound: the round the server chose (null: none yet)' })
  round?: CandidateRound | null;
}
