import { Module } from '@nestjs/common';
import { AuditSealer } from './audit-sealer';
import { PersonalDataService } from './personal-data.service';
import { ReadAudit } from './read-audit';

/** The audit trail (actor binding, sealing, audited reads) and the erasure of personal data. */
@Module({ providers: [AuditSealer, ReadAudit, PersonalDataService], exports: [ReadAudit, PersonalDataService] })
export class AuditModule {}
