/**
 * Deterministic data for the benchmark (and the statement-count test), written straight into a migrated database
 * (master data loaded) with `INSERT … SELECT FROM unnest(…)` in batches: no API round trips, identical rows for a seed.
 *
 * The scenario: one programme (令和7年度) whose region calls are published, and its vendor call closed after the
 * deadline with every proposal assigned to k = 3 evaluators and scored (90 % of the sheets submitted, the rest drafts):
 * the state in which vendors browse regions, evaluators score, and the secretariat runs the matching.
 *
 * A candidate region comes from one adopted application, and a prefecture applies once per call, so more than 47
 * regions take several region calls ("rounds"): S has 60 regions (the 47 of the main call and 13 of a second one),
 * M has every basic municipality as the single partner of its own region (1,741 regions over as many rounds as the
 * largest prefecture has municipalities).
 */
import { randomUUID } from 'node:crypto';
import { mulberry32 } from '@app/core/util/seeded-random';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of raw SQL, read by column name
export type Sql = (text: string, params?: unknown[]) => Promise<Array<Record<string, any>>>;

export interface Size {
  name: string;
  /** Regions in total; partners per region cycle through this list. */
  regions: number;
  partnersPerRegion: number[];
  vendors: number;
  proposals: number;
  evaluators: number;
  /** Published questions and answers per region. */
  inquiriesPerRegion: number;
}

export const SIZES: Record<'XS' | 'S' | 'M', Size> = {
  // For the statement-count test: enough regions for a page of 100, cheap on PGlite.
  XS: { name: 'XS', regions: 110, partnersPerRegion: [2, 1], vendors: 40, proposals: 340, evaluators: 10, inquiriesPerRegion: 1 },
  S: { name: 'S', regions: 60, partnersPerRegion: [3, 2], vendors: 200, proposals: 600, evaluators: 20, inquiriesPerRegion: 2 },
  M: { name: 'M', regions: 1741, partnersPerRegion: [1], vendors: 2000, proposals: 20000, evaluators: 100, inquiriesPerRegion: 2 },
};

export const BENCH_PASSWORD = 'bench-password-2025';
export const K = 3;

export const RUBRIC = [
  { titleJa: '地域課題の理解', titleEn: "Understanding of the region's issues", weight: 25, maxPoints: 5 },
  { titleJa: '実現可能性・手法', titleEn: 'Feasibility and method', weight: 25, maxPoints: 5 },
  { titleJa: '実施体制', titleEn: 'Team', weight: 20, maxPoints: 5 },
  { titleJa: '持続可能性・地域人材育成', titleEn: 'Sustainability and local talent development', weight: 20, maxPoints: 5 },
  { titleJa: '費用対効果', titleEn: 'Cost-effectiveness', weight: 10, maxPoints: 5 },
];

const CATEGORIES = ['HEALTHCARE', 'LOGISTICS', 'EDUCATION', 'DISASTER_PREVENTION', 'TOURISM', 'AGRICULTURE', 'INDUSTRY', 'MOBILITY', 'ADMINISTRATION'];
const OPTIONAL_MENU = ['DX_STRUCTURE_PREF_MUNI', 'DX_PROMOTION_ISSUES', 'DX_PROMOTION_TALENT', 'DX_PROMOTION_SOLUTION_PLAN'];
const VENDOR_KINDS = ['THINK_TANK', 'CONSULTANCY', 'IT_VENDOR', 'TELECOM', 'LOCAL_FIRM', 'REGIONAL_BANK'];

