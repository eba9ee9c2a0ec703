export * from './applicant-view';
export * from './application-status';
export * from './call-window';
export * from './completeness';
export * from './eligibility';
export * from './repeat-applicant';
export * from './support-menu';
export * from './idempotency';
