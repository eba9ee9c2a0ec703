export * from './vendor.entity';
export * from './vendor-call.entity';