/** Seeded (mulberry32): the same sequence on every machine. */
export function prng(seed: number) {
  const next = mulberry32(seed);
  const uuid = () => {
    const h = Array.from({ length: 16 }, () => Math.floor(next() * 256));
    h[6] = (h[6] & 0x0f) | 0x40;
    h[8] = (h[8] & 0x3f) | 0x80;
    const x = h.map((b) => b.toString(16).padStart(2, '0')).join('');
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
  };
  return { next, uuid, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}

function corporateNumber(i: number): string {
  const base12 = String(300000000000 + i * 7919);
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(base12[12 - n]) * (n % 2 === 1 ? 1 : 2);
  return `${9 - (sum % 9)}${base12}`;
}

type Col = [name: string, type: 'uuid' | 'text' | 'int' | 'float8' | 'bool' | 'date' | 'timestamptz' | 'jsonb'];

/** Bulk insert: one statement per 5,000 rows, columns passed as typed arrays. */
async function insert(sql: Sql, table: string, cols: Col[], rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    const params = cols.map((_, c) => chunk.map((r) => (cols[c][1] === 'jsonb' ? JSON.stringify(r[c]) : r[c])));
    const unnest = cols.map(([, t], c) => `$${c + 1}::${t === 'jsonb' ? 'text' : t}[]`).join(', ');
    const select = cols.map(([n, t]) => (t === 'jsonb' ? `u.${n}::jsonb` : `u.${n}`)).join(', ');
    await sql(
      `INSERT INTO ${table} (${cols.map(([n]) => n).join(', ')}) SELECT ${select} FROM unnest(${unnest}) AS u(${cols.map(([n]) => n).join(', ')})`,
      params,
    );
  }
}

export interface Municipality {
  lgCode: string;
  prefectureCode: string;
  name: string;
}
export interface Issue {
  id: string;
  category: string;
  title: string;
  description: string;
}
export interface Partner {
  id: string;
  municipalityCode: string;
  municipalityName: string;
  issues: Issue[];
  desired: Array<{ menuItemCode: string; note: string }>;
}
export interface Region {
  id: string;
  applicationId: string;
  prefectureCode: string;
  prefectureName: string;
  partners: Partner[];
  inquiries: Array<{ id: string; question: string; answer: string; publishedAt: string }>;
}
export interface Manifest {
  size: string;
  seed: number;
  programId: string;
  regionCallIds: string[];
  vendorCallId: string;
  /** Sorted as the API lists them (prefecture code, then id). */
  regions: Region[];
  criteria: Array<{ id: string; titleJa: string; maxPoints: number }>;
  secretariatEmail: string;
  vendors: Array<{ id: string; email: string }>;
  evaluators: Array<{ id: string; email: string; proposals: Array<{ proposalId: string; sheetId: string; status: 'DRAFT' | 'SUBMITTED'; points: number[] }> }>;
  proposals: number;
  sheets: number;
}

