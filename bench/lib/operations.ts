/** The benchmark's GraphQL operations, as their users' clients send them (also used by the statement-count test). */
const PARTNERS = 'partners { id municipalityCode municipality { lgCode name } issues { id category title description } desiredSupport { menuItemCode note } }';

export const OPERATIONS = {
  /** A trivial query: the cost of the HTTP + GraphQL pipeline alone. */
  W1: 'query W1 { __typename }',
  /** The vendor's candidate-region list page. */
  W2: `query W2($limit: Int!, $offset: Int!) { candidateRegions(limit: $limit, offset: $offset) { total items { id prefectureCode participationRatio prefecture { code name } ${PARTNERS} } } }`,
  /** One region's detail with its published Q&A. */
  W3: `query W3($id: ID!) { candidateRegion(id: $id) { id prefectureCode prefecture { code name } ${PARTNERS} publishedInquiries { id question answer publishedAt } } }`,
  /** An evaluator's assigned proposals with the criteria and its own (draft) scores. */
  W4: 'query W4 { myAssignedProposals { id candidateRegionId budgetYen criteria { id titleJa maxPoints } myScoreSheet { id status version scores { criterionId points } } } }',
  /** The secretariat dashboard of a programme. */
  W5: 'query W5($programId: ID!) { dashboard(programId: $programId) { programId callCounts { key count } calls { id kind status } regions { callId candidateRegionId proposalsSubmitted proposalsDraft scoresAssigned scoresSubmitted selectedVendorId unsupportedReason } } }',
  /** An evaluator saves its draft scores of one proposal. */
  W6: 'mutation W6($proposalId: ID!, $scores: [ScoreInput!]!) { saveScores(proposalId: $proposalId, scores: $scores) { id status scores { criterionId points } } }',
  /** The matching run of the vendor call. */
  W8: 'mutation W8($input: RunMatchingInput!) { runMatching(input: $input) { id solverStatus regionsSupported totalScore gap seconds } }',
} as const;
