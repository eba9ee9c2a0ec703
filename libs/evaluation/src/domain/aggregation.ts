/**
 * The aggregation of score sheets (weighted totals, normalisation, minimums, ranks): evaluation's rule, kept in core
 * (libs/core/src/util/score-aggregation.ts) so that the matching's worker thread computes a run's scores with the same
 * code without loading this area.
 */
export * from '@app/core/util/score-aggregation';
