import { Role } from '@app/core';
import {
  checkAll,
  completeDraft,
  createProgramAndCall,
  createTestApp,
  errorCode,
  gql,
  IN_WINDOW,
  ok,
  signIn,
  STANDARD_ACCOUNTS,
  submit,
  TestApp,
} from './support';

const WANTS = `id status version structureMode prefectureIssues { id category title description }
  partners { id municipalityCode issues { id } desiredSupport { menuItemCode note detailCodes } }`;
const READ = `query($id: ID!) { regionApplication(id: $id) { ${WANTS} } }`;
const SET_DESIRED = `mutation($p: ID!, $i: [DesiredSupportInput!]!) { setDesiredSupport(partnerId: $p, items: $i) { ${WANTS} } }`;
const SET_MODE = `mutation($a: ID!, $m: StructureMode) { setStructureMode(applicationId: $a, mode: $m) { ${WANTS} } }`;
const ADD_PREF_ISSUE = `mutation($a: ID!, $i: RegionalIssueInput!) { addPrefectureIssue(applicationId: $a, issue: $i) { ${WANTS} } }`;
const UPDATE_PREF_ISSUE = `mutation($id: ID!, $i: RegionalIssueInput!) { updatePrefectureIssue(issueId: $id, issue: $i) { ${WANTS} } }`;
const REMOVE_PREF_ISSUE = `mutation($id: ID!) { removePrefectureIssue(issueId: $id) { ${WANTS} } }`;
const PREF_ISSUE = { category: 'DIGITAL_TALENT', title: '県内市町村のデジタル人材不足', description: '県が市町村の人材確保を支える仕組みがない' };

