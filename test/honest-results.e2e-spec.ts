import request from 'supertest';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { Role } from '@app/core';
import { validateReleasePackage } from '@app/matching';
import {
  approvedVendor,
  createTestApp,
  createVendorCall,
  errorCode,
  gql,
  IN_VENDOR_WINDOW,
  ok,
  panelExpert,
  publishedRegions,
  saveProposal,
  setRubric,
  signIn,
  STANDARD_ACCOUNTS,
  startVendorApplication,
  submitVendor,
  TestApp,
} from './support';

/**
 * Issue 16, "honest results": a round with a proposal no unconflicted evaluator could score (高知県: both experts
 * declared a conflict with the prefecture) and a suspended vendor (C) ends with the right reason for each region in the
 * results, the notices, the feedback sheets and the OCDS release.
 *
 * Points per criterion (weights 25/25/20/20/10, max 5): [5…] = 100, [5,5,5,5,3] = 96, [4…] = 80, [4,4,3,3,3] = 70,
 * [3…] = 60, [2…] = 40. One evaluator per proposal.
 */
const POINTS: Record<string, number[]> = {
  'A:28': [5, 5, 5, 5, 5],
  'A:20': [5, 5, 5, 5, 3],
  'B:28': [4, 4, 4, 4, 4],
  'B:40': [2, 2, 2, 2, 2],
  'C:20': [3, 3, 3, 3, 3],
  'C:13': [5, 5, 5, 5, 5],
  'E:28': [4, 4, 3, 3, 3],
  'E:39': [5, 5, 5, 5, 5],
};
const CAPACITY: Record<string, number> = { A: 1, B: 1, C: 2, E: 1 };

