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
  @Field(() => ID, { description: 'The other proposal (its id)' })
  proposalId: string;

  @Field(() => ID, { description: 'Its vendor (its id)' })
  vendorId: string;

  @Field(() => Float, { description: 'Its final score (points, bonus included)' })
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
  @Field(() => ID, { description: 'The match (its id)' })
  id: string;

  @Field(() => ID, { description: 'The matching run it belongs to (its id)' })
  runId: string;

  @Field(() => ID, { description: 'The candidate region (its id)' })
  candidateRegionId: string;

  @Field(() => ID, { description: 'The selected proposal (its id)' })
  proposalId: string;

  @Field(() => ID, { description: 'The selected vendor (its id)' })
  vendorId: string;

  score: number;
  rankInRegion: number | null;

  @Field(() => MatchSource, { description: 'How it was chosen: the solver, an override, or the awarding order' })
  source: MatchSource;

  @Field(() => MatchStatus, { description: 'Selected, declined or disqualified' })
  status: MatchStatus;

  reason: string | null;
}

@ObjectType({ description: '支援を受けられない地域, with the reason' })
export class UnsupportedRegion {
  @Field(() => ID, { description: 'The candidate region left without support (its id)' })
  candidateRegionId: string;

  @Field({
    description: 'NO_PROPOSALS, NOT_EVALUATED, ALL_BELOW_THRESHOLD, ALL_WITHDRAWN_OR_EXCLUDED, LOST_TO_CAPACITY, OVER_BUDGET, DECLINED_NO_ALTERNATIVE',
  })
  reason: string;

  @Field({ description: 'The reason in words, with the numbers (English)' })
  detail: string;

  @Field({ description: 'The reason in words, with the numbers (Japanese)' })
  detailJa: string;

  @Field({ description: 'The reason in Japanese, as the result notice words it' })
  reasonJa: string;
}

@ObjectType({ description: 'Something that happened to a run: an override (with its reason), a decline, the next in the awarding order' })
export class MatchEvent {
  @Field({ description: 'OVERRIDE, DECLINED or DISQUALIFIED' })
  kind: string;

  @Field(() => ID, { description: 'The candidate region concerned (its id)' })
  candidateRegionId: string;

  @Field(() => ID, { nullable: true, description: 'The proposal selected before (its id); null when none was' })
  fromProposalId: string | null;

  @Field(() => ID, { nullable: true, description: 'The proposal selected after (its id); null when none remains' })
  toProposalId: string | null;

  @Field({ description: "The secretariat's reason" })
  reason: string;

  @Field({ description: 'When it happened (ISO 8601 UTC)' })
  at: Date;
}

@ObjectType({ description: 'The optimal and the simple policy’s results of a call side by side' })
export class PolicyComparison {
  @Field({ description: 'The policy compared with: GREEDY for an optimal run, OPTIMAL for a greedy one' })
  otherPolicy: string;

  @Field(() => Int, { description: 'Regions the other policy supports' })
  otherRegionsSupported: number;

  @Field(() => Float, { description: 'Sum of the final scores of the other policy’s selections' })
  otherTotalScore: number;

  @Field(() => Int, { description: 'Selections both policies make' })
  sameMatches: number;

  @Field(() => [ID], { description: 'Proposals selected only by this run' })
  onlyHere: string[];

  @Field(() => [ID], { description: 'Proposals selected only by the other policy' })
  onlyInOther: string[];
}

@ObjectType({ description: 'One run of the matching: inputs (digest), policy, solver outcome, result' })
export class MatchingRun {
  @Field(() => ID, { description: 'The matching run (its id)' })
  id: string;

  @Field(() => ID, { description: 'The vendor call matched (its id)' })
  callId: string;

  @Field(() => MatchingPolicy, { description: 'The policy it ran with' })
  policy: MatchingPolicy;

  @Field(() => MatchingRunStatus, { description: 'Proposed, approved, published or superseded' })
  status: MatchingRunStatus;

  @Field(() => Float, { nullable: true, description: 'The programme budget in yen the selections had to fit in; null: none given' })
  budgetYen: number | null;

  @Field({ description: 'What the solver reported: OPTIMAL, TIME_LIMIT, INFEASIBLE, or GREEDY for the simple policy' })
  solverStatus: string;

  @Field(() => Int, { description: 'Regions with a selected vendor' })
  regionsSupported: number;

  @Field(() => Float, { description: 'Sum of the final scores of the selected proposals (points)' })
  totalScore: number;

  @Field(() => Float, { description: 'Sum of the budgets of the selected proposals, in yen' })
  totalBudgetYen: number;

  @Field(() => Float, { nullable: true, description: 'Proven relative gap (0: optimal)' })
  gap: number | null;

  @Field(() => Float, { description: 'Solver time in seconds' })
  seconds: number;

  @Field({ description: 'SHA-256 of the canonical inputs: equal digests, equal results' })
  inputDigest: string;

