import { Module } from '@nestjs/common';
import { LinkTokens } from './link-tokens';
import { NoticeReader } from './notices/notice-reader';
import { NoticeDesk } from './notices/notice-desk.service';
import { NoticeRepository } from './notices/notice.repository';
import { NoticeService } from './notices/notice.service';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';

@Module({
  providers: [OutboxRepository, OutboxService, LinkTokens, NoticeRepository, NoticeService, NoticeReader, NoticeDesk],
  exports: [OutboxService, LinkTokens, NoticeService, NoticeReader, NoticeDesk],
})
export class NotificationsModule {}
