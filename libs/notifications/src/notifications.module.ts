import { Module } from '@nestjs/common';
import { LinkTokens } from './link-tokens';
import { NoticeRepository } from './notices/notice.repository';
import { NoticeService } from './notices/notice.service';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';

@Module({
  providers: [OutboxRepository, OutboxService, LinkTokens, NoticeRepository, NoticeService],
  exports: [OutboxService, LinkTokens, NoticeService],
})
export class NotificationsModule {}
