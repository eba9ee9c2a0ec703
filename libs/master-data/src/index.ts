export * from './domain/lg-code';
export * from './prefecture.entity';
export * from './municipality.entity';
export * from './master-data.service';
export * from './master-data.loader';
export * from './master-data.module';
