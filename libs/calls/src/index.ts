export * from './domain';
export * from './entities';
export * from './program.service';
export * from './region-application.service';
export * from './region-review.service';
export * from './candidate-region.service';
export * from './submission-receipt.service';
export * from './calls.module';
export type { ApplicationFilter, CandidateRegionFilter } from './region-application.repository';
