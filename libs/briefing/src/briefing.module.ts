import { Module } from '@nestjs/common';
import { CallsModule } from '@app/calls';
import { NotificationsModule } from '@app/notifications';
import { BriefingRepository } from './briefing.repository';
import { BriefingService } from './briefing.service';

/** Briefing sessions (説明会) and their public registration; programmes are read through the calls area. */
@Module({ imports: [CallsModule, NotificationsModule], providers: [BriefingRepository, BriefingService], exports: [BriefingService] })
export class BriefingModule {}
