import { Module } from '@nestjs/common';
import { MasterDataModule } from '@app/master-data';
import { IdentityService } from './identity.service';
import { UserRepository } from './user.repository';

@Module({
  imports: [MasterDataModule],
  providers: [UserRepository, IdentityService],
  exports: [IdentityService],
})
export class IdentityModule {}
