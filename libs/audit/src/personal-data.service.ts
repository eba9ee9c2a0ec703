import { Injectable } from '@nestjs/common';
import { Actor, AppConfig, Clock, DomainError, jstDate, notFound, onlySecretariat } from '@app/core';
import { ERASED_KINDS, ErasedKind, PersonalDataRepository } from './personal-data.repository';

export { ERASED } from './personal-data.repository';

export interface ErasureResult {
  programId: string;
  retentionEndsOn: string;
  contacts: number;
  briefingRegistrations: number;
  proposals: number;
  engagements: number;
  messages: number;
  /** Notices (letters as sent) to the programme's briefing registrants. */
  notices: number;
}

/** The last day (JST) a programme's personal data is kept: its support end date plus the retention period. */
export function retentionEndsOn(supportEndsOn: string, retentionDays: number): string {
  const d = new Date(`${supportEndsOn}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + retentionDays);
  return d.toISOString().slice(0, 10);
}

/**
 * APPI: a programme's personal data (application contacts, briefing registrants, proposal team
 * members, deployed experts, the notices sent to them) is erased once its retention period has
 * ended, judged on the server clock by the Japan date. Values are replaced in place (rows, counts
 * and references stay), and since the audit trail only ever recorded masked values, the log holds
 * nothing to erase and its hash chain stays verifiable.
 */
@Injectable()
export class PersonalDataService {
  constructor(
    private readonly repo: PersonalDataRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async erase(actor: Actor, programId: string): Promise<ErasureResult> {
    onlySecretariat(actor);
    return this.repo.transaction(actor, async (m) => {
      // Locks the programme so that two erasures (or an erasure and a settings change) do not interleave.
      const supportEndsOn = await this.repo.lockProgramSupportEnd(m, programId);
      if (supportEndsOn === null) throw notFound();
      const endsOn = retentionEndsOn(supportEndsOn, this.config.PERSONAL_DATA_RETENTION_DAYS);
      const today = jstDate(this.clock.now());
      if (today <= endsOn) {
        throw new DomainError(
          'RETENTION_NOT_ENDED',
          { retentionEndsOn: endsOn, today },
          {
            ja: `個人情報の保存期間（${endsOn}まで）が終了していないため、消去できません。`,
            en: `The retention period runs until ${endsOn} (JST); personal data cannot be erased before it ends.`,
          },
        );
      }
      const counts: Record<ErasedKind, number> = { contacts: 0, briefingRegistrations: 0, proposals: 0, engagements: 0, notices: 0, messages: 0 };
      for (const key of ERASED_KINDS) {
        counts[key] = await this.repo.erase(m, key, programId);
      }
      return { programId, retentionEndsOn: endsOn, ...counts };
    });
  }
}
