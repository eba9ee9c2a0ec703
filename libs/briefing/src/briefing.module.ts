import { Module } from '@nestjs/common';
import { NotificationsModule } from '@app/notifications';
import { BriefingRepository } from './briefing.repository';
import { BriefingService } from './briefing.service';

/** Briefing sessions (説明会) and their public registration. */
@Module({ imports: [NotificationsModule], providers: [BriefingRepository, BriefingService], exports: [BriefingService] })
export class BriefingModule {}
