export * from './audit-heads';
export * from './audit-verify';
export * from './audit.module';
export * from './personal-data.service';
export * from './read-audit';
