import { Module } from '@nestjs/common';
import { LinkTokens } from './link-tokens';
import { NoticeReader } from './notices/notice-reader';
import { NoticeRepository } from './notices/notice.repository';
import { NoticeService } from './notices/notice.service';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';

@Module({
  providers: [OutboxRepository, OutboxService, LinkTokens, NoticeRepository, NoticeService, NoticeReader],
  exports: [OutboxService, LinkTokens, NoticeService, NoticeReader],
})
export class NotificationsModule {}
