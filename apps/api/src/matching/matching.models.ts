import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { MatchingPolicy, MatchingRunStatus, MatchSource, MatchStatus, PrefectureSupport } from '@app/matching';
import { Call } from '../calls/calls.models';

registerEnumType(MatchingPolicy, {
  valuesMap: {
    OPTIMAL: { description: 'Optimal over the whole programme: most regions supported, then the highest total score (HiGHS)' },
    GREEDY: { description: 'Simple: each region the best-scored eligible proposal in turn, within capacities and the budget' },
  },
  name: 'MatchingPolicy',
  description: 'OPTIMAL (HiGHS, exact) or GREEDY (each region its best eligible proposal, in score order)',
});
registerEnumType(MatchingRunStatus, {
  description: 'Where a matching run stands',
  valuesMap: {
    PROPOSED: { description: 'A proposal of the secretariat: may be overridden, approved or left' },
    APPROVED: { description: 'The one decided run of the call, not yet public' },
    PUBLISHED: { description: 'Published: results notified and engagements started' },
    SUPERSEDED: { description: 'Another run of the call was approved' },
  },
  name: 'MatchingRunStatus',
});
registerEnumType(MatchSource, {
  description: 'How a match was chosen',
  valuesMap: {
    SOLVER: { description: 'Chosen by the matching (optimal or simple policy)' },
    OVERRIDE: { description: 'Chosen by the secretariat, with a recorded reason' },
    AWARD_ORDER: { description: 'Next in the awarding order after a selected vendor declined' },
  },
  name: 'MatchSource',
});
registerEnumType(MatchStatus, {
  description: 'Whether a match stands',
  valuesMap: {
    SELECTED: { description: 'Selected for the region' },
    DECLINED: { description: 'The vendor declined the selection' },
    DISQUALIFIED: { description: 'Withdrawn from the selection (an override, an exclusion)' },
  },
  name: 'MatchStatus',
});
registerEnumType(PrefectureSupport, {
  valuesMap: {
    SUPPORTED: { description: 'A region of the prefecture has a selected vendor' },
    UNSUPPORTED: { description: 'Its candidate region was left without support' },
    PENDING: { description: 'A candidate region whose result is not yet published' },
    NO_APPLICATION: { description: 'No candidate region of the prefecture in this programme' },
  },
  name: 'PrefectureSupport',
  description: 'SUPPORTED (a vendor selected), UNSUPPORTED (no vendor, published), PENDING (no published result yet), NO_APPLICATION (no candidate region)',
});

@ObjectType({ description: 'Another proposal in the region and why it was not chosen (scores: staff only)' })
export class Alternative {
  @Field(() => ID)
  proposalId: string;

  @Field(() => ID)
  vendorId: string;

  @Field(() => Float)
  score: number;

  @Field({
    description:
      'LOWER_SCORE, BELOW_THRESHOLD, NOT_EVALUATED, EXCLUDED, VENDOR_SELECTED_ELSEWHERE, OVER_BUDGET, BUDGET_OR_CAPACITY, or OVERRIDDEN (the secretariat selected another proposal)',
  })
  why: string;

  @Field(() => [ID], { description: 'Regions its vendor was selected for instead' })
  vendorSelectedFor: string[];
}

@ObjectType({ description: '選定結果: a vendor selected for a region' })
export class Match {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  runId: string;

  @Field(() => ID)
  candidateRegionId: string;

  @Field(() => ID)
  proposalId: string;

  @Field(() => ID)
  vendorId: string;

  score: number;
  rankInRegion: number | null;

  @Field(() => MatchSource)
  source: MatchSource;

  @Field(() => MatchStatus)
  status: MatchStatus;

  reason: string | null;
}

@ObjectType({ description: '支援を受けられない地域, with the reason' })
export class UnsupportedRegion {
  @Field(() => ID)
  candidateRegionId: string;

  @Field({
    description: 'NO_PROPOSALS, NOT_EVALUATED, ALL_BELOW_THRESHOLD, ALL_WITHDRAWN_OR_EXCLUDED, LOST_TO_CAPACITY, OVER_BUDGET, DECLINED_NO_ALTERNATIVE',
  })
  reason: string;

  @Field()
  detail: string;

  @Field()
  reasonJa: string;
}

@ObjectType({ description: 'Something that happened to a run: an override (with its reason), a decline, the next in the awarding order' })
export class MatchEvent {
  @Field()
  kind: string;

  @Field(() => ID)
  candidateRegionId: string;

  @Field(() => ID, { nullable: true })
  fromProposalId: string | null;

  @Field(() => ID, { nullable: true })
  toProposalId: string | null;

  @Field()
  reason: string;

  @Field()
  at: Date;
}

@ObjectType({ description: 'The optimal and the simple policy’s results of a call side by side' })
export class PolicyComparison {
  @Field()
  otherPolicy: string;

  @Field(() => Int)
  otherRegionsSupported: number;

  @Field(() => Float)
  otherTotalScore: number;

  @Field(() => Int)
  sameMatches: number;

  @Field(() => [ID], { description: 'Proposals selected only by this run' })
  onlyHere: string[];

  @Field(() => [ID], { description: 'Proposals selected only by the other policy' })
  onlyInOther: string[];
}

@ObjectType({ description: 'One run of the matching: inputs (digest), policy, solver outcome, result' })
export class MatchingRun {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  callId: string;

