import { Module } from '@nestjs/common';
import { MasterDataModule } from '@app/master-data';
import { NotificationsModule } from '@app/notifications';
import { IdentityService } from './identity.service';
import { AccountImportService } from './account-import.service';
import { PasswordResetService } from './password-reset.service';
import { SecondFactorService } from './second-factor.service';
import { UserRepository } from './user.repository';

@Module({
  imports: [MasterDataModule, NotificationsModule],
  providers: [UserRepository, IdentityService, PasswordResetService, SecondFactorService, AccountImportService],
  exports: [IdentityService, PasswordResetService, SecondFactorService, AccountImportService],
})
export class IdentityModule {}
