export * from './test-app';
export * from './region-call.fixtures';
export * from './vendor-call.fixtures';
export * from './smtp';
export * from './security-world';
export * from './briefing.fixtures';
