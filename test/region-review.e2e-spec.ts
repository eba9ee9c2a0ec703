import {
  checkAll,
  completeDraft,
  createProgramAndCall,
  createTestApp,
  errorCode,
  getApplication,
  gql,
  IN_WINDOW,
  ok,
  signIn,
  STANDARD_ACCOUNTS,
  submit,
  TestApp,
} from './support';
import { Role } from '@app/core';

const LIST = `query($f: [RegionApplicationStatus!], $p: String, $u: Int, $any: Boolean, $c: ID) {
  regionApplications(statuses: $f, prefectureCode: $p, unmetRequirement: $u, anyRequirementFailed: $any, callId: $c) { total items { prefectureCode status } }
}`;

describe('secretariat review: checks, hearing, adoption only when all nine hold, publication (3(1), 3(2))', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let callId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2025-02-01T09:00:00+09:00');
    tok = {
      ...(await signIn(t.app, STANDARD_ACCOUNTS)),
      ...(await signIn(t.app, [
        { key: 'kochi', role: Role.PREFECTURE, prefectureCode: '39' },
        { key: 'hokkaido', role: Role.PREFECTURE, prefectureCode: '01' },
      ])),
    };
    ({ callId } = await createProgramAndCall(t.app, tok.secretariat));
    t.clock.set(IN_WINDOW);
    ids.hyogo = (await completeDraft(t.app, tok.hyogo, callId, ['282090', '282120'])).id;
    ids.nagano = (await completeDraft(t.app, tok.nagano, callId, ['202011'])).id;
    ids.kochi = (await completeDraft(t.app, tok.kochi, callId, ['392014'])).id;
    ids.hokkaido = (await completeDraft(t.app, tok.hokkaido, callId, ['012025'])).id; // stays a draft
    for (const k of ['hyogo', 'nagano', 'kochi']) ok(await submit(t.app, tok[k], ids[k]));
  });
  afterAll(() => t.close());

  it('lists submitted applications (never drafts) for the secretariat and the ministry only', async () => {
    const all = ok(await gql(t.app, LIST, { c: callId }, tok.secretariat)).regionApplications;
    expect(all.total).toBe(3);
    expect(all.items.map((i: any) => i.prefectureCode).sort()).toEqual(['20', '28', '39']);
    expect(ok(await gql(t.app, LIST, { c: callId, p: '28' }, tok.ministry)).regionApplications.total).toBe(1);
    expect(ok(await gql(t.app, LIST, { c: callId, f: ['DRAFT'] }, tok.secretariat)).regionApplications.total).toBe(3);
    expect(errorCode(await gql(t.app, LIST, {}, tok.hyogo))).toBe('FORBIDDEN');
    expect(errorCode(await gql(t.app, LIST, {}))).toBe('UNAUTHENTICATED');
  });

  it('records checks per requirement and filters by a requirement not met', async () => {
    await checkAll(t.app, tok.secretariat, ids.hyogo);
    await checkAll(t.app, tok.secretariat, ids.kochi);
    await checkAll(t.app, tok.secretariat, ids.nagano);
    const failed = ok(
      await gql(
        t.app,
        'mutation { recordRequirementCheck(applicationId: "' +
          ids.kochi +
          '", number: 5, met: false, note: "受入体制が未確認") { requirements { number met checkNote } } }',
        {},
        tok.secretariat,
      ),
    ).recordRequirementCheck;
    expect(failed.requirements[4]).toEqual({ number: 5, met: false, checkNote: '受入体制が未確認' });
    expect(ok(await gql(t.app, LIST, { c: callId, u: 5 }, tok.secretariat)).regionApplications.items.map((i: any) => i.prefectureCode)).toEqual(['39']);
    expect(ok(await gql(t.app, LIST, { c: callId, any: true }, tok.secretariat)).regionApplications.total).toBe(1);
    expect(
      errorCode(await gql(t.app, `mutation { recordRequirementCheck(applicationId: "${ids.kochi}", number: 5, met: true) { id } }`, {}, tok.ministry)),
    ).toBe('FORBIDDEN');
  });

  it('schedules a hearing', async () => {
    const h = ok(
      await gql(
        t.app,
        `mutation { scheduleHearing(applicationId: "${ids.kochi}", at: "2025-03-03T14:00", note: "オンライン") { hearingAt hearingNote } }`,
        {},
        tok.secretariat,
      ),
    ).scheduleHearing;
    expect(h).toEqual({ hearingAt: '2025-03-03T05:00:00.000Z', hearingNote: 'オンライン' });
  });

  it('decides nothing before the deadline and the closing of the call', async () => {
    expect(errorCode(await gql(t.app, `mutation { adoptRegionApplication(applicationId: "${ids.hyogo}") { status } }`, {}, tok.secretariat))).toBe(
      'INVALID_STATE',
    );
    expect(errorCode(await gql(t.app, `mutation { closeCall(id: "${callId}") { status } }`, {}, tok.secretariat))).toBe('INVALID_STATE');
    t.clock.set('2025-02-28T17:00:00+09:00');
    expect(ok(await gql(t.app, `mutation { closeCall(id: "${callId}") { status } }`, {}, tok.secretariat)).closeCall.status).toBe('CLOSED');
  });

  it('adopts only when all nine requirements hold (REQUIREMENTS_NOT_MET names the others)', async () => {
    const refused = await gql(t.app, `mutation { adoptRegionApplication(applicationId: "${ids.kochi}") { status } }`, {}, tok.secretariat);
    expect(errorCode(refused)).toBe('REQUIREMENTS_NOT_MET');
    expect(refused.errors![0].extensions.details.unmet).toEqual([5]);
    expect(refused.errors![0].extensions.messageJa).toContain('応募要件 5');
    expect(
      ok(await gql(t.app, `mutation { adoptRegionApplication(applicationId: "${ids.hyogo}") { status } }`, {}, tok.secretariat)).adoptRegionApplication.status,
    ).toBe('ADOPTED');
    expect(
      ok(await gql(t.app, `mutation { adoptRegionApplication(applicationId: "${ids.nagano}") { status } }`, {}, tok.secretariat)).adoptRegionApplication.status,
    ).toBe('ADOPTED');
    expect(errorCode(await gql(t.app, `mutation { adoptRegionApplication(applicationId: "${ids.hokkaido}") { status } }`, {}, tok.secretariat))).toBe(
      'INVALID_STATE',
    );
  });

  it('rejects only with a reason', async () => {
    expect(errorCode(await gql(t.app, `mutation { rejectRegionApplication(applicationId: "${ids.kochi}", reason: "") { status } }`, {}, tok.secretariat))).toBe(
      'VALIDATION_FAILED',
    );
    const r = ok(
      await gql(
        t.app,
        `mutation { rejectRegionApplication(applicationId: "${ids.kochi}", reason: "応募要件5を満たさないため") { status decisionReason } }`,
        {},
        tok.secretariat,
      ),
    ).rejectRegionApplication;
    expect(r).toEqual({ status: 'REJECTED', decisionReason: '応募要件5を満たさないため' });
  });

  it('shows applicants their result only once the call is decided, each its own', async () => {
    expect((await getApplication(t.app, tok.kochi, ids.kochi)).status).toBe('SUBMITTED');
    expect((await getApplication(t.app, tok.kochi, ids.kochi)).decisionReason).toBeNull();
    // The secretariat's checks would give the decision away: hidden from the applicant until decided.
    expect((await getApplication(t.app, tok.kochi, ids.kochi)).requirements[4]).toMatchObject({ met: null, checkNote: null });
    expect((await getApplication(t.app, tok.hyogo, ids.hyogo)).status).toBe('SUBMITTED');
    ok(await gql(t.app, `mutation { decideRegionCall(callId: "${callId}") { status } }`, {}, tok.secretariat));
    const kochi = await getApplication(t.app, tok.kochi, ids.kochi);
    expect([kochi.status, kochi.decisionReason]).toEqual(['REJECTED', '応募要件5を満たさないため']);
    expect(kochi.requirements[4]).toMatchObject({ met: false, checkNote: '受入体制が未確認' });
    expect((await getApplication(t.app, tok.hyogo, ids.hyogo)).status).toBe('ADOPTED');
    expect(ok(await gql(t.app, `query { regionApplication(id: "${ids.hyogo}") { status } }`, {}, tok.toyooka)).regionApplication.status).toBe('ADOPTED');
    expect(errorCode(await gql(t.app, `query { regionApplication(id: "${ids.kochi}") { status } }`, {}, tok.hyogo))).toBe('NOT_FOUND');
    // Decisions are final once the call is decided.
    expect(
      errorCode(await gql(t.app, `mutation { recordRequirementCheck(applicationId: "${ids.hyogo}", number: 1, met: false) { id } }`, {}, tok.secretariat)),
    ).toBe('INVALID_STATE');
  });

  it('publishes adopted applications as candidate regions, public and without contact data', async () => {
    expect(ok(await gql(t.app, '{ candidateRegions { total } }')).candidateRegions.total).toBe(0);
    expect(errorCode(await gql(t.app, `mutation { publishCandidateRegions(callId: "${callId}") { status } }`, {}, tok.ministry))).toBe('FORBIDDEN');
    expect(
      ok(await gql(t.app, `mutation { publishCandidateRegions(callId: "${callId}") { status } }`, {}, tok.secretariat)).publishCandidateRegions.status,
    ).toBe('PUBLISHED');
    const pub = ok(
      await gql(
        t.app,
        '{ candidateRegions { total items { prefecture { name } isRepeat budgetCapYen partners { municipality { name } memorandum { sha256 } issues { title } desiredSupport { menuItemCode } } } } }',
      ),
    ).candidateRegions;
    expect(pub.total).toBe(2);
    expect(pub.items.map((r: any) => r.prefecture.name)).toEqual(['長野県', '兵庫県']);
    const hyogo = pub.items[1];
    expect(hyogo.partners.map((p: any) => p.municipality.name)).toEqual(['豊岡市', '赤穂市']);
    expect(hyogo.partners[0].issues[0].title).toContain('移動手段');
    expect(hyogo.partners[0].memorandum).toBeNull();
    expect(hyogo.budgetCapYen).toBe(80_000_000);
    // The schema offers no path from a candidate region to contact data.
    const probe = await gql(t.app, '{ candidateRegions { items { contacts { email } } } }');
    expect(errorCode(probe)).toBe('GRAPHQL_VALIDATION_FAILED');
    // Filters: by prefecture and by desired support item / issue category.
    expect(ok(await gql(t.app, '{ candidateRegions(prefectureCodes: ["28"]) { total } }')).candidateRegions.total).toBe(1);
    expect(ok(await gql(t.app, '{ candidateRegions(menuItemCodes: ["DX_PROMOTION_SOLUTION_PLAN"]) { total } }')).candidateRegions.total).toBe(0);
    expect(ok(await gql(t.app, '{ candidateRegions(issueCategories: [MOBILITY]) { total } }')).candidateRegions.total).toBe(2);
  });
});
