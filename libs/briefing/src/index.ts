export * from './briefing.entities';
export * from './briefing.service';
export * from './briefing.module';
export * from './free-mail';
export * from './registration-input';