  @Field({ description: 'When it was run (ISO 8601 UTC)' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was published (ISO 8601 UTC); null while not published' })
  publishedAt: Date | null;
}

@ObjectType({ description: "A region's published result" })
export class CallResults {
  @Field(() => MatchingRun, { nullable: true, description: 'The published run (staff: the approved one before publication); staff only' })
  run: MatchingRun | null;

  @Field(() => [Match], { description: 'The selected vendor of each supported region' })
  matches: Match[];

  @Field(() => [UnsupportedRegion], { description: 'The regions left without support, each with its reason' })
  unsupported: UnsupportedRegion[];
}

@ObjectType({ description: 'A criterion on a vendor’s feedback sheet: the panel’s mean only' })
export class FeedbackCriterion {
  @Field(() => ID, { description: 'The criterion (its id)' })
  criterionId: string;

  @Field({ description: 'Title in Japanese' })
  titleJa: string;

  @Field({ description: 'Title in English' })
  titleEn: string;

  @Field(() => Int, { description: 'Highest points an evaluator could give' })
  maxPoints: number;

  @Field(() => Float, { nullable: true, description: "The panel's mean (never a single evaluator's score)" })
  mean: number | null;
}

@ObjectType({ description: 'Feedback to a vendor on one of its proposals, after publication' })
export class FeedbackSheet {
  @Field(() => ID, { description: 'The vendor’s proposal (its id)' })
  proposalId: string;

  @Field(() => ID, { description: 'Its candidate region (its id)' })
  candidateRegionId: string;

  @Field({ description: "The region's prefecture, by name" })
  prefectureName: string;

  @Field(() => [FeedbackCriterion], { description: "The panel's mean per criterion" })
  criteria: FeedbackCriterion[];

  @Field(() => Float, { description: 'Mean weighted total of the panel, 0–100 (without the bonus)' })
  meanTotal: number;

  @Field({ description: 'Met the pass mark and every minimum, and was not excluded' })
  passed: boolean;

  @Field({ description: 'The vendor was suspended or withdrawn when the matching ran: the proposal could not be selected' })
  excluded: boolean;

  @Field({ description: 'No evaluator without a conflict of interest scored it: it was not evaluated (not "below the threshold")' })
  notEvaluated: boolean;

  @Field({ description: 'FIRST, TOP_HALF, BOTTOM_HALF or NOT_RANKED, among the proposals of the region not excluded' })
  rankBand: string;

  @Field({ description: 'Whether the proposal was selected' })
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
  @Field({ description: 'What is counted, e.g. VENDOR:OPEN' })
  key: string;

  @Field(() => Int, { description: 'How many' })
  count: number;
}

@ObjectType({ description: 'One candidate region of a call on the dashboard: bids, scoring and outcome' })
export class DashboardRegion {
  @Field(() => ID, { description: 'The vendor call listing the region (its id)' })
  callId: string;

  @Field(() => ID, { description: 'The candidate region (its id)' })
  candidateRegionId: string;

  @Field(() => Int, { description: 'Proposals for it in submitted applications' })
  proposalsSubmitted: number;

  @Field(() => Int, { description: 'Proposals for it in applications still in draft' })
  proposalsDraft: number;

  @Field(() => Int, { description: 'Evaluator assignments on its proposals' })
  scoresAssigned: number;

  @Field(() => Int, { description: 'Score sheets submitted on its proposals' })
  scoresSubmitted: number;

  @Field(() => ID, { nullable: true, description: 'The selected vendor once published (its id); null otherwise' })
  selectedVendorId: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was left without support, once published (UnsupportedRegion.reason); null otherwise' })
  unsupportedReason: string | null;
}

@ObjectType({ description: 'How two matching runs of a call differ' })
export class RunComparison {
  @Field(() => Int, { description: 'Selections both runs make' })
  sameMatches: number;

  @Field(() => [ID], { description: 'Proposals selected only in the first run' })
  onlyInFirst: string[];

  @Field(() => [ID], { description: 'Proposals selected only in the second run' })
  onlyInSecond: string[];

  @Field(() => Int, { description: 'Regions supported by the second run minus the first' })
  regionsDelta: number;

  @Field(() => Float, { description: 'Total score of the second run minus the first (points)' })
  scoreDelta: number;

  @Field({ description: 'Both runs saw exactly the same inputs' })
  sameInputs: boolean;
}

@ObjectType({ description: "A prefecture on the dashboard's map" })
export class DashboardPrefecture {
  @Field({ description: 'JIS X 0401 code (01 北海道 … 47 沖縄県)' })
  prefectureCode: string;

  @Field(() => PrefectureSupport, { description: 'Whether the prefecture gets support in the programme' })
  status: PrefectureSupport;

  @Field(() => Int, { description: 'Its candidate regions in the programme' })
  candidateRegions: number;
}

@ObjectType({ description: 'The programme at a glance for the secretariat and the ministry (no contact data)' })
export class Dashboard {
  @Field(() => ID, { description: 'The programme (its id)' })
  programId: string;

  @Field(() => [Call], { description: 'Its calls, drafts included' })
  calls: Call[];

  @Field(() => [KeyCount], { description: 'Calls by kind:status' })
  callCounts: KeyCount[];

  @Field(() => [DashboardRegion], { description: 'Each candidate region of each vendor call: bids, scoring and outcome' })
  regions: DashboardRegion[];
}
