import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Past selections (issue 16): regions selected before this platform, imported by the secretariat with their partner
 * municipalities, so that the repeat-applicant rule (応募要件 2) applies in the first live year. Audited like every table.
 */
export class PastSelections1765010000000 implements MigrationInterface {
  name = 'PastSelections1765010000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE "past_selections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "fiscal_year" int NOT NULL, "prefecture_code" character(2) NOT NULL,
        "partner_codes" text[] NOT NULL, "import_id" uuid NOT NULL, "source_file_name" text NOT NULL, "source_sha256" character(64) NOT NULL,
        "imported_by" uuid NOT NULL, "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_past_selections" PRIMARY KEY ("id"),
        CONSTRAINT "uq_past_selections_prefecture_year" UNIQUE ("prefecture_code", "fiscal_year"),
        CONSTRAINT "ck_past_selections_partners" CHECK (cardinality(partner_codes) >= 1),
        CONSTRAINT "fk_past_selections_prefecture" FOREIGN KEY ("prefecture_code") REFERENCES "prefectures"("code"),
        CONSTRAINT "fk_past_selections_imported_by" FOREIGN KEY ("imported_by") REFERENCES "users"("id"))`,
      `SELECT audit_attach('past_selections')`,
    ])
      await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "past_selections"');
  }
}
