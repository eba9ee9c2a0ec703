/**
 * Which proposals won their region in a published decision: what the sealed-bid rule needs for a prefecture. The
 * matches belong to the matching area, which comes after evaluation, so evaluation states the question here and
 * matching answers it (`MatchingPortsModule` provides this class globally): evaluation never imports matching nor reads
 * its tables.
 */
export abstract class AwardedProposals {
  abstract awardedProposalIds(proposalIds: readonly string[]): Promise<Set<string>>;
}
