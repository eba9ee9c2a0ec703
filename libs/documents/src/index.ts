export * from './document.entity';
export * from './document.service';
export * from './documents.module';
export * from './file-sniffer';
