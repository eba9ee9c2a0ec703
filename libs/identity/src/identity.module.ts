import { Module } from '@nestjs/common';
import { MasterDataModule } from '@app/master-data';
import { NotificationsModule } from '@app/notifications';
import { IdentityService } from './identity.service';
import { PasswordResetService } from './password-reset.service';
import { AccountImportService } from './account-import.service';
import { UserRepository } from './user.repository';

@Module({
  imports: [MasterDataModule, NotificationsModule],
  providers: [UserRepository, IdentityService, PasswordResetService, AccountImportService],
  exports: [IdentityService, PasswordResetService, AccountImportService],
})
export class IdentityModule {}