describe('honest results: not evaluated, excluded, and why a vendor was not selected', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let callId: string;
  let programId: string;
  let regions: Record<string, string>;
  const vendors: Record<string, { vendorId: string; token: string; corporateNumber: string }> = {};
  const proposals: Record<string, string> = {};
  const experts: Array<{ id: string; token: string }> = [];
  let runId: string;
  const key = (p: string) => Object.entries(proposals).find(([, id]) => id === p)![0];

  beforeAll(async () => {
    t = await createTestApp();
    tok = {
      ...(await signIn(t.app, STANDARD_ACCOUNTS)),
      ...(await signIn(t.app, [
        { key: 'kochi', role: Role.PREFECTURE, prefectureCode: '39' },
        { key: 'fukuoka', role: Role.PREFECTURE, prefectureCode: '40' },
        { key: 'tokyo', role: Role.PREFECTURE, prefectureCode: '13' },
      ])),
    };
    const pub = await publishedRegions(t, tok.secretariat, [
      { token: tok.hyogo, prefectureCode: '28', partners: ['282090'] },
      { token: tok.nagano, prefectureCode: '20', partners: ['202011'] },
      { token: tok.kochi, prefectureCode: '39', partners: ['392014'] },
      { token: tok.fukuoka, prefectureCode: '40', partners: ['401307'] },
      { token: tok.tokyo, prefectureCode: '13', partners: ['131016'] },
    ]);
    regions = pub.regionIds;
    programId = pub.programId;
    t.clock.set(IN_VENDOR_WINDOW);
    callId = await createVendorCall(t.app, tok.secretariat, pub.programId, pub.regionCallId);
    const criteria = await setRubric(t.app, tok.secretariat, callId);
    for (const [i, v] of ['A', 'B', 'C', 'E'].entries()) {
      vendors[v] = await approvedVendor(t.app, tok.secretariat, `vendor-${v}`, `60000000000${i}`);
      const app = await startVendorApplication(t.app, vendors[v].token, callId, CAPACITY[v]);
      for (const k of Object.keys(POINTS).filter((k) => k.startsWith(`${v}:`))) {
        const region = regions[k.split(':')[1]];
        const saved = ok(await saveProposal(t.app, vendors[v].token, app, region)).saveRegionProposal;
        proposals[k] = saved.proposals.find((p: any) => p.candidateRegionId === region).id;
      }
      ok(await submitVendor(t.app, vendors[v].token, app));
    }
    for (const n of [1, 2]) {
      const e = await panelExpert(t.app, tok.secretariat, callId, { email: `h-expert${n}@univ.example.ac.jp`, name: `委員${n}`, fields: ['DX'], maxLoad: 10 });
      experts.push(e);
      // Both experts advise 高知県: nobody may score a proposal for it.
      ok(
        await gql(
          t.app,
          'mutation($i: DeclareConflictInput!) { declareConflict(input: $i) { id } }',
          { i: { kind: 'ADVISORY', prefectureCode: '39', note: '県の委員' } },
          e.token,
        ),
      );
    }
    t.clock.set('2025-03-28T15:00:00+09:00');
    ok(await gql(t.app, `mutation { closeCall(id: "${callId}") { status } }`, {}, tok.secretariat));
    ok(await gql(t.app, `mutation { runAssignment(callId: "${callId}") { status } }`, {}, tok.secretariat));
    ok(await gql(t.app, `mutation { confirmAssignments(callId: "${callId}") { confirmed } }`, {}, tok.secretariat));
    for (const e of experts) {
      for (const p of ok(await gql(t.app, '{ myAssignedProposals { id } }', {}, e.token)).myAssignedProposals) {
        const pts = POINTS[key(p.id)];
        ok(
          await gql(
            t.app,
            'mutation($p: ID!, $s: [ScoreInput!]!) { saveScores(proposalId: $p, scores: $s) { id } }',
            { p: p.id, s: criteria.map((c: any, i: number) => ({ criterionId: c.id, points: pts[i] })) },
            e.token,
          ),
        );
        ok(await gql(t.app, `mutation { submitScores(proposalId: "${p.id}") { status } }`, {}, e.token));
      }
    }
    // C is suspended after the scoring: its proposals (one of them the best in 東京都) are excluded.
    ok(await gql(t.app, `mutation { suspendVendor(id: "${vendors.C.vendorId}") { status } }`, {}, tok.secretariat));
  });
  afterAll(() => t.close());

  it('shows the proposal nobody can score in evaluationProgress instead of dropping it', async () => {
    const progress = ok(
      await gql(t.app, `{ evaluationProgress(callId: "${callId}") { notEvaluated byProposal { id assigned submitted missing } } }`, {}, tok.ministry),
    ).evaluationProgress;
    expect(progress.notEvaluated).toEqual([proposals['E:39']]);
    expect(progress.byProposal).toHaveLength(Object.keys(POINTS).length);
    expect(progress.byProposal.find((r: any) => r.id === proposals['E:39'])).toEqual({ id: proposals['E:39'], assigned: 0, submitted: 0, missing: 0 });
    expect(progress.byProposal.find((r: any) => r.id === proposals['A:28'])).toMatchObject({ assigned: 1, submitted: 1 });
  });

  it('refuses to run the matching until the secretariat acknowledges the unevaluated proposal, naming it', async () => {
    const refused = await gql(t.app, `mutation { runMatching(input: {callId: "${callId}"}) { id } }`, {}, tok.secretariat);
    expect(errorCode(refused)).toBe('NOT_EVALUATED_UNACKNOWLEDGED');
    expect(refused.errors![0].extensions.messageJa).toContain('高知県：vendor-E 株式会社');
    expect(refused.errors![0].extensions.messageEn).toContain('not been evaluated');
    expect(refused.errors![0].extensions.messageJa).not.toContain(proposals['E:39']);
    const run = ok(
      await gql(
        t.app,
        `mutation { runMatching(input: {callId: "${callId}", acknowledgeNotEvaluated: true}) {
          id regionsSupported notEvaluated
          matches { candidateRegionId proposalId alternatives { proposalId why } }
          unsupported { candidateRegionId reason reasonJa detail detailJa } } }`,
        {},
        tok.secretariat,
      ),
    ).runMatching;
    runId = run.id;
    expect(run.notEvaluated).toEqual([proposals['E:39']]);
    expect(Object.fromEntries(run.matches.map((m: any) => [m.candidateRegionId, key(m.proposalId)]))).toEqual({
      [regions['28']]: 'B:28',
      [regions['20']]: 'A:20',
    });
    const reasons = Object.fromEntries(run.unsupported.map((u: any) => [u.candidateRegionId, u.reason]));
    // 高知県's only proposal was never scored: not "all below the threshold", which would be untrue.
    expect(reasons).toEqual({
      [regions['39']]: 'NOT_EVALUATED',
      [regions['40']]: 'ALL_BELOW_THRESHOLD',
      [regions['13']]: 'ALL_WITHDRAWN_OR_EXCLUDED',
    });
    expect(run.unsupported.find((u: any) => u.reason === 'NOT_EVALUATED').reasonJa).toContain('評価できなかった');
    expect(run.unsupported.find((u: any) => u.reason === 'NOT_EVALUATED').detailJa).toBe(
      '選定の対象となり得る提案1件は、利益相反のない評価委員が評価できず、評価されませんでした。',
    );
    const alt = (region: string, p: string) =>
      run.matches.find((m: any) => m.candidateRegionId === regions[region]).alternatives.find((a: any) => a.proposalId === proposals[p]).why;
    expect(alt('28', 'A:28')).toBe('VENDOR_SELECTED_ELSEWHERE');
    expect(alt('28', 'E:28')).toBe('LOWER_SCORE');
    expect(alt('20', 'C:20')).toBe('EXCLUDED');
  });

  it('mails each prefecture its true reason and each vendor its outcome per region', async () => {
    ok(await gql(t.app, `mutation { approveMatching(runId: "${runId}") { status } }`, {}, tok.secretariat));
    ok(await gql(t.app, `mutation { publishMatching(runId: "${runId}") { status } }`, {}, tok.secretariat));
    const outbox: Array<{ subject: string; body: string }> = await t.app.get(DataSource).query(`SELECT subject, body FROM outbox`);
    const body = (subject: string) => outbox.find((o) => o.subject === subject)!.body;
    const kochi = body('推進体制構築支援（高知県）選定結果のお知らせ');
    expect(kochi).toContain('利益相反のない評価委員が評価できなかった');
    expect(kochi).not.toContain('評価基準を満たしませんでした');
    expect(body('推進体制構築支援（福岡県）選定結果のお知らせ')).toContain('評価基準を満たしませんでした');
    expect(body('推進体制構築支援（東京都）選定結果のお知らせ')).toContain('辞退または除外');
    const vendorE = body('伴走支援事業者の公募 選定結果のお知らせ（vendor-E 株式会社）');
    expect(vendorE).toContain('高知県：非選定（利益相反のない評価委員による評価が行えず、評価されなかったため）');
    expect(vendorE).toContain('兵庫県：非選定（他の提案が上位となったため）');
    const tokyo = body('推進体制構築支援（東京都）選定結果のお知らせ');
    expect(tokyo).not.toContain('評価基準を満たしませんでした');
    expect(tokyo).not.toContain('評価できなかった');
    const vendorC = body('伴走支援事業者の公募 選定結果のお知らせ（vendor-C 株式会社）');
    expect(vendorC).toContain('東京都：非選定（除外されたため）');
    expect(vendorC).toContain('長野県：非選定（除外されたため）');
    expect(body('伴走支援事業者の公募 選定結果のお知らせ（vendor-A 株式会社）')).toContain('兵庫県：非選定（貴社が他の地域で選定され');
  });

  it('publishes the same reason for each region to whoever reads the results: prefectures, vendors, the dashboard', async () => {
    const expected = {
      [regions['39']]: 'NOT_EVALUATED',
      [regions['40']]: 'ALL_BELOW_THRESHOLD',
      [regions['13']]: 'ALL_WITHDRAWN_OR_EXCLUDED',
    };
    for (const token of [tok.kochi, tok.tokyo, vendors.C.token, vendors.E.token]) {
      const r = ok(
        await gql(
          t.app,
          `{ callResults(callId: "${callId}") { matches { candidateRegionId vendorId } unsupported { candidateRegionId reason reasonJa } } }`,
          {},
          token,
        ),
      ).callResults;
      expect(Object.fromEntries(r.unsupported.map((u: any) => [u.candidateRegionId, u.reason]))).toEqual(expected);
      expect(r.unsupported.find((u: any) => u.candidateRegionId === regions['39']).reasonJa).toContain('評価できなかった');
      expect(r.unsupported.find((u: any) => u.candidateRegionId === regions['13']).reasonJa).toContain('除外');
      // The suspended vendor is selected nowhere, though its proposal was the best in 東京都.
      expect(Object.fromEntries(r.matches.map((m: any) => [m.candidateRegionId, m.vendorId]))).toEqual({
        [regions['28']]: vendors.B.vendorId,
        [regions['20']]: vendors.A.vendorId,
      });
    }
    const dash = ok(
      await gql(
        t.app,
        `query($p: ID!) { dashboard(programId: $p) { regions { callId candidateRegionId unsupportedReason } prefectures { prefectureCode status } } }`,
        { p: programId },
        tok.ministry,
      ),
    ).dashboard;
    const reasonOf = (code: string) => dash.regions.find((r: any) => r.callId === callId && r.candidateRegionId === regions[code]).unsupportedReason;
    expect(reasonOf('39')).toBe('NOT_EVALUATED');
    expect(reasonOf('13')).toBe('ALL_WITHDRAWN_OR_EXCLUDED');
    expect(reasonOf('28')).toBeNull();
    const status = Object.fromEntries(dash.prefectures.map((p: any) => [p.prefectureCode, p.status]));
    expect([status['39'], status['13'], status['40'], status['28'], status['20']]).toEqual([
      'UNSUPPORTED',
      'UNSUPPORTED',
      'UNSUPPORTED',
      'SUPPORTED',
      'SUPPORTED',
    ]);
  });

  it('gives every vendor a feedback sheet that says why, by name, without the others’ scores', async () => {
    const fb = async (p: string, v: string) =>
      ok(
        await gql(
          t.app,
          `{ feedbackSheet(proposalId: "${proposals[p]}") { prefectureName passed excluded notEvaluated rankBand selected outcome outcomeJa explanationJa explanationEn } }`,
          {},
          vendors[v].token,
        ),
      ).feedbackSheet;
    // The suspended vendor's best proposal: excluded, neither passed nor ranked (it was "passed, rank 1").
    const c13 = await fb('C:13', 'C');
    expect(c13).toMatchObject({ excluded: true, passed: false, rankBand: 'NOT_RANKED', selected: false, outcome: 'EXCLUDED' });
    expect(c13.explanationJa).toContain('除外されたため、東京都への提案は選定の対象となりませんでした');
    expect(await fb('C:20', 'C')).toMatchObject({ prefectureName: '長野県', excluded: true, passed: false, selected: false, outcome: 'EXCLUDED' });
    const e39 = await fb('E:39', 'E');
    expect(e39).toMatchObject({ prefectureName: '高知県', notEvaluated: true, passed: false, rankBand: 'NOT_RANKED', outcome: 'NOT_EVALUATED' });
    expect(e39.explanationJa).toContain('高知県への提案は、利益相反のない評価委員による評価が行えなかった');
    const a28 = await fb('A:28', 'A');
    expect(a28).toMatchObject({ outcome: 'VENDOR_SELECTED_ELSEWHERE', passed: true, rankBand: 'FIRST', selected: false });
    expect(a28.explanationJa).toBe('貴社は長野県で選定され、同時支援可能数（1地域）に達したため、兵庫県では選定されませんでした。');
    expect(a28.explanationEn).toContain('selected for 長野県');
    const e28 = await fb('E:28', 'E');
    expect(e28).toMatchObject({ outcome: 'LOWER_SCORE' });
    expect(e28.explanationJa).toBe('兵庫県ではvendor-B 株式会社の提案が上位となったため、選定されませんでした。');
    const b40 = await fb('B:40', 'B');
    expect(b40).toMatchObject({ outcome: 'BELOW_THRESHOLD', passed: false });
    expect(b40.explanationJa).toContain('福岡県への提案は、評価が基準点');
    expect(await fb('A:20', 'A')).toMatchObject({ outcome: 'SELECTED', selected: true, explanationJa: '長野県の伴走支援事業者として選定されました。' });
    // Names, never ids, and no other vendor's score.
    for (const f of [a28, e28, e39, b40, c13]) {
      for (const id of [...Object.values(proposals), ...Object.values(regions), ...Object.values(vendors).map((v) => v.vendorId)]) {
        expect(`${f.explanationJa}${f.explanationEn}`).not.toContain(id);
      }
      expect(`${f.explanationJa}${f.explanationEn}`).not.toMatch(/\d+(\.\d+)?点/);
    }
  });

  it('exports the excluded and the unevaluated bids and the unsuccessful lots with their reasons', async () => {
    const get = (file: string) =>
      request(t.app.getHttpServer())
        .get(`/exports/${callId}/${file}`)
        .set('authorization', `Bearer ${tok.ministry}`)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
    const csv = (await get('proposals.csv')).body.toString('utf8') as string;
    const line = (p: string) => csv.split('\r\n').find((l) => l.startsWith(proposals[p]))!;
    expect(line('C:13').endsWith(',いいえ,,除外')).toBe(true);
    expect(line('E:39').endsWith('未評価')).toBe(true);
    expect(line('A:28').endsWith(',はい,1,合格')).toBe(true);
    // Submitted at 2025-03-2x in JST, not UTC.
    expect(line('A:28')).toMatch(/,2025-03-\d\d \d\d:\d\d,/);

    const results = await get('results.csv');
    // A Japanese file name for today's browsers (RFC 6266 filename*), an ASCII one for the others.
    expect(results.headers['content-disposition']).toBe(
      `attachment; filename="results-${callId}.csv"; filename*=UTF-8''${encodeURIComponent('選定結果')}_${callId}.csv`,
    );
    const rows = (results.body.toString('utf8') as string).replace(/^\ufeff/, '').split('\r\n');
    expect(rows[0]).toBe('地域ID,都道府県コード,都道府県,結果,選定事業者,法人番号,得点,提案額（円）,理由コード,支援を受けられない理由,理由の詳細');
    const row = (code: string) => rows.find((r) => r.startsWith(`${regions[code]},${code},`))!;
    expect(row('39')).toContain(',支援なし,,,,,NOT_EVALUATED,');
    // The Japanese export's detail is the Japanese one, with its numbers.
    expect(row('39')).toContain(',選定の対象となり得る提案1件は、利益相反のない評価委員が評価できず、評価されませんでした。');
    expect(row('13')).toContain(',支援なし,,,,,ALL_WITHDRAWN_OR_EXCLUDED,');
    expect(row('28')).toContain(`,選定,vendor-B 株式会社,${vendors.B.corporateNumber},80,30000000,,,`);
    for (const f of ['ocds.json', 'results.xlsx', 'proposals.csv', 'candidate-regions.csv'])
      expect((await get(f)).headers['content-disposition']).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''%E/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await get('results.xlsx')).body as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('選定結果')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    const hyogo = ws.getRows(2, ws.rowCount - 1)!.find((r) => r.getCell(2).value === '28')!;
    expect(hyogo.getCell(8)).toMatchObject({ value: 30_000_000, numFmt: '#,##0"円"' });
    expect(wb.getWorksheet('支援地域候補')!.getRow(2).getCell(5).value).toBe('いいえ');

    const ocds = JSON.parse((await get('ocds.json')).body.toString('utf8'));
    expect(validateReleasePackage(ocds)).toEqual({ valid: true, errors: null });
    const release = ocds.releases[0];
    const bid = (p: string) => release.bids.details.find((b: any) => b.id === proposals[p]);
    expect(bid('C:13').status).toBe('disqualified');
    expect(bid('C:20').status).toBe('disqualified');
    expect(bid('E:39').status).toBe('pending');
    expect(bid('A:28').status).toBe('valid');
    // Vendors by 法人番号 under org-id.guide's scheme for Japan's corporate numbers.
    const partyA = release.parties.find((x: any) => x.name === 'vendor-A 株式会社');
    expect(partyA).toMatchObject({ id: `JP-JCN-${vendors.A.corporateNumber}`, identifier: { scheme: 'JP-JCN', id: vendors.A.corporateNumber } });
    expect(bid('A:28').tenderers[0].id).toBe(partyA.id);
    // Every tenderer and every region's prefecture is identified; the suspended vendor stays a party (its bids are disqualified).
    for (const p of release.parties.filter((x: any) => !x.roles.includes('buyer') && !x.roles.includes('procuringEntity')))
      expect([p.name, p.identifier?.id ?? p.additionalIdentifiers?.[0]?.id]).toEqual([p.name, expect.stringMatching(/^\d{6}$|^\d{13}$/)]);
    expect(release.parties.find((x: any) => x.name === 'vendor-C 株式会社').identifier).toEqual({
      scheme: 'JP-JCN',
      id: vendors.C.corporateNumber,
      legalName: 'vendor-C 株式会社',
    });
    // Prefectures by their own 法人番号 under JP-JCN (国税庁: check digit, "000020", then the 団体コード; 東京都's is
    // 8000020130001) and their 全国地方公共団体コード (6 digits with the check digit) as an additional identifier under
    // JP-LGC, a scheme org-id.guide does not list.
    const prefectureParties = release.parties.filter((x: any) => x.roles.includes('interestedParty'));
    expect(prefectureParties).toEqual(
      [
        ['東京都', '130001', '8000020130001'],
        ['長野県', '200000', '1000020200000'],
        ['兵庫県', '280003', '8000020280003'],
        ['高知県', '390003', '5000020390003'],
        ['福岡県', '400009', '6000020400009'],
      ].map(([name, lgCode, corporateNumber]) => ({
        id: `JP-JCN-${corporateNumber}`,
        name,
        identifier: { scheme: 'JP-JCN', id: corporateNumber, legalName: name },
        additionalIdentifiers: [{ scheme: 'JP-LGC', id: lgCode, legalName: name }],
        roles: ['interestedParty'],
      })),
    );
    expect(new Set(release.parties.map((x: any) => x.id)).size).toBe(release.parties.length);
    // The identifiers are checked by the carried schema too: a malformed one would not pass.
    const broken = structuredClone(ocds);
    broken.releases[0].parties.find((x: any) => x.name === '高知県').additionalIdentifiers = [{ scheme: 'JP-LGC', id: { code: '390003' } }];
    expect(validateReleasePackage(broken).valid).toBe(false);
    const lot = (code: string) => release.tender.lots.find((l: any) => l.id === regions[code]);
    expect(lot('39')).toMatchObject({ status: 'unsuccessful' });
    expect(lot('39').description).toContain('NOT_EVALUATED');
    expect(lot('40').description).toContain('ALL_BELOW_THRESHOLD');
    expect(lot('13')).toMatchObject({ status: 'unsuccessful' });
    expect(lot('13').description).toContain('ALL_WITHDRAWN_OR_EXCLUDED');
    expect(lot('28')).toMatchObject({ status: 'active' });
    expect(lot('28').description).toBeUndefined();
  });
});
