export * from './domain/conflicts';
export * from './domain/memorandum';
export * from './domain/sealed-bids';
export * from './access.service';
export * from './access.module';
