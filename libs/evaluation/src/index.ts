export * from './domain/aggregation';
export { evaluationProgress } from './domain/progress';
export * from './entities/evaluation.entities';
export * from './panel.service';
export * from './assignment.service';
export * from './scoring.service';
export * from './evaluation.module';
