import { INestApplicationContext, Logger } from '@nestjs/common';
import { Actor, AppConfig, Clock, ControlledClock, corporateNumberCheckDigit, Role, SYSTEM_ACTOR } from '@app/core';
import {
  CallKind,
  CallStatus,
  CandidateRegionService,
  IssueCategory,
  ProgramService,
  REQUIREMENT_NUMBERS,
  RegionApplicationService,
  RegionReviewService,
} from '@app/calls';
import { DocumentPurpose, DocumentService } from '@app/documents';
import { IdentityService, toActor } from '@app/identity';
import { InquiryService, VendorApplicationService, VendorCallService, VendorKind, VendorService } from '@app/bidding';
import { AssignmentService, ConflictKind, PanelService, ScoringService } from '@app/evaluation';
import { seedLiveRound } from './demo-live-round';

export const DEMO_PASSWORD = 'demo-password-2025';

export const DEMO_ACCOUNTS = [
  { email: 'secretariat@demo.example.jp', displayName: '事務局（デモ）', role: Role.SECRETARIAT },
  { email: 'ministry@demo.example.jp', displayName: '総務省（デモ）', role: Role.MINISTRY },
  { email: 'hyogo@demo.example.jp', displayName: '兵庫県 デジタル改革課（デモ）', role: Role.PREFECTURE, prefectureCode: '28' },
  { email: 'nagano@demo.example.jp', displayName: '長野県 DX推進課（デモ）', role: Role.PREFECTURE, prefectureCode: '20' },
  { email: 'hokkaido@demo.example.jp', displayName: '北海道 デジタル推進課（デモ）', role: Role.PREFECTURE, prefectureCode: '01' },
  { email: 'kochi@demo.example.jp', displayName: '高知県 デジタル政策課（デモ）', role: Role.PREFECTURE, prefectureCode: '39' },
  { email: 'toyooka@demo.example.jp', displayName: '豊岡市（デモ、兵庫県の連携市）', role: Role.MUNICIPALITY, municipalityCode: '282090' },
  { email: 'ashiya@demo.example.jp', displayName: '芦屋市（デモ、連携していない市）', role: Role.MUNICIPALITY, municipalityCode: '282065' },
  { email: 'fukuoka@demo.example.jp', displayName: '福岡県 デジタル推進課（デモ）', role: Role.PREFECTURE, prefectureCode: '40' },
] as const;

const at = (iso: string) => new Date(iso);
const pdf = (label: string) => Buffer.from(`%PDF-1.4\n% demo memorandum: ${label}\n%%EOF\n`, 'utf8');

/**
 * The demo: the 令和6年度 programme (where 兵庫県 was selected with two partners, so it is a
 * repeat applicant now) and the 令和7年度 programme with its region call, 2025-02-10 00:00 to
 * 2025-02-28 17:00 JST, and applications in several states. Everything goes through the
 * services, so the demo obeys the same rules as users; the clock is moved to the right days.
 */
export async function seedDemo(app: INestApplicationContext): Promise<void> {
  // loadConfig refuses DEMO_DATA in production already; this guards any other caller.
  if (app.get(AppConfig).isProduction) throw new Error('the demo is never loaded when NODE_ENV=production');
  const clock = app.get(Clock);
  if (!(clock instanceof ControlledClock)) throw new Error('the demo needs the settable clock (DEMO_DATA outside production)');
  // The clock's offset from real time (0, or CLOCK_START_AT's): restored after seeding, so that the clock does not lag by
  // the seconds seeding took (it used to be set back to the instant seeding began).
  const offsetMs = clock.now().getTime() - Date.now();
  try {
    await seedHistory(app, clock, () => new Date(Date.now() + offsetMs));
  } finally {
    clock.travelTo(new Date(Date.now() + offsetMs));
  }
}

