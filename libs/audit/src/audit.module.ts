import { Module } from '@nestjs/common';
import { AuditHeads } from './audit-heads';
import { AuditSealer } from './audit-sealer';
import { PersonalDataRepository } from './personal-data.repository';
import { PersonalDataService } from './personal-data.service';
import { ReadAudit } from './read-audit';

/** The audit trail (sealing, signed heads, audited reads) and the erasure of personal data. */
@Module({ providers: [AuditHeads, AuditSealer, ReadAudit, PersonalDataRepository, PersonalDataService], exports: [AuditHeads, ReadAudit, PersonalDataService] })
export class AuditModule {}