/** Fills the database; `passwordHash` is the argon2 hash of BENCH_PASSWORD (computed once by the caller). */
export async function generate(sql: Sql, size: Size, seed: number, passwordHash: string): Promise<Manifest> {
  const r = prng(seed);
  const munis: Municipality[] = (await sql(`SELECT lg_code, prefecture_code, name FROM municipalities WHERE is_basic ORDER BY prefecture_code, lg_code`)).map(
    (m) => ({ lgCode: m.lg_code, prefectureCode: m.prefecture_code, name: m.name }),
  );
  const prefRows = await sql(`SELECT code, name, municipality_count FROM prefectures ORDER BY code`);
  const prefName = new Map<string, string>(prefRows.map((p) => [p.code, p.name]));
  const prefCount = new Map<string, number>(prefRows.map((p) => [p.code, p.municipality_count]));
  const byPref = new Map<string, Municipality[]>();
  for (const m of munis) byPref.set(m.prefectureCode, [...(byPref.get(m.prefectureCode) ?? []), m]);
  const prefCodes = [...byPref.keys()].sort();

  // Regions: round by round, one application per prefecture while its municipalities last.
  const plan: Array<{ round: number; prefectureCode: string; municipalities: Municipality[] }> = [];
  const cursor = new Map(prefCodes.map((p) => [p, 0]));
  for (let round = 0; plan.length < size.regions; round++) {
    let added = 0;
    for (const p of prefCodes) {
      if (plan.length >= size.regions) break;
      const n = size.partnersPerRegion[plan.length % size.partnersPerRegion.length];
      const list = byPref.get(p)!;
      const at = cursor.get(p)!;
      if (at + n > list.length) continue;
      plan.push({ round, prefectureCode: p, municipalities: list.slice(at, at + n) });
      cursor.set(p, at + n);
      added++;
    }
    if (!added) break;
  }
  const rounds = Math.max(...plan.map((p) => p.round)) + 1;

  const now = new Date('2025-04-01T00:00:00Z');
  const users: unknown[][] = [];
  const userCols: Col[] = [
    ['id', 'uuid'],
    ['email', 'text'],
    ['display_name', 'text'],
    ['password_hash', 'text'],
    ['role', 'text'],
    ['prefecture_code', 'text'],
    ['vendor_id', 'uuid'],
    ['evaluator_id', 'uuid'],
  ];
  const secretariatId = r.uuid();
  const secretariatEmail = `secretariat@${size.name.toLowerCase()}.bench.example.jp`;
  users.push([secretariatId, secretariatEmail, '事務局', passwordHash, 'SECRETARIAT', null, null, null]);
  const prefUser = new Map<string, string>();
  for (const p of prefCodes) {
    const id = r.uuid();
    prefUser.set(p, id);
    users.push([id, `pref${p}@${size.name.toLowerCase()}.bench.example.jp`, `${prefName.get(p)}担当`, passwordHash, 'PREFECTURE', p, null, null]);
  }

  const programId = r.uuid();
  await insert(
    sql,
    'programs',
    [
      ['id', 'uuid'],
      ['fiscal_year', 'int'],
      ['name', 'text'],
      ['support_ends_on', 'date'],
      ['region_budget_cap_yen', 'int'],
    ],
    [[programId, 2025, '令和7年度 推進体制構築支援（ベンチマーク）', '2026-03-31', 80_000_000]],
  );

  // Vendors and evaluators (users reference them; the evaluator link is checked at commit).
  const vendors = Array.from({ length: size.vendors }, (_, i) => ({
    id: r.uuid(),
    userId: r.uuid(),
    i,
    email: `vendor${i}@${size.name.toLowerCase()}.bench.example.jp`,
  }));
  await insert(
    sql,
    'vendors',
    [
      ['id', 'uuid'],
      ['name', 'text'],
      ['corporate_number', 'text'],
      ['kind', 'text'],
      ['head_office_prefecture_code', 'text'],
      ['status', 'text'],
      ['approved_at', 'timestamptz'],
      ['approved_by', 'uuid'],
    ],
    vendors.map((v) => [
      v.id,
      `ベンチ事業者${v.i} 株式会社`,
      corporateNumber(v.i),
      VENDOR_KINDS[v.i % VENDOR_KINDS.length],
      prefCodes[v.i % prefCodes.length],
      'APPROVED',
      now,
      secretariatId,
    ]),
  );
  for (const v of vendors) users.push([v.userId, v.email, `事業者${v.i}`, passwordHash, 'VENDOR', null, v.id, null]);
  const evaluators = Array.from({ length: size.evaluators }, (_, i) => ({
    id: r.uuid(),
    userId: r.uuid(),
    i,
    email: `expert${i}@${size.name.toLowerCase()}.bench.example.jp`,
  }));
  for (const e of evaluators) users.push([e.userId, e.email, `審査員${e.i}`, passwordHash, 'EVALUATOR', null, null, e.id]);
  await insert(sql, 'users', userCols, users);
  await insert(
    sql,
    'evaluators',
    [
      ['id', 'uuid'],
      ['user_id', 'uuid'],
      ['name', 'text'],
      ['affiliation', 'text'],
      ['fields', 'jsonb'],
    ],
    evaluators.map((e) => [e.id, e.userId, `審査員${e.i}`, `大学${e.i % 7}`, [CATEGORIES[e.i % CATEGORIES.length]]]),
  );

  // Region calls (published) and the closed vendor call.
  const regionCallIds = Array.from({ length: rounds }, () => r.uuid());
  const vendorCallId = r.uuid();
  const callCols: Col[] = [
    ['id', 'uuid'],
    ['program_id', 'uuid'],
    ['kind', 'text'],
    ['title', 'text'],
    ['opens_at', 'timestamptz'],
    ['closes_at', 'timestamptz'],
    ['status', 'text'],
    ['region_call_id', 'uuid'],
    ['questions_close_at', 'timestamptz'],
  ];
  await insert(sql, 'calls', callCols, [
    ...regionCallIds.map((id, i) => [
      id,
      programId,
      'REGION',
      i === 0 ? '支援地域の公募' : `支援地域の公募（第${i + 1}回）`,
      new Date(Date.UTC(2025, 1, 9, 15) + i * 3600_000),
      new Date(Date.UTC(2025, 1, 28, 8) + i * 3600_000),
      'PUBLISHED',
      null,
      null,
    ]),
    [
      vendorCallId,
      programId,
      'VENDOR',
      '伴走支援事業者の公募',
      new Date('2025-03-09T15:00:00Z'),
      new Date('2025-03-28T06:00:00Z'),
      'CLOSED',
      regionCallIds[0],
      new Date('2025-03-21T06:00:00Z'),
    ],
  ]);
  await insert(
    sql,
    'evaluation_settings',
    [
      ['call_id', 'uuid'],
      ['pass_threshold', 'float8'],
      ['evaluators_per_proposal', 'int'],
    ],
    [[vendorCallId, 60, K]],
  );
  const criteria = RUBRIC.map((c, i) => ({ id: r.uuid(), ...c, sortOrder: i + 1 }));
  await insert(
    sql,
    'evaluation_criteria',
    [
      ['id', 'uuid'],
      ['call_id', 'uuid'],
      ['title_ja', 'text'],
      ['title_en', 'text'],
      ['weight', 'float8'],
      ['max_points', 'int'],
      ['sort_order', 'int'],
    ],
    criteria.map((c) => [c.id, vendorCallId, c.titleJa, c.titleEn, c.weight, c.maxPoints, c.sortOrder]),
  );

  // Applications, partners, issues, desired support, candidate regions.
  const applications: unknown[][] = [];
  const partners: unknown[][] = [];
  const issues: unknown[][] = [];
  const desired: unknown[][] = [];
  const candidates: unknown[][] = [];
  const regions: Region[] = [];
  const submittedAt = new Date('2025-02-20T01:00:00Z');
  const decidedAt = new Date('2025-03-03T01:00:00Z');
  const publishedAt = new Date('2025-03-05T01:00:00Z');
  for (const [i, p] of plan.entries()) {
    const applicationId = r.uuid();
    const regionId = r.uuid();
    applications.push([
      applicationId,
      regionCallIds[p.round],
      p.prefectureCode,
      'ADOPTED',
      3,
      submittedAt,
      decidedAt,
      secretariatId,
      prefUser.get(p.prefectureCode),
    ]);
    const region: Region = {
      id: regionId,
      applicationId,
      prefectureCode: p.prefectureCode,
      prefectureName: prefName.get(p.prefectureCode)!,
      partners: [],
      inquiries: [],
    };
    for (const m of p.municipalities) {
      const partnerId = r.uuid();
      partners.push([partnerId, applicationId, m.lgCode]);
      const partner: Partner = { id: partnerId, municipalityCode: m.lgCode, municipalityName: m.name, issues: [], desired: [] };
      for (let k = 0; k < 2; k++) {
        const issue = {
          id: r.uuid(),
          category: CATEGORIES[(i + k) % CATEGORIES.length],
          title: `${m.name}の課題${k + 1}`,
          description: `${m.name}では担い手不足により行政手続のデジタル化が遅れている（課題${k + 1}）。`,
        };
        issues.push([issue.id, partnerId, issue.category, issue.title, issue.description, new Date(publishedAt.getTime() - 86400_000 + k * 1000)]);
        partner.issues.push(issue);
      }
      partner.desired.push({ menuItemCode: 'DX_STRUCTURE', note: '' });
      partner.desired.push({ menuItemCode: OPTIONAL_MENU[i % OPTIONAL_MENU.length], note: `${m.name}の希望` });
      for (const d of partner.desired) desired.push([partnerId, d.menuItemCode, d.note]);
      region.partners.push(partner);
    }
    const ratio = p.municipalities.length / (prefCount.get(p.prefectureCode) || 1);
    candidates.push([regionId, regionCallIds[p.round], applicationId, p.prefectureCode, false, ratio, 0, 80_000_000, publishedAt]);
    regions.push(region);
  }
  await insert(
    sql,
    'region_applications',
    [
      ['id', 'uuid'],
      ['call_id', 'uuid'],
      ['prefecture_code', 'text'],
      ['status', 'text'],
      ['version', 'int'],
      ['submitted_at', 'timestamptz'],
      ['decided_at', 'timestamptz'],
      ['decided_by', 'uuid'],
      ['created_by', 'uuid'],
    ],
    applications,
  );
  await insert(
    sql,
    'partner_municipalities',
    [
      ['id', 'uuid'],
      ['application_id', 'uuid'],
      ['municipality_code', 'text'],
    ],
    partners,
  );
  await insert(
    sql,
    'regional_issues',
    [
      ['id', 'uuid'],
      ['partner_id', 'uuid'],
      ['category', 'text'],
      ['title', 'text'],
      ['description', 'text'],
      ['created_at', 'timestamptz'],
    ],
    issues,
  );
  await insert(
    sql,
    'desired_supports',
    [
      ['partner_id', 'uuid'],
      ['menu_item_code', 'text'],
      ['note', 'text'],
    ],
    desired,
  );
  await insert(
    sql,
    'candidate_regions',
    [
      ['id', 'uuid'],
      ['call_id', 'uuid'],
      ['application_id', 'uuid'],
      ['prefecture_code', 'text'],
      ['is_repeat', 'bool'],
      ['participation_ratio', 'float8'],
      ['bonus_points', 'float8'],
      ['budget_cap_yen', 'int'],
      ['published_at', 'timestamptz'],
    ],
    candidates,
  );
  await insert(
    sql,
    'vendor_call_regions',
    [
      ['call_id', 'uuid'],
      ['candidate_region_id', 'uuid'],
    ],
    regions.map((x) => [vendorCallId, x.id]),
  );

  // Published questions and answers.
  const inquiries: unknown[][] = [];
  for (const [i, region] of regions.entries()) {
    for (let k = 0; k < size.inquiriesPerRegion; k++) {
      const v = vendors[(i * 7 + k) % vendors.length];
      const q = {
        id: r.uuid(),
        question: `${region.prefectureName}の地域${i}について、体制の詳細を教えてください（${k + 1}）。`,
        answer: `県と市町村の連携会議を月1回開催しています（${k + 1}）。`,
        publishedAt: new Date(Date.UTC(2025, 2, 15, 1, 0, k)).toISOString(),
      };
      inquiries.push([
        q.id,
        vendorCallId,
        region.id,
        v.id,
        v.userId,
        q.question,
        new Date(Date.UTC(2025, 2, 12, 1, 0, k)),
        q.answer,
        prefUser.get(region.prefectureCode),
        new Date(q.publishedAt),
        new Date(q.publishedAt),
      ]);
      region.inquiries.push(q);
    }
  }
  await insert(
    sql,
    'inquiries',
    [
      ['id', 'uuid'],
      ['call_id', 'uuid'],
      ['candidate_region_id', 'uuid'],
      ['vendor_id', 'uuid'],
      ['asked_by', 'uuid'],
      ['question', 'text'],
      ['asked_at', 'timestamptz'],
      ['answer', 'text'],
      ['answered_by', 'uuid'],
      ['answered_at', 'timestamptz'],
      ['published_at', 'timestamptz'],
    ],
    inquiries,
  );

  // Vendor applications and proposals: each vendor bids for distinct regions; total as in the size.
  const applicationOf = vendors.map(() => r.uuid());
  await insert(
    sql,
    'vendor_applications',
    [
      ['id', 'uuid'],
      ['call_id', 'uuid'],
      ['vendor_id', 'uuid'],
      ['status', 'text'],
      ['capacity', 'int'],
      ['version', 'int'],
      ['submitted_at', 'timestamptz'],
      ['created_by', 'uuid'],
    ],
    vendors.map((v, i) => [applicationOf[i], vendorCallId, v.id, 'SUBMITTED', 1 + (i % 3), 3, new Date(Date.UTC(2025, 2, 20, 0, 0, 0) + i * 1000), v.userId]),
  );
  const proposals: Array<{ id: string; vendor: number; region: number; quality: number }> = [];
  const perVendor = Math.floor(size.proposals / size.vendors);
  let extra = size.proposals - perVendor * size.vendors;
  for (let v = 0; v < vendors.length; v++) {
    const n = Math.min(regions.length, perVendor + (extra-- > 0 ? 1 : 0));
    const chosen = new Set<number>();
    while (chosen.size < n) chosen.add(r.int(0, regions.length - 1));
    for (const reg of [...chosen].sort((a, b) => a - b)) proposals.push({ id: r.uuid(), vendor: v, region: reg, quality: 2.6 + r.next() * 2.4 });
  }
  await insert(
    sql,
    'region_proposals',
    [
      ['id', 'uuid'],
      ['application_id', 'uuid'],
      ['candidate_region_id', 'uuid'],
      ['approach', 'text'],
      ['menu_item_codes', 'jsonb'],
      ['team', 'jsonb'],
      ['schedule', 'text'],
      ['budget_yen', 'int'],
    ],
    proposals.map((p) => [
      p.id,
      applicationOf[p.vendor],
      regions[p.region].id,
      '県と市町村の役割分担を整理し、DX推進体制を構築する。',
      ['DX_STRUCTURE', OPTIONAL_MENU[p.vendor % OPTIONAL_MENU.length]],
      [{ name: `担当${p.vendor}`, role: '統括', qualifications: '中小企業診断士' }],
      '4月〜翌3月',
      10_000_000 + r.int(0, 50) * 1_000_000,
    ]),
  );

  // Panel, assignments (k per proposal, evaluators in rotation: even loads), sheets and scores.
  await insert(
    sql,
    'panel_members',
    [
      ['call_id', 'uuid'],
      ['evaluator_id', 'uuid'],
    ],
    evaluators.map((e) => [vendorCallId, e.id]),
  );
  const manifestEvaluators: Manifest['evaluators'] = evaluators.map((e) => ({ id: e.id, email: e.email, proposals: [] }));
  const assignments: unknown[][] = [];
  const sheets: unknown[][] = [];
  const scores: unknown[][] = [];
  let slot = 0;
  const assignedAt = new Date('2025-03-29T01:00:00Z');
  for (const p of proposals) {
    for (let k = 0; k < K; k++) {
      const e = slot++ % evaluators.length;
      const sheetId = r.uuid();
      const submitted = r.next() < 0.9;
      const points = criteria.map(() => Math.max(0, Math.min(5, Math.round(p.quality + (r.next() - 0.5) * 1.5))));
      assignments.push([r.uuid(), vendorCallId, p.id, evaluators[e].id, 'CONFIRMED', new Date(assignedAt.getTime() + slot)]);
      sheets.push([sheetId, p.id, evaluators[e].id, submitted ? 'SUBMITTED' : 'DRAFT', submitted ? new Date('2025-04-05T01:00:00Z') : null, 2]);
      criteria.forEach((c, ci) => scores.push([sheetId, c.id, points[ci], '']));
      manifestEvaluators[e].proposals.push({ proposalId: p.id, sheetId, status: submitted ? 'SUBMITTED' : 'DRAFT', points });
    }
  }
  await insert(
    sql,
    'assignments',
    [
      ['id', 'uuid'],
      ['call_id', 'uuid'],
      ['proposal_id', 'uuid'],
      ['evaluator_id', 'uuid'],
      ['status', 'text'],
      ['created_at', 'timestamptz'],
    ],
    assignments,
  );
  await insert(
    sql,
    'score_sheets',
    [
      ['id', 'uuid'],
      ['proposal_id', 'uuid'],
      ['evaluator_id', 'uuid'],
      ['status', 'text'],
      ['submitted_at', 'timestamptz'],
      ['version', 'int'],
    ],
    sheets,
  );
  await insert(
    sql,
    'scores',
    [
      ['sheet_id', 'uuid'],
      ['criterion_id', 'uuid'],
      ['points', 'int'],
      ['comment', 'text'],
    ],
    scores,
  );

  regions.sort((a, b) => a.prefectureCode.localeCompare(b.prefectureCode) || a.id.localeCompare(b.id));
  return {
    size: size.name,
    seed,
    programId,
    regionCallIds,
    vendorCallId,
    regions,
    criteria: criteria.map((c) => ({ id: c.id, titleJa: c.titleJa, maxPoints: c.maxPoints })),
    secretariatEmail,
    vendors: vendors.map((v) => ({ id: v.id, email: v.email })),
    evaluators: manifestEvaluators,
    proposals: proposals.length,
    sheets: sheets.length,
  };
}

/** A unique suffix for throwaway names (databases). */
export const runId = () => randomUUID().slice(0, 8);