async function seedHistory(app: INestApplicationContext, clock: ControlledClock, realNow: () => Date): Promise<void> {
  const log = new Logger('Demo');
  const programs = app.get(ProgramService);
  if ((await programs.listPrograms()).length) return;
  const identity = app.get(IdentityService);
  const apps = app.get(RegionApplicationService);
  const review = app.get(RegionReviewService);
  const docs = app.get(DocumentService);

  const actors: Record<string, Actor> = {};
  for (const a of DEMO_ACCOUNTS) {
    actors[a.email.split('@')[0]] = toActor(await identity.createAccount({ ...a, password: DEMO_PASSWORD }, SYSTEM_ACTOR));
  }
  const sec = actors.secretariat;

  async function fullApplication(prefecture: Actor, callId: string, partners: string[], opts: { submit?: boolean } = {}) {
    let a = await apps.start(prefecture, callId);
    for (const code of partners) {
      a = await apps.addPartner(prefecture, a.id, code);
    }
    const { partners: rows } = await loadPartners(app, a.id);
    for (const [i, p] of rows.entries()) {
      const doc = await docs.upload(prefecture, DocumentPurpose.MEMORANDUM, {
        originalName: `覚書_${p.municipalityCode}.pdf`,
        buffer: pdf(p.municipalityCode),
      });
      await apps.attachMemorandum(prefecture, p.id, doc.id);
      await apps.addIssue(prefecture, p.id, DEMO_ISSUES[i % DEMO_ISSUES.length]);
      await apps.setDesiredSupport(prefecture, p.id, [
        { menuItemCode: 'DX_STRUCTURE_PREF_MUNI', note: '庁内の役割分担と実行管理の検討' },
        { menuItemCode: i % 2 ? 'DX_PROMOTION_TALENT' : 'DX_PROMOTION_ISSUES' },
      ]);
    }
    await apps.declareRequirements(
      prefecture,
      a.id,
      REQUIREMENT_NUMBERS.map((n) => ({ number: n, declared: true, evidence: `要件${n}：庁内決裁済み（デモ）` })),
    );
    await apps.addContact(prefecture, a.id, {
      name: 'デモ 担当者',
      department: 'デジタル推進課',
      title: '主査',
      email: `contact-${prefecture.prefectureCode}@demo.example.jp`,
      phone: '03-0000-0000',
      consentToPersonalDataTerms: true,
    });
    if (opts.submit !== false) await apps.submit(prefecture, a.id, clock.now(), `demo-${a.id}`);
    return a;
  }

  // 令和6年度: 兵庫県 selected with two partners.
  clock.set(at('2024-02-01T09:00:00+09:00'));
  const r6 = await programs.createProgram(sec, {
    fiscalYear: 2024,
    name: '令和6年度 地域社会DX推進パッケージ事業 推進体制構築支援',
    regionBudgetCapYen: 80_000_000,
  });
  const r6call = await programs.createCall(sec, {
    programId: r6.id,
    kind: CallKind.REGION,
    title: '支援地域の公募（令和6年度）',
    opensAt: at('2024-02-05T00:00:00+09:00'),
    closesAt: at('2024-02-26T17:00:00+09:00'),
  });
  await programs.transition(sec, r6call.id, CallStatus.OPEN, clock.now());
  clock.set(at('2024-02-10T10:00:00+09:00'));
  const hyogoR6 = await fullApplication(actors.hyogo, r6call.id, ['282090', '282120']);
  clock.set(at('2024-03-01T10:00:00+09:00'));
  await programs.transition(sec, r6call.id, CallStatus.CLOSED, clock.now());
  for (const n of REQUIREMENT_NUMBERS) await review.recordCheck(sec, hyogoR6.id, n, true, '確認済み');
  await review.adopt(sec, hyogoR6.id);
  await review.decide(sec, r6call.id);
  await review.publishCandidates(sec, r6call.id);

  // 令和7年度: the call of the spec.
  clock.set(at('2025-02-01T09:00:00+09:00'));
  const r7 = await programs.createProgram(sec, {
    fiscalYear: 2025,
    name: '令和7年度 地域社会DX推進パッケージ事業 推進体制構築支援',
    supportEndsOn: '2026-03-13',
    regionBudgetCapYen: 80_000_000,
  });
  const r7call = await programs.createCall(sec, {
    programId: r7.id,
    kind: CallKind.REGION,
    title: '地域DX推進体制構築支援 支援地域の公募',
    opensAt: at('2025-02-10T00:00:00+09:00'),
    closesAt: at('2025-02-28T17:00:00+09:00'),
  });
  await programs.transition(sec, r7call.id, CallStatus.OPEN, clock.now());
  clock.set(at('2025-02-20T10:00:00+09:00'));
  // 兵庫県: a repeat applicant, now with three partners (one more than in 令和6年度).
  await fullApplication(actors.hyogo, r7call.id, ['282090', '282120', '282201']);
  await fullApplication(actors.nagano, r7call.id, ['202011', '202029']);
  await fullApplication(actors.hokkaido, r7call.id, ['012025'], { submit: false });
  const kochi = await fullApplication(actors.kochi, r7call.id, ['392014']);
  await apps.withdraw(actors.kochi, kochi.id);
  const fukuoka = await fullApplication(actors.fukuoka, r7call.id, ['401005']);

  // Review: 兵庫県 and 長野県 adopted, 福岡県 rejected (requirement 5 not confirmed); results decided and published.
  clock.set(at('2025-03-03T10:00:00+09:00'));
  await programs.transition(sec, r7call.id, CallStatus.CLOSED, clock.now());
  const submitted = await review.list(sec, { callId: r7call.id, statuses: [], limit: 100, offset: 0 });
  for (const a of submitted.items.filter((x) => x.status === 'SUBMITTED')) {
    for (const n of REQUIREMENT_NUMBERS)
      await review.recordCheck(sec, a.id, n, !(a.id === fukuoka.id && n === 5), a.id === fukuoka.id && n === 5 ? '受入体制が未確認' : '確認済み');
    if (a.id === fukuoka.id) await review.reject(sec, a.id, '応募要件5（伴走支援を受け入れる体制）が確認できないため');
    else await review.adopt(sec, a.id);
  }
  await review.decide(sec, r7call.id);
  await review.publishCandidates(sec, r7call.id);

  const { vendors, experts } = await seedVendorCall(app, { sec, programId: r7.id, regionCallId: r7call.id, clock });
  clock.set(realNow());
  await seedLiveRound(app, clock, { sec, actors, vendors, experts, fullApplication });
  log.log(
    `demo loaded: programmes 令和6年度 and 令和7年度 (region call ${r7call.id}) and the live round, ${DEMO_ACCOUNTS.length + DEMO_VENDORS.length + DEMO_EXPERTS.length} accounts`,
  );
}

