import { INestApplicationContext, Logger } from '@nestjs/common';
import { Actor, Clock, ControlledClock, Role } from '@app/core';
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
  { email: 'evaluator@demo.example.jp', displayName: '評価委員（デモ）', role: Role.EVALUATOR },
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
  const log = new Logger('Demo');
  const programs = app.get(ProgramService);
  if ((await programs.listPrograms()).length) return;
  const identity = app.get(IdentityService);
  const apps = app.get(RegionApplicationService);
  const review = app.get(RegionReviewService);
  const docs = app.get(DocumentService);
  const clock = app.get(Clock) as ControlledClock;
  const realNow = clock.now();

  const actors: Record<string, Actor> = {};
  for (const a of DEMO_ACCOUNTS) {
    actors[a.email.split('@')[0]] = toActor(await identity.createAccount({ ...a, password: DEMO_PASSWORD }));
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

  clock.travelTo(realNow);
  log.log(`demo loaded: programmes 令和6年度 and 令和7年度, region call ${r7call.id}, ${DEMO_ACCOUNTS.length} accounts`);
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
  return DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(12)} ${a.email.padEnd(30)} ${a.displayName}`);
}
