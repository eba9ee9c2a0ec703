import { Module } from '@nestjs/common';
import { LinkTokens } from './link-tokens';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';

@Module({ providers: [OutboxRepository, OutboxService, LinkTokens], exports: [OutboxService, LinkTokens] })
export class NotificationsModule {}
