export * from './user.entity';
export * from './identity.service';
export * from './identity.module';
export * from './vendor-standing';
export * from './password-reset.service';
export * from './second-factor.service';
export * from './account-import.service';
export * from './domain/account-import';
