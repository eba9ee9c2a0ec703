import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reference data as this migration inserted it: a frozen copy, not an import of today's
 * SUPPORT_MENU / ELIGIBILITY_REQUIREMENTS, so editing the live lists never changes what replaying this
 * migration produces (a change to them needs a new migration).
 */
const SUPPORT_MENU_AT_THIS_MIGRATION: readonly { code: string; parentCode: string | null; titleJa: string; titleEn: string; required: boolean }[] = [
  { code: 'DX_STRUCTURE', parentCode: null, titleJa: '地域DX推進体制の構築支援', titleEn: 'Building the regional DX structure', required: true },
  {
    code: 'DX_STRUCTURE_PREF_MUNI',
    parentCode: 'DX_STRUCTURE',
    titleJa: '都道府県・市区町村の連携推進',
    titleEn: 'Prefecture–municipality cooperation',
    required: false,
  },
  {
    code: 'DX_STRUCTURE_STAKEHOLDERS',
    parentCode: 'DX_STRUCTURE',
    titleJa: '地域のステークホルダー（金融機関、企業・団体、教育機関等）との連携体制の検討補助',
    titleEn: 'Cooperation with local stakeholders (banks, companies, associations, schools)',
    required: false,
  },
  { code: 'DX_PROMOTION', parentCode: null, titleJa: '地域DXの推進支援', titleEn: 'Promoting regional DX', required: false },
  {
    code: 'DX_PROMOTION_ISSUES',
    parentCode: 'DX_PROMOTION',
    titleJa: '地域DXに係る課題整理や取組方針策定の補助',
    titleEn: 'Issue analysis and policy',
    required: false,
  },
  {
    code: 'DX_PROMOTION_TALENT',
    parentCode: 'DX_PROMOTION',
    titleJa: 'DX推進人材の育成・連携方策の検討補助',
    titleEn: 'Developing DX talent',
    required: false,
  },
  {
    code: 'DX_PROMOTION_SOLUTION_PLAN',
    parentCode: 'DX_PROMOTION',
    titleJa: 'ソリューション実装計画の策定支援',
    titleEn: 'Solution implementation plan',
    required: false,
  },
  {
    code: 'DX_PROMOTION_IMPLEMENTATION',
    parentCode: 'DX_PROMOTION',
    titleJa: 'ソリューション実装の推進（マネジメント含む）の補助',
    titleEn: 'Implementation management',
    required: false,
  },
];
const ELIGIBILITY_REQUIREMENTS_AT_THIS_MIGRATION: readonly { number: number; titleJa: string; titleEn: string }[] = [
  {
    number: 1,
    titleJa: '連携市区町村の同意と覚書（地域課題・支援内容の検討で連携していること）',
    titleEn: 'Partner municipalities consent and a memorandum backs each partnership',
  },
  {
    number: 2,
    titleJa: '過去に選定された地域は前回より1以上多くの市町村と連携すること',
    titleEn: 'A region selected before partners with at least one more municipality than last time',
  },
  {
    number: 3,
    titleJa: '連携市区町村以外の管内市区町村の傍聴・オブザーバー参加を促進できること',
    titleEn: 'Non-partner municipalities of the prefecture can observe the meetings',
  },
  {
    number: 4,
    titleJa: '地域DX推進体制を構築・拡充し地域DXを推進する強い意思を有すること',
    titleEn: 'A strong will to build or extend the regional DX structure',
  },
  {
    number: 5,
    titleJa: '伴走支援を受け入れる体制を確立できること（機器・備品の貸与、関係部局の参画）',
    titleEn: 'Capacity to host the experts (desk, equipment, departments taking part)',
  },
  { number: 6, titleJa: '総務省及び事務局からの連絡に迅速に対応する体制を確立できること', titleEn: 'Fast responses to the ministry and the secretariat' },
  {
    number: 7,
    titleJa: '伴走支援事業者（候補を含む）からの問い合わせに対応できる体制を確立できること',
    titleEn: 'Answering vendor questions during the vendor call and the support',
  },
  { number: 8, titleJa: '総務省の実施する他の施策（広報事業等）に可能な限り協力すること', titleEn: "Cooperating with the ministry's other measures (PR)" },
  {
    number: 9,
    titleJa: '採択されても伴走支援を受けられない場合があることを承諾していること',
    titleEn: 'Accepting that adoption may still end with no support',
  },
];

