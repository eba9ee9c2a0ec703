import { Module } from '@nestjs/common';
import { NotificationsModule } from '@app/notifications';
import { EngagementRepository } from './engagement.repository';
import { EngagementService } from './engagement.service';

/** Companion support after the decision: engagements, reports and reminders, meetings and observers. */
@Module({ imports: [NotificationsModule], providers: [EngagementRepository, EngagementService], exports: [EngagementService] })
export class EngagementModule {}