describe('what a region wants: ◇ detail items, 構築 / 拡充, issues of the prefecture itself (issue 16)', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let callId: string;
  let hyogo: any;
  let kochi: any;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(IN_WINDOW);
    tok = await signIn(t.app, [...STANDARD_ACCOUNTS, { key: 'kochi', role: Role.PREFECTURE, prefectureCode: '39' }]);
    callId = (await createProgramAndCall(t.app, tok.secretariat)).callId;
    hyogo = await completeDraft(t.app, tok.hyogo, callId, ['282090']);
  });
  afterAll(() => t?.close());

  it('the support menu lists the call’s ◇ items under their menu item, with stable codes and both names', async () => {
    const menu = ok(await gql(t.app, '{ supportMenu { code details { code nameJa nameEn } } }')).supportMenu;
    const of = (code: string) => menu.find((m: any) => m.code === code).details;
    expect(of('DX_STRUCTURE')).toEqual([]);
    expect(of('DX_STRUCTURE_PREF_MUNI').map((d: any) => d.code)).toEqual(['PREF_MUNI_STRUCTURE', 'PREF_MUNI_SUPPORT_MEASURES']);
    expect(of('DX_PROMOTION_ISSUES').map((d: any) => d.code)).toEqual(['ISSUES_EXTRACTION', 'ISSUES_POLICY', 'ISSUES_STAKEHOLDERS', 'ISSUES_GOOD_PRACTICES']);
    expect(of('DX_PROMOTION_ISSUES')[3]).toEqual({
      code: 'ISSUES_GOOD_PRACTICES',
      nameJa: '他地域における好事例の紹介',
      nameEn: 'Good practices of other regions',
    });
    expect(of('DX_PROMOTION_TALENT')).toHaveLength(2);
    expect(of('DX_PROMOTION_SOLUTION_PLAN')).toHaveLength(5);
    expect(menu.flatMap((m: any) => m.details)).toHaveLength(13);
  });

  it('a desired support stores the ◇ items chosen under it; one of another menu item is VALIDATION_FAILED', async () => {
    const partnerId = hyogo.partners[0].id;
    const items = [
      { menuItemCode: 'DX_STRUCTURE_PREF_MUNI', detailCodes: ['PREF_MUNI_SUPPORT_MEASURES'] },
      { menuItemCode: 'DX_PROMOTION_ISSUES', note: '課題の整理から', detailCodes: ['ISSUES_EXTRACTION', 'ISSUES_GOOD_PRACTICES'] },
    ];
    const saved = ok(await gql(t.app, SET_DESIRED, { p: partnerId, i: items }, tok.hyogo)).setDesiredSupport;
    expect(saved.partners[0].desiredSupport).toEqual([
      { menuItemCode: 'DX_STRUCTURE', note: '', detailCodes: [] },
      { menuItemCode: 'DX_STRUCTURE_PREF_MUNI', note: '', detailCodes: ['PREF_MUNI_SUPPORT_MEASURES'] },
      { menuItemCode: 'DX_PROMOTION_ISSUES', note: '課題の整理から', detailCodes: ['ISSUES_EXTRACTION', 'ISSUES_GOOD_PRACTICES'] },
    ]);

    // A ◇ item of the solution plan under the issues item, and a code the call does not have.
    for (const detailCodes of [['SOLUTION_COST'], ['NO_SUCH_DETAIL']]) {
      const refused = await gql(t.app, SET_DESIRED, { p: partnerId, i: [{ menuItemCode: 'DX_PROMOTION_ISSUES', detailCodes }] }, tok.hyogo);
      expect(errorCode(refused)).toBe('VALIDATION_FAILED');
      expect(refused.errors![0].extensions.details).toEqual({ field: 'detailCodes', misplaced: detailCodes });
      expect(refused.errors![0].extensions.messageJa).toContain('詳細項目');
    }
    // Nothing of the refused requests was stored.
    const now = ok(await gql(t.app, READ, { id: hyogo.id }, tok.hyogo)).regionApplication;
    expect(now.partners[0].desiredSupport[2].detailCodes).toEqual(['ISSUES_EXTRACTION', 'ISSUES_GOOD_PRACTICES']);
    // Only the applying prefecture chooses them.
    expect(errorCode(await gql(t.app, SET_DESIRED, { p: partnerId, i: items }, tok.nagano))).toBe('NOT_FOUND');
  });

  it('構築 or 拡充 is chosen on the draft by the applying prefecture only', async () => {
    expect(ok(await gql(t.app, READ, { id: hyogo.id }, tok.hyogo)).regionApplication.structureMode).toBeNull();
    expect(ok(await gql(t.app, SET_MODE, { a: hyogo.id, m: 'EXTEND' }, tok.hyogo)).setStructureMode.structureMode).toBe('EXTEND');
    expect(ok(await gql(t.app, SET_MODE, { a: hyogo.id, m: 'BUILD' }, tok.hyogo)).setStructureMode.structureMode).toBe('BUILD');
    expect(errorCode(await gql(t.app, SET_MODE, { a: hyogo.id, m: 'EXTEND' }, tok.nagano))).toBe('NOT_FOUND');
    expect(errorCode(await gql(t.app, SET_MODE, { a: hyogo.id, m: 'EXTEND' }, tok.toyooka))).toBe('FORBIDDEN');
    expect(await gql(t.app, SET_MODE, { a: hyogo.id, m: 'REBUILD' }, tok.hyogo)).toHaveProperty('errors');
    expect(ok(await gql(t.app, READ, { id: hyogo.id }, tok.hyogo)).regionApplication.structureMode).toBe('BUILD');
  });

  it('the prefecture records, changes and removes issues of its own; no one else can', async () => {
    const added = ok(await gql(t.app, ADD_PREF_ISSUE, { a: hyogo.id, i: PREF_ISSUE }, tok.hyogo)).addPrefectureIssue;
    expect(added.prefectureIssues).toEqual([{ id: expect.any(String), ...PREF_ISSUE }]);
    const issueId = added.prefectureIssues[0].id;
    const changed = ok(
      await gql(t.app, UPDATE_PREF_ISSUE, { id: issueId, i: { ...PREF_ISSUE, title: '市町村のデジタル人材の確保' } }, tok.hyogo),
    ).updatePrefectureIssue;
    expect(changed.prefectureIssues[0].title).toBe('市町村のデジタル人材の確保');
    expect(errorCode(await gql(t.app, ADD_PREF_ISSUE, { a: hyogo.id, i: PREF_ISSUE }, tok.nagano))).toBe('NOT_FOUND');
    expect(errorCode(await gql(t.app, REMOVE_PREF_ISSUE, { id: issueId }, tok.nagano))).toBe('NOT_FOUND');
    expect(errorCode(await gql(t.app, ADD_PREF_ISSUE, { a: hyogo.id, i: { ...PREF_ISSUE, title: '' } }, tok.hyogo))).toBe('VALIDATION_FAILED');

    const second = ok(await gql(t.app, ADD_PREF_ISSUE, { a: hyogo.id, i: { ...PREF_ISSUE, title: '削除する課題' } }, tok.hyogo)).addPrefectureIssue;
    const removed = ok(
      await gql(t.app, REMOVE_PREF_ISSUE, { id: second.prefectureIssues.find((i: any) => i.title === '削除する課題').id }, tok.hyogo),
    ).removePrefectureIssue;
    expect(removed.prefectureIssues.map((i: any) => i.title)).toEqual(['市町村のデジタル人材の確保']);
  });

  it('an issue of the prefecture itself completes REGIONAL_ISSUE when no partner names one', async () => {
    kochi = await completeDraft(t.app, tok.kochi, callId, ['392014']);
    ok(await gql(t.app, 'mutation($i: ID!) { removeRegionalIssue(issueId: $i) { id } }', { i: kochi.partners[0].issues[0].id }, tok.kochi));
    const incomplete = await submit(t.app, tok.kochi, kochi.id);
    expect(errorCode(incomplete)).toBe('APPLICATION_INCOMPLETE');
    expect(incomplete.errors![0].extensions.details.missing).toEqual(['REGIONAL_ISSUE']);
    ok(await gql(t.app, ADD_PREF_ISSUE, { a: kochi.id, i: PREF_ISSUE }, tok.kochi));
    expect(ok(await submit(t.app, tok.kochi, kochi.id)).submitRegionApplication.number).toBeTruthy();
  });

  it('all three are part of the submitted content: locked once submitted, and the standing version restores them', async () => {
    ok(await submit(t.app, tok.hyogo, hyogo.id));
    expect(errorCode(await gql(t.app, SET_MODE, { a: hyogo.id, m: 'EXTEND' }, tok.hyogo))).toBe('INVALID_STATE');
    expect(errorCode(await gql(t.app, ADD_PREF_ISSUE, { a: hyogo.id, i: PREF_ISSUE }, tok.hyogo))).toBe('INVALID_STATE');

    // Reopened and changed, then not resubmitted: the close restores what was submitted.
    ok(await gql(t.app, 'mutation($a: ID!) { reopenRegionApplication(applicationId: $a) { status } }', { a: hyogo.id }, tok.hyogo));
    const draft = ok(await gql(t.app, SET_MODE, { a: hyogo.id, m: 'EXTEND' }, tok.hyogo)).setStructureMode;
    ok(await gql(t.app, REMOVE_PREF_ISSUE, { id: draft.prefectureIssues[0].id }, tok.hyogo));
    ok(await gql(t.app, SET_DESIRED, { p: draft.partners[0].id, i: [] }, tok.hyogo));
    t.clock.set('2025-02-28T17:05:00+09:00');
    ok(await gql(t.app, 'mutation($id: ID!) { closeCall(id: $id) { status } }', { id: callId }, tok.secretariat));
    const restored = ok(await gql(t.app, READ, { id: hyogo.id }, tok.secretariat)).regionApplication;
    expect(restored.status).toBe('SUBMITTED');
    expect(restored.structureMode).toBe('BUILD');
    expect(restored.prefectureIssues.map((i: any) => i.title)).toEqual(['市町村のデジタル人材の確保']);
    expect(restored.partners[0].desiredSupport[2]).toEqual({
      menuItemCode: 'DX_PROMOTION_ISSUES',
      note: '課題の整理から',
      detailCodes: ['ISSUES_EXTRACTION', 'ISSUES_GOOD_PRACTICES'],
    });
  });

  it('the candidate region shows the ◇ items, 構築 / 拡充 and the prefecture’s own issues', async () => {
    await checkAll(t.app, tok.secretariat, hyogo.id);
    ok(await gql(t.app, 'mutation($a: ID!) { adoptRegionApplication(applicationId: $a) { status } }', { a: hyogo.id }, tok.secretariat));
    ok(await gql(t.app, 'mutation($a: ID!) { rejectRegionApplication(applicationId: $a, reason: "審査の結果") { status } }', { a: kochi.id }, tok.secretariat));
    ok(await gql(t.app, 'mutation($c: ID!) { decideRegionCall(callId: $c) { status } }', { c: callId }, tok.secretariat));
    ok(await gql(t.app, 'mutation($c: ID!) { publishCandidateRegions(callId: $c) { status } }', { c: callId }, tok.secretariat));
    const q = `{ candidateRegions { items { prefectureCode structureMode prefectureIssues { category title }
      partners { desiredSupport { menuItemCode detailCodes } } } } }`;
    // Public, and the same for every reader (served from the published-data cache the second time).
    for (const token of [undefined, tok.nagano]) {
      const [region] = ok(await gql(t.app, q, {}, token)).candidateRegions.items;
      expect(region).toMatchObject({
        prefectureCode: '28',
        structureMode: 'BUILD',
        prefectureIssues: [{ category: 'DIGITAL_TALENT', title: '市町村のデジタル人材の確保' }],
      });
      expect(region.partners[0].desiredSupport.find((d: any) => d.menuItemCode === 'DX_PROMOTION_ISSUES').detailCodes).toEqual([
        'ISSUES_EXTRACTION',
        'ISSUES_GOOD_PRACTICES',
      ]);
    }
  });
});
