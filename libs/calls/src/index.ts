export * from './domain';
export * from './entities';
export * from './application-access';
export * from './program.service';
export * from './region-application.service';
export * from './region-review.service';
export * from './candidate-region.service';
export * from './calls.module';
export type { ApplicationFilter, CandidateRegionFilter } from './region-application.repository';
