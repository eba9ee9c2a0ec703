export * from './outbox.entity';
export * from './outbox.service';
export * from './notifications.module';
export * from './link-tokens';
export * from './notices/notice.entity';
export * from './notices/notice.service';
export * from './notices/letter';
export * from './notices/templates';