export const DEMO_VENDORS = [
  { key: 'thinktank', name: '地域未来総研株式会社（デモ）', base12: '180301018771', kind: VendorKind.THINK_TANK, pref: '13' },
  { key: 'itvendor', name: 'みらいシステムズ株式会社（デモ）', base12: '010001008813', kind: VendorKind.IT_VENDOR, pref: '27' },
  { key: 'bank', name: 'ひょうご地域銀行（デモ）', base12: '140001005897', kind: VendorKind.REGIONAL_BANK, pref: '28' },
] as const;

export const DEMO_EXPERTS = [
  { email: 'expert1@demo.example.jp', name: '有識者 A（デモ）', fields: ['DX', 'local-gov'] },
  { email: 'expert2@demo.example.jp', name: '有識者 B（デモ）', fields: ['DX', 'finance'] },
  { email: 'expert3@demo.example.jp', name: '有識者 C（デモ）', fields: ['local-gov'] },
] as const;

/**
 * The vendor call of the demo (2025-03-10 to 2025-03-28 15:00 JST): three vendors bid, a question
 * is answered and published, a panel of three with one declared conflict is assigned, and part of
 * the proposals are scored.
 */
async function seedVendorCall(
  app: INestApplicationContext,
  ctx: { sec: Actor; programId: string; regionCallId: string; clock: ControlledClock },
): Promise<{ vendors: Record<string, Actor>; experts: Array<{ actor: Actor; evaluatorId: string }> }> {
  const { sec, clock } = ctx;
  const identity = app.get(IdentityService);
  const vendorsSvc = app.get(VendorService);
  const calls = app.get(VendorCallService);
  const bids = app.get(VendorApplicationService);
  const inquiries = app.get(InquiryService);
  const panel = app.get(PanelService);
  const assignment = app.get(AssignmentService);
  const scoring = app.get(ScoringService);
  const regions = app.get(CandidateRegionService);

  clock.set(at('2025-03-07T10:00:00+09:00'));
  const call = await calls.create(sec, {
    programId: ctx.programId,
    regionCallId: ctx.regionCallId,
    title: '地域DX推進体制構築支援 伴走支援事業者の公募',
    opensAt: at('2025-03-10T00:00:00+09:00'),
    closesAt: at('2025-03-28T15:00:00+09:00'),
    questionsCloseAt: at('2025-03-21T17:00:00+09:00'),
  });
  const criteria = await panel.setCriteria(sec, call.id, [
    { titleJa: '地域課題の理解', titleEn: "Understanding of the region's issues", weight: 25, maxPoints: 5, minPoints: 2 },
    { titleJa: '実現可能性・手法', titleEn: 'Feasibility and method', weight: 25, maxPoints: 5, minPoints: 2 },
    { titleJa: '実施体制', titleEn: 'Team', weight: 20, maxPoints: 5 },
    { titleJa: '持続可能性・地域人材育成', titleEn: 'Sustainability and local talent development', weight: 20, maxPoints: 5 },
    { titleJa: '費用対効果', titleEn: 'Cost-effectiveness', weight: 10, maxPoints: 5 },
  ]);
  await panel.updateSettings(sec, call.id, { passThreshold: 60, evaluatorsPerProposal: 2 });
  await app.get(ProgramService).transition(sec, call.id, CallStatus.OPEN, clock.now());
  const regionIds = Object.fromEntries(
    (await regions.list({ callId: ctx.regionCallId }, { limit: 100, offset: 0 })).items.map((r) => [r.prefectureCode, r.id]),
  );

  const vendorActors: Record<string, Actor> = {};
  for (const v of DEMO_VENDORS) {
    const vendor = await vendorsSvc.create(sec, {
      name: v.name,
      corporateNumber: `${corporateNumberCheckDigit(v.base12)}${v.base12}`,
      kind: v.kind,
      headOfficePrefectureCode: v.pref,
    });
    vendorActors[v.key] = toActor(
      await identity.createAccount(
        { email: `${v.key}@demo.example.jp`, displayName: v.name, password: DEMO_PASSWORD, role: Role.VENDOR, vendorId: vendor.id },
        SYSTEM_ACTOR,
      ),
    );
  }
  // A vendor that registered itself and awaits approval.
  await vendorsSvc.register({
    name: '伴走コンサルティング合同会社（デモ・承認待ち）',
    corporateNumber: `${corporateNumberCheckDigit('300001000001')}300001000001`,
    kind: VendorKind.CONSULTANCY,
    headOfficePrefectureCode: '40',
    email: 'pending-vendor@demo.example.jp',
    displayName: '承認待ち事業者',
    password: DEMO_PASSWORD,
  });

  clock.set(at('2025-03-14T10:00:00+09:00'));
  const plan = { thinktank: ['28', '20'], itvendor: ['28'], bank: ['28'] } as const;
  for (const [key, prefs] of Object.entries(plan)) {
    const a = await bids.start(vendorActors[key], call.id, prefs.length);
    for (const pc of prefs) {
      await bids.saveProposal(vendorActors[key], a.id, regionIds[pc], {
        approach: `${pc === '28' ? '兵庫県' : '長野県'}と連携市町の役割分担を整理し、地域DX推進体制の構築と人材育成を支援する。`,
        menuItemCodes: ['DX_STRUCTURE', 'DX_STRUCTURE_PREF_MUNI', key === 'itvendor' ? 'DX_PROMOTION_SOLUTION_PLAN' : 'DX_PROMOTION_TALENT'],
        team: [{ name: 'デモ 統括者', role: '統括', qualifications: 'ITストラテジスト' }],
        schedule: '2025年4月〜2026年3月',
        budgetYen: key === 'bank' ? 18_000_000 : 30_000_000,
      });
    }
    await bids.submit(vendorActors[key], a.id, clock.now(), `demo-${key}`);
  }
  const q = await inquiries.ask(vendorActors.itvendor, call.id, regionIds['28'], '専門家が常駐できる執務スペースはありますか？');
  const hyogo = (await identity.listAccounts()).find((u) => u.email === 'hyogo@demo.example.jp')!;
  await inquiries.answer(toActor(hyogo), q.id, '本庁舎3階に執務スペースと端末を用意します。', true);

  const experts: Actor[] = [];
  const evaluatorIds: string[] = [];
  for (const e of DEMO_EXPERTS) {
    const ev = await panel.createEvaluator(sec, {
      email: e.email,
      displayName: e.name,
      password: DEMO_PASSWORD,
      name: e.name,
      affiliation: '大学（デモ）',
      fields: [...e.fields],
    });
    await panel.setPanelMember(sec, call.id, ev.id, 0, 10);
    evaluatorIds.push(ev.id);
    experts.push(toActor((await identity.listAccounts()).find((u) => u.email === e.email)!));
  }
  // 有識者 A advised the regional bank last year: a declared conflict, by 法人番号.
  await panel.declareConflict(experts[0], {
    corporateNumber: `${corporateNumberCheckDigit(DEMO_VENDORS[2].base12)}${DEMO_VENDORS[2].base12}`,
    kind: ConflictKind.ADVISORY,
    note: '前年度に顧問',
  });

  clock.set(at('2025-03-31T10:00:00+09:00'));
  await app.get(ProgramService).transition(sec, call.id, CallStatus.CLOSED, clock.now());
  await assignment.runAutomatic(sec, call.id);
  await assignment.confirm(sec, call.id);
  // Partly scored: 有識者 B has submitted its sheets, 有識者 C has a draft.
  for (const [i, expert] of [experts[1], experts[2]].entries()) {
    for (const p of await scoring.assignedProposals(expert)) {
      await scoring.saveScores(
        expert,
        p.id,
        criteria.map((c, k) => ({ criterionId: c.id, points: Math.max(1, 5 - ((k + Math.round(p.budgetYen / 1e7)) % 3)), comment: 'デモ評価' })),
      );
      if (i === 0) await scoring.submitSheet(expert, p.id);
    }
  }
  return { vendors: vendorActors, experts: experts.map((actor, i) => ({ actor, evaluatorId: evaluatorIds[i] })) };
}

