export * from './engagement.entities';
export * from './engagement.service';
export * from './engagement.module';
export * from './domain/budget-change';
export * from './domain/report-reminders';
