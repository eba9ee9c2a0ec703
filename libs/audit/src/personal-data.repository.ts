import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inWriteTransaction, returningRows, Writer } from '@app/core';

/** What replaces an erased personal value. The audit trigger keeps values starting with it readable. */
export const ERASED = '[erased]';

/**
 * The erasure reaches into other areas' tables by design (APPI retention is one duty across the areas), so these
 * statements are the known exception to "each area queries only its own tables"; the owning area of each table is named.
 * Every statement takes the programme id as $1 and returns the ids it erased. Idempotent: erased rows are skipped.
 */
const ERASE = {
  // application_contacts, region_applications, calls: calls area.
  contacts: `UPDATE application_contacts c SET name = '${ERASED}', title = '${ERASED}', email = '${ERASED}', phone = '${ERASED}'
    FROM region_applications a JOIN calls k ON k.id = a.call_id
    WHERE c.application_id = a.id AND k.program_id = $1 AND c.email <> '${ERASED}' RETURNING c.id`,
  // briefing_registrations, briefing_sessions: briefing area. One address per session is unique, so each erased
  // address keeps its row id.
  briefingRegistrations: `UPDATE briefing_registrations r SET name = '${ERASED}', email = '${ERASED}' || r.id
    FROM briefing_sessions s WHERE r.session_id = s.id AND s.program_id = $1 AND left(r.email, 8) <> '${ERASED}' RETURNING r.id`,
  // region_proposals, vendor_applications: bidding area; calls: calls area. Team members' names and qualifications
  // (their roles stay, they describe the proposal).
  proposals: `UPDATE region_proposals p SET team = (SELECT jsonb_agg(m || '{"name": "${ERASED}", "qualifications": "${ERASED}"}'::jsonb) FROM jsonb_array_elements(p.team) m)
    FROM vendor_applications va JOIN calls k ON k.id = va.call_id
    WHERE p.application_id = va.id AND k.program_id = $1
      AND EXISTS (SELECT 1 FROM jsonb_array_elements(p.team) m WHERE m ->> 'name' IS DISTINCT FROM '${ERASED}') RETURNING p.id`,
  // engagements: engagement area; calls: calls area.
  engagements: `UPDATE engagements e SET experts_deployed = (SELECT jsonb_agg(x || '{"name": "${ERASED}"}'::jsonb) FROM jsonb_array_elements(e.experts_deployed) x)
    FROM calls k WHERE e.call_id = k.id AND k.program_id = $1
      AND EXISTS (SELECT 1 FROM jsonb_array_elements(e.experts_deployed) x WHERE x ->> 'name' IS DISTINCT FROM '${ERASED}') RETURNING e.id`,
  // notices: notifications area; briefing_registrations and briefing_sessions (briefing). The letters to the programme's
  // briefing registrants (audience email:<address>, keyed by the registration), addressed and worded to the person.
  notices: `UPDATE notices n SET addressee = '${ERASED}', subject = '${ERASED}', body = '${ERASED}', audience = '${ERASED}' || n.id
    WHERE n.audience LIKE 'email:%'
      AND split_part(n.notice_key, ':', 2) IN (SELECT r.id::text FROM briefing_registrations r JOIN briefing_sessions s ON s.id = r.session_id WHERE s.program_id = $1)
    RETURNING n.id`,
  // outbox: notifications area; read to find the programme's notices: matching_runs (matching), calls (calls),
  // briefing_registrations and briefing_sessions (briefing), engagement_reports and engagements (engagement),
  // region_applications (calls: the stage-1 results and hearings, keyed `stage1:<application>:…`, `hearing:<application>:…`).
  // Notices already sent or given up for this programme (results, briefing confirmations, report reminders); their
  // keys carry addresses, so they are replaced too. Pending ones are left to send.
  messages: `UPDATE outbox o SET recipient_email = '${ERASED}', body = '${ERASED}', dedupe_key = '${ERASED}' || o.id,
      last_error = CASE WHEN o.last_error IS NULL THEN NULL ELSE '${ERASED}' END
    WHERE o.status <> 'PENDING' AND left(o.dedupe_key, 8) <> '${ERASED}' AND (
      split_part(o.dedupe_key, ':', 2) IN (SELECT r.id::text FROM matching_runs r JOIN calls k ON k.id = r.call_id WHERE k.program_id = $1)
      OR split_part(o.dedupe_key, ':', 2) IN (SELECT r.id::text FROM briefing_registrations r JOIN briefing_sessions s ON s.id = r.session_id WHERE s.program_id = $1)
      OR split_part(o.dedupe_key, ':', 2) IN (SELECT a.id::text FROM region_applications a JOIN calls k ON k.id = a.call_id WHERE k.program_id = $1)
      OR split_part(o.dedupe_key, ':', 2) IN (SELECT er.id::text FROM engagement_reports er JOIN engagements e ON e.id = er.engagement_id
                                              JOIN calls k ON k.id = e.call_id WHERE k.program_id = $1)) RETURNING o.id`,
} as const;

export type ErasedKind = keyof typeof ERASE;

/** The erasure statements in the order they run. */
export const ERASED_KINDS = Object.keys(ERASE) as ErasedKind[];

/** Every query of the personal-data erasure (audit area); the tables are other areas', see ERASE. */
@Injectable()
export class PersonalDataRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A write's unit of work, recorded in the audit trail as `writer`'s. */
  transaction<T>(writer: Writer, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return inWriteTransaction(this.db, writer, work);
  }

  /**
   * The programme's support end date (YYYY-MM-DD), its row locked so that two erasures (or an erasure and a settings
   * change) do not interleave; null when there is no such programme. `programs`: calls area.
   */
  async lockProgramSupportEnd(m: EntityManager, programId: string): Promise<string | null> {
    const [program] = await m.query("SELECT to_char(support_ends_on, 'YYYY-MM-DD') AS ends FROM programs WHERE id = $1 FOR UPDATE", [programId]);
    return program ? (program.ends as string) : null;
  }

  /** Runs one erasure statement; returns how many rows it erased. */
  async erase(m: EntityManager, kind: ErasedKind, programId: string): Promise<number> {
    return returningRows(await m.query(ERASE[kind], [programId])).length;
  }
}
