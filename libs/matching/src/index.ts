export * from './model/matching-model';
export * from './entities/matching.entities';
export * from './exports/ocds';
export * from './exports/exports.service';
export * from './matching.service';
export * from './results.service';
export * from './result-notices';
export * from './matching.module';