async function loadPartners(app: INestApplicationContext, applicationId: string) {
  return { partners: await app.get(CandidateRegionService).partnersByApplicationIds([applicationId]) };
}

const DEMO_ISSUES = [
  { category: IssueCategory.MOBILITY, title: '中山間地域の移動手段の確保', description: '路線バスの減便により高齢者の通院・買い物の移動が困難になっている。' },
  { category: IssueCategory.TOURISM, title: '観光データの活用', description: '観光客の動態データが各課に分散しており、施策立案に使えていない。' },
  { category: IssueCategory.DIGITAL_TALENT, title: 'DX人材の確保・育成', description: '情報担当職員が2名のみで、全庁のDXを推進する体制がない。' },
  { category: IssueCategory.DISASTER_PREVENTION, title: '防災情報の伝達', description: '避難情報を高齢者に確実に届ける手段を検討したい。' },
];

export function demoAccountLines(): string[] {
  return [
    ...DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(12)} ${a.email.padEnd(32)} ${a.displayName}`),
    ...DEMO_VENDORS.map((v) => `  ${'VENDOR'.padEnd(12)} ${`${v.key}@demo.example.jp`.padEnd(32)} ${v.name}`),
    ...DEMO_EXPERTS.map((e) => `  ${'EVALUATOR'.padEnd(12)} ${e.email.padEnd(32)} ${e.name}`),
  ];
}
