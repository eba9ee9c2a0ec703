import { Module } from '@nestjs/common';
import { SecurityModule } from '../security/security.module';
import { PublishedResponseCache } from './published-cache';

/** Published data served from memory, invalidated by the published data's version (issue 17); its fast path (PublishedFastPathMiddleware) is applied by AppModule. */
@Module({ imports: [SecurityModule], providers: [PublishedResponseCache], exports: [PublishedResponseCache] })
export class PublishedCacheModule {}
