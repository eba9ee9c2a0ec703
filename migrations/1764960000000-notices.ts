import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notices in business-letter form (issue 15): each notice issued is stored as sent, with its document number (drawn from
 * a sequence), its addressee and who may read it in the API; its mails point at it from the outbox. The secretariat's
 * wording of a notice kind replaces the default in notice_templates.
 */
export class Notices1764960000000 implements MigrationInterface {
  name = 'Notices1764960000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      'CREATE SEQUENCE "notice_document_number_seq"',
      `CREATE TABLE "notices" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "notice_key" text NOT NULL,
        "kind" text NOT NULL,
        "audience" text NOT NULL,
        "object_type" text,
        "object_id" uuid,
        "document_number" text NOT NULL,
        "fiscal_year" integer NOT NULL,
        "addressee" text NOT NULL,
        "subject" text NOT NULL,
        "body" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_notices" PRIMARY KEY ("id"),
        CONSTRAINT "uq_notices_key" UNIQUE ("notice_key"),
        CONSTRAINT "uq_notices_document_number" UNIQUE ("document_number"),
        CONSTRAINT "ck_notices_object" CHECK ((object_type IS NULL) = (object_id IS NULL))
      )`,
      'CREATE INDEX "idx_notices_audience" ON "notices" ("audience", "created_at")',
      'CREATE INDEX "idx_notices_object" ON "notices" ("object_type", "object_id")',
      `CREATE TABLE "notice_templates" (
        "kind" text NOT NULL,
        "subject" text NOT NULL,
        "body" text NOT NULL,
        "updated_by" uuid NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_notice_templates" PRIMARY KEY ("kind"),
        CONSTRAINT "fk_notice_templates_updated_by" FOREIGN KEY ("updated_by") REFERENCES "users"("id")
      )`,
      'ALTER TABLE "outbox" ADD COLUMN "notice_id" uuid',
      'ALTER TABLE "outbox" ADD CONSTRAINT "fk_outbox_notice" FOREIGN KEY ("notice_id") REFERENCES "notices"("id")',
      'CREATE INDEX "idx_outbox_notice" ON "outbox" ("notice_id")',
      "SELECT audit_attach('notices', '{addressee,body}')", // a person's name and the letter stay out of the audit trail, as the outbox's do
      "SELECT audit_attach('notice_templates')",
    ])
      await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "outbox" DROP COLUMN IF EXISTS "notice_id"');
    await q.query('DROP TABLE IF EXISTS "notice_templates"');
    await q.query('DROP TABLE IF EXISTS "notices"');
    await q.query('DROP SEQUENCE IF EXISTS "notice_document_number_seq"');
  }
}