  @Field(() => MatchingPolicy)
  policy: MatchingPolicy;

  @Field(() => MatchingRunStatus)
  status: MatchingRunStatus;

  @Field(() => Float, { nullable: true })
  budgetYen: number | null;

  @Field()
  solverStatus: string;

  @Field(() => Int)
  regionsSupported: number;

  @Field(() => Float)
  totalScore: number;

  @Field(() => Float)
  totalBudgetYen: number;

  @Field(() => Float, { nullable: true, description: 'Proven relative gap (0: optimal)' })
  gap: number | null;

  @Field(() => Float)
  seconds: number;

  @Field({ description: 'SHA-256 of the canonical inputs: equal digests, equal results' })
  inputDigest: string;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  publishedAt: Date | null;
}

@ObjectType({ description: "A region's published result" })
export class CallResults {
  @Field(() => MatchingRun, { nullable: true })
  run: MatchingRun | null;

  @Field(() => [Match])
  matches: Match[];

  @Field(() => [UnsupportedRegion])
  unsupported: UnsupportedRegion[];
}

@ObjectType({ description: 'A criterion on a vendor’s feedback sheet: the panel’s mean only' })
export class FeedbackCriterion {
  @Field(() => ID)
  criterionId: string;

  @Field()
  titleJa: string;

  @Field()
  titleEn: string;

  @Field(() => Int)
  maxPoints: number;

  @Field(() => Float, { nullable: true, description: "The panel's mean (never a single evaluator's score)" })
  mean: number | null;
}

@ObjectType({ description: 'Feedback to a vendor on one of its proposals, after publication' })
export class FeedbackSheet {
  @Field(() => ID)
  proposalId: string;

  @Field(() => ID)
  candidateRegionId: string;

  @Field({ description: "The region's prefecture, by name" })
  prefectureName: string;

  @Field(() => [FeedbackCriterion])
  criteria: FeedbackCriterion[];

  @Field(() => Float)
  meanTotal: number;

  @Field({ description: 'Met the pass mark and every minimum, and was not excluded' })
  passed: boolean;

  @Field({ description: 'The vendor was suspended or withdrawn when the matching ran: the proposal could not be selected' })
  excluded: boolean;

  @Field({ description: 'No evaluator without a conflict of interest scored it: it was not evaluated (not "below the threshold")' })
  notEvaluated: boolean;

  @Field({ description: 'FIRST, TOP_HALF, BOTTOM_HALF or NOT_RANKED, among the proposals of the region not excluded' })
  rankBand: string;

  @Field()
  selected: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'SELECTED, or why not: EXCLUDED, NOT_EVALUATED, BELOW_THRESHOLD, LOWER_SCORE, VENDOR_SELECTED_ELSEWHERE, OVER_BUDGET, BUDGET_OR_CAPACITY, OVERRIDDEN',
  })
  outcome: string | null;

  @Field(() => String, { nullable: true, description: 'The outcome as the result notice words it' })
  outcomeJa: string | null;

  @Field(() => String, { nullable: true, description: "Why, naming regions and vendors (never ids, never others' scores), in Japanese" })
  explanationJa: string | null;

  @Field(() => String, { nullable: true, description: 'The same in English' })
  explanationEn: string | null;
}

@ObjectType({ description: 'A count under a key (e.g. calls by kind:status)' })
export class KeyCount {
  @Field()
  key: string;

  @Field(() => Int)
  count: number;
}

@ObjectType({ description: 'One candidate region of a call on the dashboard: bids, scoring and outcome' })
export class DashboardRegion {
  @Field(() => ID)
  callId: string;

  @Field(() => ID)
  candidateRegionId: string;

  @Field(() => Int)
  proposalsSubmitted: number;

  @Field(() => Int)
  proposalsDraft: number;

  @Field(() => Int)
  scoresAssigned: number;

  @Field(() => Int)
  scoresSubmitted: number;

  @Field(() => ID, { nullable: true })
  selectedVendorId: string | null;

  @Field(() => String, { nullable: true })
  unsupportedReason: string | null;
}

@ObjectType({ description: 'How two matching runs of a call differ' })
export class RunComparison {
  @Field(() => Int)
  sameMatches: number;

  @Field(() => [ID], { description: 'Proposals selected only in the first run' })
  onlyInFirst: string[];

  @Field(() => [ID], { description: 'Proposals selected only in the second run' })
  onlyInSecond: string[];

  @Field(() => Int)
  regionsDelta: number;

  @Field(() => Float)
  scoreDelta: number;

  @Field({ description: 'Both runs saw exactly the same inputs' })
  sameInputs: boolean;
}

@ObjectType({ description: "A prefecture on the dashboard's map" })
export class DashboardPrefecture {
  @Field({ description: 'JIS X 0401 code (01 北海道 … 47 沖縄県)' })
  prefectureCode: string;

  @Field(() => PrefectureSupport)
  status: PrefectureSupport;

  @Field(() => Int, { description: 'Its candidate regions in the programme' })
  candidateRegions: number;
}

@ObjectType({ description: 'The programme at a glance for the secretariat and the ministry (no contact data)' })
export class Dashboard {
  @Field(() => ID)
  programId: string;

  @Field(() => [Call])
  calls: Call[];

  @Field(() => [KeyCount], { description: 'Calls by kind:status' })
  callCounts: KeyCount[];

  @Field(() => [DashboardRegion])
  regions: DashboardRegion[];
}
