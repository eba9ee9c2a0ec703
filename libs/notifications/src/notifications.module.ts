import { Module } from '@nestjs/common';
import { LinkTokens } from './link-tokens';
import { OutboxService } from './outbox.service';

@Module({ providers: [OutboxService, LinkTokens], exports: [OutboxService, LinkTokens] })
export class NotificationsModule {}
