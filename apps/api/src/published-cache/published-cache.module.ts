import { Module } from '@nestjs/common';
import { PublishedResponseCache } from './published-cache';

/** Published data served from memory, invalidated by the published data's version (issue 17). */
@Module({ providers: [PublishedResponseCache], exports: [PublishedResponseCache] })
export class PublishedCacheModule {}
