export * from './test-app';
export * from './region-call.fixtures';
