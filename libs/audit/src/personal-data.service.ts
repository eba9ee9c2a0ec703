import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, AppConfig, Clock, DomainError, inWriteTransaction, jstDate, notFound, onlySecretariat, returningRows } from '@app/core';

/** What replaces an erased personal value. The audit trigger keeps values starting with it readable. */
export const ERASED = '[erased]';

export interface ErasureResult {
  programId: string;
  retentionEndsOn: string;
  contacts: number;
  briefingRegistrations: number;
  proposals: number;
  engagements: number;
  messages: number;
}

/** The last day (JST) a programme's personal data is kept: its support end date plus the retention period. */
export function retentionEndsOn(supportEndsOn: string, retentionDays: number): string {
  const d = new Date(`${supportEndsOn}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + retentionDays);
  return d.toISOString().slice(0, 10);
}

// Every statement takes the programme id as $1 and returns the ids it erased. Idempotent: erased rows are skipped.
const ERASE = {
  contacts: `UPDATE application_contacts c SET name = '${ERASED}', title = '${ERASED}', email = '${ERASED}', phone = '${ERASED}'
    FROM region_applications a JOIN calls k ON k.id = a.call_id
    WHERE c.application_id = a.id AND k.program_id = $1 AND c.email <> '${ERASED}' RETURNING c.id`,
  // One address per session is unique, so each erased address keeps its row id.
  briefingRegistrations: `UPDATE briefing_registrations r SET name = '${ERASED}', email = '${ERASED}' || r.id
    FROM briefing_sessions s WHERE r.session_id = s.id AND s.program_id = $1 AND left(r.email, 8) <> '${ERASED}' RETURNING r.id`,
  // Team members' names and qualifications (their roles stay, they describe the proposal).
  proposals: `UPDATE region_proposals p SET team = (SELECT jsonb_agg(m || '{"name": "${ERASED}", "qualifications": "${ERASED}"}'::jsonb) FROM jsonb_array_elements(p.team) m)
    FROM vendor_applications va JOIN calls k ON k.id = va.call_id
    WHERE p.application_id = va.id AND k.program_id = $1
      AND EXISTS (SELECT 1 FROM jsonb_array_elements(p.team) m WHERE m ->> 'name' IS DISTINCT FROM '${ERASED}') RETURNING p.id`,
  engagements: `UPDATE engagements e SET experts_deployed = (SELECT jsonb_agg(x || '{"name": "${ERASED}"}'::jsonb) FROM jsonb_array_elements(e.experts_deployed) x)
    FROM calls k WHERE e.call_id = k.id AND k.program_id = $1
      AND EXISTS (SELECT 1 FROM jsonb_array_elements(e.experts_deployed) x WHERE x ->> 'name' IS DISTINCT FROM '${ERASED}') RETURNING e.id`,
  // Notices already sent or given up for this programme (results, briefing confirmations, report
  // reminders); their keys carry addresses, so they are replaced too. Pending ones are left to send.
  messages: `UPDATE outbox o SET recipient_email = '${ERASED}', body = '${ERASED}', dedupe_key = '${ERASED}' || o.id,
      last_error = CASE WHEN o.last_error IS NULL THEN NULL ELSE '${ERASED}' END
    WHERE o.status <> 'PENDING' AND left(o.dedupe_key, 8) <> '${ERASED}' AND (
      split_part(o.dedupe_key, ':', 2) IN (SELECT r.id::text FROM matching_runs r JOIN calls k ON k.id = r.call_id WHERE k.program_id = $1)
      OR split_part(o.dedupe_key, ':', 2) IN (SELECT r.id::text FROM briefing_registrations r JOIN briefing_sessions s ON s.id = r.session_id WHERE s.program_id = $1)
      OR split_part(o.dedupe_key, ':', 2) IN (SELECT er.id::text FROM engagement_reports er JOIN engagements e ON e.id = er.engagement_id
                                              JOIN calls k ON k.id = e.call_id WHERE k.program_id = $1)) RETURNING o.id`,
} as const;

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
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async erase(actor: Actor, programId: string): Promise<ErasureResult> {
    onlySecretariat(actor);
    return inWriteTransaction(this.db, actor, async (m) => {
      // Locks the programme so that two erasures (or an erasure and a settings change) do not interleave.
      const [program] = await m.query("SELECT to_char(support_ends_on, 'YYYY-MM-DD') AS ends FROM programs WHERE id = $1 FOR UPDATE", [programId]);
      if (!program) throw notFound();
      const endsOn = retentionEndsOn(program.ends, this.config.PERSONAL_DATA_RETENTION_DAYS);
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
      const counts: Record<keyof typeof ERASE, number> = { contacts: 0, briefingRegistrations: 0, proposals: 0, engagements: 0, messages: 0 };
      for (const key of Object.keys(ERASE) as Array<keyof typeof ERASE>) {
        counts[key] = returningRows(await m.query(ERASE[key], [programId])).length;
      }
      return { programId, retentionEndsOn: endsOn, ...counts };
    });
  }
}
