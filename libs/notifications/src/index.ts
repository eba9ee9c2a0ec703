export * from './outbox.entity';
export * from './outbox.service';
export * from './notifications.module';
export * from './link-tokens';
