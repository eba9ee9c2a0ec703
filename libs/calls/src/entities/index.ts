export * from './program.entity';
export * from './call.entity';
export * from './reference.entity';
export * from './region-application.entity';
export * from './past-selection.entity';
