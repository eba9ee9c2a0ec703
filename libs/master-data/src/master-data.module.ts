import { Module } from '@nestjs/common';
import { MasterDataLoader } from './master-data.loader';
import { MasterDataRepository } from './master-data.repository';
import { MasterDataService } from './master-data.service';

@Module({
  providers: [MasterDataRepository, MasterDataService, MasterDataLoader],
  exports: [MasterDataService, MasterDataLoader],
})
export class MasterDataModule {}