/** Master data, identity, documents, programmes and calls, region applications and candidate regions. */
export class RegionCall1764338400000 implements MigrationInterface {
  name = 'RegionCall1764338400000';

  public async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      'CREATE TABLE "programs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "fiscal_year" integer NOT NULL, "name" text NOT NULL, "support_ends_on" date NOT NULL, "region_budget_cap_yen" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d43c664bcaafc0e8a06dfd34e05" PRIMARY KEY ("id"))',
      'CREATE TABLE "calls" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "program_id" uuid NOT NULL, "kind" text NOT NULL, "title" text NOT NULL, "opens_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closes_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL DEFAULT \'DRAFT\', "repeat_bonus_max_points" double precision NOT NULL DEFAULT \'10\', "version" integer NOT NULL DEFAULT \'1\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d9171d91f8dd1a649659f1b6a20" PRIMARY KEY ("id"))',
      'CREATE INDEX "idx_calls_program" ON "calls"  ("program_id") ',
      'CREATE TABLE "support_menu_items" ("code" text NOT NULL, "parent_code" text, "title_ja" text NOT NULL, "title_en" text NOT NULL, "required" boolean NOT NULL, "sort_order" integer NOT NULL, CONSTRAINT "PK_48b0ae6211398a099ece5be17e5" PRIMARY KEY ("code"))',
      'CREATE TABLE "eligibility_requirements" ("number" smallint NOT NULL, "title_ja" text NOT NULL, "title_en" text NOT NULL, CONSTRAINT "PK_2f326848e9512d339601d7a8c7c" PRIMARY KEY ("number"))',
      'CREATE TABLE "region_applications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "call_id" uuid NOT NULL, "prefecture_code" character(2) NOT NULL, "status" text NOT NULL DEFAULT \'DRAFT\', "version" integer NOT NULL DEFAULT \'1\', "previous_partner_count" integer, "previous_fiscal_year" integer, "submitted_at" TIMESTAMP WITH TIME ZONE, "hearing_at" TIMESTAMP WITH TIME ZONE, "hearing_note" text, "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by" uuid, "decision_reason" text, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_region_applications_call_prefecture" UNIQUE ("call_id", "prefecture_code"), CONSTRAINT "PK_139cc1639e5f8d338a9566a4959" PRIMARY KEY ("id"))',
      'CREATE INDEX "idx_region_applications_status" ON "region_applications"  ("call_id", "status") ',
      'CREATE TABLE "partner_municipalities" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "municipality_code" character(6) NOT NULL, "memorandum_document_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_partner_municipalities" UNIQUE ("application_id", "municipality_code"), CONSTRAINT "PK_60003832ae2c492cb936eddba83" PRIMARY KEY ("id"))',
      'CREATE TABLE "regional_issues" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "partner_id" uuid NOT NULL, "category" text NOT NULL, "title" text NOT NULL, "description" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3f5414cc1e7d4afbb346e098e55" PRIMARY KEY ("id"))',
      'CREATE INDEX "idx_regional_issues_partner" ON "regional_issues"  ("partner_id") ',
      'CREATE TABLE "desired_supports" ("partner_id" uuid NOT NULL, "menu_item_code" text NOT NULL, "note" text NOT NULL DEFAULT \'\', CONSTRAINT "PK_d9f1b10bcd588ee48fc02713786" PRIMARY KEY ("partner_id", "menu_item_code"))',
      'CREATE TABLE "requirement_declarations" ("application_id" uuid NOT NULL, "requirement_number" smallint NOT NULL, "declared" boolean NOT NULL, "evidence" text NOT NULL DEFAULT \'\', CONSTRAINT "PK_8ddf5dba72649def7641ebdaec4" PRIMARY KEY ("application_id", "requirement_number"))',
      'CREATE TABLE "requirement_checks" ("application_id" uuid NOT NULL, "requirement_number" smallint NOT NULL, "met" boolean NOT NULL, "note" text NOT NULL DEFAULT \'\', "checked_by" uuid NOT NULL, "checked_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_c46f4da93b108998e148a4824d6" PRIMARY KEY ("application_id", "requirement_number"))',
      'CREATE TABLE "application_contacts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "name" text NOT NULL, "department" text NOT NULL, "title" text NOT NULL DEFAULT \'\', "email" text NOT NULL, "phone" text NOT NULL DEFAULT \'\', "consented_at" TIMESTAMP WITH TIME ZONE NOT NULL, "consent_terms_version" text NOT NULL, CONSTRAINT "PK_35a06d181f3a58774d20a5045d3" PRIMARY KEY ("id"))',
      'CREATE INDEX "idx_application_contacts_app" ON "application_contacts"  ("application_id") ',
      'CREATE TABLE "submission_receipts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "subject_type" text NOT NULL, "subject_id" uuid NOT NULL, "number" text NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "db_received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "content_digest" character(64) NOT NULL, "content" jsonb NOT NULL, "idempotency_key" text, "submitted_by" uuid NOT NULL, CONSTRAINT "UQ_71cdcd5c37124c8060bcbedc339" UNIQUE ("number"), CONSTRAINT "uq_submission_receipts_idempotency" UNIQUE ("subject_type", "subject_id", "idempotency_key"), CONSTRAINT "PK_81911e810b479c050fe5f050003" PRIMARY KEY ("id"))',
      'CREATE INDEX "idx_submission_receipts_subject" ON "submission_receipts"  ("subject_type", "subject_id") ',
      'CREATE TABLE "candidate_regions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "call_id" uuid NOT NULL, "application_id" uuid NOT NULL, "prefecture_code" character(2) NOT NULL, "is_repeat" boolean NOT NULL, "participation_ratio" double precision NOT NULL, "bonus_points" double precision NOT NULL, "budget_cap_yen" integer, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_f94a6ca41cf6b1eb7a33b9ca813" UNIQUE ("application_id"), CONSTRAINT "PK_2ec8d012286cecca92a2ce1c9ac" PRIMARY KEY ("id"))',
      'CREATE INDEX "idx_candidate_regions_call" ON "candidate_regions"  ("call_id") ',
      'CREATE TABLE "documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "purpose" text NOT NULL, "owner_prefecture_code" character(2), "owner_vendor_id" uuid, "file_name" text NOT NULL, "mime_type" text NOT NULL, "size_bytes" integer NOT NULL, "sha256" character(64) NOT NULL, "storage_key" text NOT NULL, "uploaded_by" uuid NOT NULL, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ac51aa5181ee2036f5ca482857c" PRIMARY KEY ("id"))',
      'CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL, "role" text NOT NULL, "prefecture_code" character(2), "municipality_code" character(6), "vendor_id" uuid, "evaluator_id" uuid, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))',
      'CREATE TABLE "municipalities" ("lg_code" character(6) NOT NULL, "prefecture_code" character(2) NOT NULL, "name" text NOT NULL, "kana" text NOT NULL, "kind" text NOT NULL, "is_basic" boolean NOT NULL, CONSTRAINT "PK_fefbf61126e7c239a57a4aa4e44" PRIMARY KEY ("lg_code"))',
      'CREATE INDEX "idx_municipalities_prefecture_kana" ON "municipalities"  ("prefecture_code", "kana") ',
      'CREATE TABLE "prefectures" ("code" character(2) NOT NULL, "lg_code" character(6) NOT NULL, "name" text NOT NULL, "kana" text NOT NULL, "municipality_count" integer NOT NULL, CONSTRAINT "UQ_80770c42b688c5dc59b78e90bf8" UNIQUE ("lg_code"), CONSTRAINT "PK_8fbba624d23d2ee1a880d776394" PRIMARY KEY ("code"))',
      'ALTER TABLE "municipalities" ADD CONSTRAINT "fk_municipalities_prefecture" FOREIGN KEY ("prefecture_code") REFERENCES "prefectures"("code")',
      "ALTER TABLE \"municipalities\" ADD CONSTRAINT \"ck_municipalities_kind\" CHECK (kind IN ('city','town','village','special_ward','ward'))",
      "ALTER TABLE \"users\" ADD CONSTRAINT \"ck_users_role\" CHECK (role IN ('SECRETARIAT','MINISTRY','PREFECTURE','MUNICIPALITY','VENDOR','EVALUATOR'))",
      "ALTER TABLE \"users\" ADD CONSTRAINT \"ck_users_binding\" CHECK ((role <> 'PREFECTURE' OR prefecture_code IS NOT NULL) AND (role <> 'MUNICIPALITY' OR municipality_code IS NOT NULL) AND (role <> 'VENDOR' OR vendor_id IS NOT NULL))",
      'ALTER TABLE "users" ADD CONSTRAINT "fk_users_prefecture" FOREIGN KEY ("prefecture_code") REFERENCES "prefectures"("code")',
      'ALTER TABLE "users" ADD CONSTRAINT "fk_users_municipality" FOREIGN KEY ("municipality_code") REFERENCES "municipalities"("lg_code")',
      'ALTER TABLE "documents" ADD CONSTRAINT "fk_documents_uploaded_by" FOREIGN KEY ("uploaded_by") REFERENCES "users"("id")',
      'ALTER TABLE "documents" ADD CONSTRAINT "ck_documents_one_owner" CHECK ((owner_prefecture_code IS NULL) <> (owner_vendor_id IS NULL))',
      'ALTER TABLE "calls" ADD CONSTRAINT "fk_calls_program" FOREIGN KEY ("program_id") REFERENCES "programs"("id")',
      'ALTER TABLE "calls" ADD CONSTRAINT "ck_calls_kind" CHECK (kind IN (\'REGION\',\'VENDOR\'))',
      "ALTER TABLE \"calls\" ADD CONSTRAINT \"ck_calls_status\" CHECK (status IN ('DRAFT','OPEN','CLOSED','DECIDED','PUBLISHED'))",
      'ALTER TABLE "calls" ADD CONSTRAINT "ck_calls_window" CHECK (opens_at < closes_at)',
      'ALTER TABLE "region_applications" ADD CONSTRAINT "fk_region_applications_call" FOREIGN KEY ("call_id") REFERENCES "calls"("id")',
      'ALTER TABLE "region_applications" ADD CONSTRAINT "fk_region_applications_prefecture" FOREIGN KEY ("prefecture_code") REFERENCES "prefectures"("code")',
      'ALTER TABLE "region_applications" ADD CONSTRAINT "fk_region_applications_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id")',
      "ALTER TABLE \"region_applications\" ADD CONSTRAINT \"ck_region_applications_status\" CHECK (status IN ('DRAFT','SUBMITTED','WITHDRAWN','ADOPTED','REJECTED'))",
      'ALTER TABLE "region_applications" ADD CONSTRAINT "ck_region_applications_decision" CHECK (status NOT IN (\'ADOPTED\',\'REJECTED\') OR (decided_at IS NOT NULL AND decided_by IS NOT NULL))',
      'ALTER TABLE "region_applications" ADD CONSTRAINT "ck_region_applications_rejection_reason" CHECK (status <> \'REJECTED\' OR length(decision_reason) > 0)',
      'ALTER TABLE "partner_municipalities" ADD CONSTRAINT "fk_partner_municipalities_application" FOREIGN KEY ("application_id") REFERENCES "region_applications"("id") ON DELETE CASCADE',
      'ALTER TABLE "partner_municipalities" ADD CONSTRAINT "fk_partner_municipalities_municipality" FOREIGN KEY ("municipality_code") REFERENCES "municipalities"("lg_code")',
      'ALTER TABLE "partner_municipalities" ADD CONSTRAINT "fk_partner_municipalities_memorandum" FOREIGN KEY ("memorandum_document_id") REFERENCES "documents"("id")',
      'CREATE INDEX "idx_partner_municipalities_municipality" ON "partner_municipalities" ("municipality_code")',
      'ALTER TABLE "regional_issues" ADD CONSTRAINT "fk_regional_issues_partner" FOREIGN KEY ("partner_id") REFERENCES "partner_municipalities"("id") ON DELETE CASCADE',
      'ALTER TABLE "desired_supports" ADD CONSTRAINT "fk_desired_supports_partner" FOREIGN KEY ("partner_id") REFERENCES "partner_municipalities"("id") ON DELETE CASCADE',
      'ALTER TABLE "desired_supports" ADD CONSTRAINT "fk_desired_supports_item" FOREIGN KEY ("menu_item_code") REFERENCES "support_menu_items"("code")',
      'ALTER TABLE "requirement_declarations" ADD CONSTRAINT "fk_requirement_declarations_application" FOREIGN KEY ("application_id") REFERENCES "region_applications"("id") ON DELETE CASCADE',
      'ALTER TABLE "requirement_declarations" ADD CONSTRAINT "fk_requirement_declarations_requirement" FOREIGN KEY ("requirement_number") REFERENCES "eligibility_requirements"("number")',
      'ALTER TABLE "requirement_checks" ADD CONSTRAINT "fk_requirement_checks_application" FOREIGN KEY ("application_id") REFERENCES "region_applications"("id") ON DELETE CASCADE',
      'ALTER TABLE "requirement_checks" ADD CONSTRAINT "fk_requirement_checks_requirement" FOREIGN KEY ("requirement_number") REFERENCES "eligibility_requirements"("number")',
      'ALTER TABLE "requirement_checks" ADD CONSTRAINT "fk_requirement_checks_checked_by" FOREIGN KEY ("checked_by") REFERENCES "users"("id")',
      'ALTER TABLE "application_contacts" ADD CONSTRAINT "fk_application_contacts_application" FOREIGN KEY ("application_id") REFERENCES "region_applications"("id") ON DELETE CASCADE',
      'ALTER TABLE "submission_receipts" ADD CONSTRAINT "fk_submission_receipts_submitted_by" FOREIGN KEY ("submitted_by") REFERENCES "users"("id")',
      'ALTER TABLE "candidate_regions" ADD CONSTRAINT "fk_candidate_regions_call" FOREIGN KEY ("call_id") REFERENCES "calls"("id")',
      'ALTER TABLE "candidate_regions" ADD CONSTRAINT "fk_candidate_regions_application" FOREIGN KEY ("application_id") REFERENCES "region_applications"("id")',
      'ALTER TABLE "candidate_regions" ADD CONSTRAINT "fk_candidate_regions_prefecture" FOREIGN KEY ("prefecture_code") REFERENCES "prefectures"("code")',
      'CREATE SEQUENCE "receipt_number_seq"',
    ])
      await q.query(sql);
    // Reference data of the call (support menu 1(2), requirements 2(2)); later changes need a new migration.
    for (const [i, s] of SUPPORT_MENU_AT_THIS_MIGRATION.entries()) {
      await q.query('INSERT INTO support_menu_items (code, parent_code, title_ja, title_en, required, sort_order) VALUES ($1, $2, $3, $4, $5, $6)', [
        s.code,
        s.parentCode,
        s.titleJa,
        s.titleEn,
        s.required,
        i + 1,
      ]);
    }
    for (const r of ELIGIBILITY_REQUIREMENTS_AT_THIS_MIGRATION) {
      await q.query('INSERT INTO eligibility_requirements (number, title_ja, title_en) VALUES ($1, $2, $3)', [r.number, r.titleJa, r.titleEn]);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP SEQUENCE IF EXISTS "receipt_number_seq"');
    for (const t of [
      'candidate_regions',
      'submission_receipts',
      'application_contacts',
      'requirement_checks',
      'requirement_declarations',
      'desired_supports',
      'regional_issues',
      'partner_municipalities',
      'region_applications',
      'eligibility_requirements',
      'support_menu_items',
      'calls',
      'programs',
      'documents',
      'users',
      'municipalities',
      'prefectures',
    ])
      await q.query(`DROP TABLE IF EXISTS "${t}" CASCADE`);
  }
}
