import { Server } from 'node:http';
import { DataSource } from 'typeorm';
import { canonicalJson, Role, sha256Hex } from '@app/core';
import {
  approvedVendor,
  briefingLinkToken,
  completeDraft,
  createProgramAndCall,
  createTestApp,
  createVendorCall,
  setRubric,
  errorCode,
  gql,
  GqlResult,
  IN_VENDOR_WINDOW,
  ok,
  panelExpert,
  publishedRegions,
  saveProposal,
  signIn,
  STANDARD_ACCOUNTS,
  startVendorApplication,
  submit,
  submitVendor,
  TestApp,
} from './support';

/**
 * Guarantee 8 (races): the same operation sent concurrently over real HTTP, round after round;
 * each round checks who won and then invariant queries on the database. 200 rounds on both
 * databases (RACE_ROUNDS overrides it). On PGlite the driver serialises transactions, so the
 * interleaving is coarser than on PostgreSQL, but the rules (one winner, typed refusals) must hold
 * on both. Objects are built in bulk first and raced afterwards, to keep the file within minutes.
 */
const ROUNDS = Number(process.env.RACE_ROUNDS ?? 200);
/** Set-up requests in flight at once (PGlite serialises them anyway). */
const SETUP_PARALLEL = 4;
const RACE_TIMEOUT = 600_000;

/** Runs `work` over the items, `width` at a time, keeping the order of the results. */
async function inBatches<T, R>(items: T[], width: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i], i);
      }
    }),
  );
  return out;
}

const codes = (rs: GqlResult[]) => rs.filter((r) => r.errors?.length).map((r) => r.errors![0].extensions.code);
const winners = (rs: GqlResult[]) => rs.filter((r) => !r.errors?.length && r.data);

/** Collects round failures with their round number, so one assertion at the end shows them all. */
class Tally {
  readonly failures: string[] = [];
  rounds = 0;
  check(round: number, condition: boolean, what: string): void {
    if (!condition && this.failures.length < 20) this.failures.push(`round ${round}: ${what}`);
  }
}

describe('races: exactly the expected winner, no invariant broken (guarantee 8)', () => {
  let t: TestApp;
  let db: DataSource;
  let tok: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    // A real listening socket: concurrent requests arrive as separate connections.
    await t.app.listen(0, '127.0.0.1');
    db = t.app.get(DataSource);
    tok = {
      ...(await signIn(t.app, STANDARD_ACCOUNTS)),
      ...(await signIn(t.app, [{ key: 'kochi', role: Role.PREFECTURE, prefectureCode: '39' }])),
    };
    expect((t.app.getHttpServer() as Server).address()).not.toBeNull();
  }, RACE_TIMEOUT);
  afterAll(() => t?.close());

  describe('a region application open for submission', () => {
    let applicationId: string;

    beforeAll(async () => {
      t.clock.set('2026-02-01T09:00:00+09:00');
      const { callId } = await createProgramAndCall(t.app, tok.secretariat, {
        fiscalYear: 2026,
        opensAt: '2026-02-10T00:00',
        closesAt: '2026-02-28T17:00',
      });
      t.clock.set('2026-02-20T10:00:00+09:00');
      applicationId = (await completeDraft(t.app, tok.kochi, callId, ['392014'])).id;
    }, RACE_TIMEOUT);

    it(
      `concurrent submits of one application: one receipt, or the same receipt for one idempotency key (${ROUNDS} rounds)`,
      async () => {
        const tally = new Tally();
        for (let r = 0; r < ROUNDS; r++) {
          const sameKey = r % 2 === 1;
          // Odd rounds: three tabs retry with one key. Even rounds: three different submissions (no key, two keys).
          const keys = sameKey ? [`retry-key-${r}`, `retry-key-${r}`, `retry-key-${r}`] : [undefined, `tab-a-key-${r}`, `tab-b-key-${r}`];
          const rs = await Promise.all(keys.map((k) => submit(t.app, tok.kochi, applicationId, k)));
          const won = winners(rs).map((x) => x.data!.submitRegionApplication);
          if (sameKey) {
            tally.check(r, won.length === 3, `same key: ${won.length} of 3 answered (${codes(rs).join(',')})`);
            tally.check(r, new Set(won.map((w) => w.number)).size === 1, `same key: receipts ${won.map((w) => w.number).join(',')}`);
          } else {
            tally.check(r, won.length === 1, `different keys: ${won.length} receipts`);
            tally.check(
              r,
              codes(rs).every((c) => c === 'INVALID_STATE'),
              `different keys: refusals ${codes(rs).join(',')}`,
            );
          }
          const [inv] = await db.query(
            `SELECT count(*)::int AS n, count(DISTINCT number)::int AS numbers,
                    (SELECT status FROM region_applications WHERE id = $1) AS status
               FROM submission_receipts WHERE subject_id = $1`,
            [applicationId],
          );
          tally.check(r, inv.n === r + 1 && inv.numbers === r + 1 && inv.status === 'SUBMITTED', `invariant ${JSON.stringify(inv)}`);
          if (won[0]) {
            const [stored] = await db.query('SELECT content, content_digest, received_at FROM submission_receipts WHERE number = $1', [won[0].number]);
            tally.check(r, sha256Hex(canonicalJson(stored.content)) === stored.content_digest.trim(), 'stored content does not match its digest');
            tally.check(r, stored.content_digest.trim() === won[0].contentDigest, 'receipt digest differs from the stored one');
          }
          const reopened = await gql(t.app, 'mutation($a: ID!) { reopenRegionApplication(applicationId: $a) { status } }', { a: applicationId }, tok.kochi);
          tally.check(r, !reopened.errors, `reopen refused: ${codes([reopened]).join(',')} after ${JSON.stringify(rs.map((x) => x.errors ?? 'ok'))}`);
          tally.rounds++;
        }
        const [dupes] = await db.query(
          `SELECT count(*)::int AS n FROM (SELECT 1 FROM submission_receipts WHERE idempotency_key IS NOT NULL
             GROUP BY subject_type, subject_id, idempotency_key HAVING count(*) > 1) d`,
        );
        expect(dupes.n).toBe(0);
        expect(tally.failures).toEqual([]);
        expect(tally.rounds).toBe(ROUNDS);
      },
      RACE_TIMEOUT,
    );

    it(
      `concurrent draft edits with the same expected version: one wins, the other gets CONFLICT (${ROUNDS} rounds)`,
      async () => {
        const tally = new Tally();
        const declare = (version: number, evidence: string) =>
          gql(
            t.app,
            'mutation($a: ID!, $d: [RequirementDeclarationInput!]!, $v: Int) { declareRequirements(applicationId: $a, declarations: $d, expectedVersion: $v) { version } }',
            { a: applicationId, v: version, d: [{ number: 1, declared: true, evidence }] },
            tok.kochi,
          );
        for (let r = 0; r < ROUNDS; r++) {
          const [{ version }] = await db.query('SELECT version FROM region_applications WHERE id = $1', [applicationId]);
          const tabs = [`tab-a-${r}`, `tab-b-${r}`];
          const rs = await Promise.all(tabs.map((e) => declare(version, e)));
          const wonAt = rs.findIndex((x) => !x.errors?.length);
          tally.check(r, winners(rs).length === 1, `${winners(rs).length} edits won`);
          tally.check(r, codes(rs).length === 1 && codes(rs)[0] === 'CONFLICT', `refusals ${codes(rs).join(',')}`);
          const [after] = await db.query(
            `SELECT a.version, d.evidence FROM region_applications a
               JOIN requirement_declarations d ON d.application_id = a.id AND d.requirement_number = 1 WHERE a.id = $1`,
            [applicationId],
          );
          tally.check(r, after.version === version + 1, `version ${version} → ${after.version}`);
          tally.check(r, wonAt >= 0 && after.evidence === tabs[wonAt], `stored "${after.evidence}", winner ${tabs[wonAt]}`);
          tally.rounds++;
        }
        expect(tally.failures).toEqual([]);
        expect(tally.rounds).toBe(ROUNDS);
      },
      RACE_TIMEOUT,
    );
  });

  describe('vendor calls through scoring and decision', () => {
    /** One closed vendor call per round, each with one submitted proposal and one assigned sheet. */
    let calls: Array<{ callId: string; proposalId: string; criteria: Array<{ id: string }>; runs: string[] }> = [];
    let expert: { id: string; token: string };

    beforeAll(async () => {
      const pub = await publishedRegions(t, tok.secretariat, [
        { token: tok.hyogo, prefectureCode: '28', partners: ['282090'] },
        { token: tok.nagano, prefectureCode: '20', partners: ['202011'] },
      ]);
      t.clock.set(IN_VENDOR_WINDOW);
      // One vendor and one expert serve every call: matching inputs are snapshotted before any result is published.
      const vendor = await approvedVendor(t.app, tok.secretariat, 'race-vendor', '700000000001');
      const firstCall = await createVendorCall(t.app, tok.secretariat, pub.programId, pub.regionCallId);
      expert = await panelExpert(t.app, tok.secretariat, firstCall, { email: 'race-expert@univ.example.ac.jp', name: '競合委員', maxLoad: 100000 });
      calls = await inBatches(Array.from({ length: ROUNDS }), SETUP_PARALLEL, async (_, i) => {
        const callId = i === 0 ? firstCall : await createVendorCall(t.app, tok.secretariat, pub.programId, pub.regionCallId);
        const c = await setRubric(t.app, tok.secretariat, callId);
        if (i > 0) ok(await gql(t.app, `mutation { setPanelMember(callId: "${callId}", evaluatorId: "${expert.id}") { callId } }`, {}, tok.secretariat));
        const app = await startVendorApplication(t.app, vendor.token, callId, 2);
        const saved = ok(await saveProposal(t.app, vendor.token, app, pub.regionIds['28'])).saveRegionProposal;
        ok(await submitVendor(t.app, vendor.token, app));
        return { callId, proposalId: saved.proposals[0].id as string, criteria: c as Array<{ id: string }>, runs: [] as string[] };
      });
      t.clock.set('2025-03-28T15:00:00+09:00');
      await inBatches(calls, SETUP_PARALLEL, async ({ callId }) => {
        ok(await gql(t.app, `mutation { closeCall(id: "${callId}") { status } }`, {}, tok.secretariat));
        ok(await gql(t.app, `mutation { runAssignment(callId: "${callId}") { status } }`, {}, tok.secretariat));
        ok(await gql(t.app, `mutation { confirmAssignments(callId: "${callId}") { confirmed } }`, {}, tok.secretariat));
      });
    }, RACE_TIMEOUT);

    it(
      `concurrent score submissions on one sheet: exactly one submission; a concurrent save lands before it or is refused (${ROUNDS} rounds)`,
      async () => {
        const tally = new Tally();
        const save = (c: (typeof calls)[number], points: number) =>
          gql(
            t.app,
            'mutation($p: ID!, $s: [ScoreInput!]!) { saveScores(proposalId: $p, scores: $s) { version } }',
            { p: c.proposalId, s: c.criteria.map((x) => ({ criterionId: x.id, points })) },
            expert.token,
          );
        const submitSheet = (p: string) => gql(t.app, `mutation { submitScores(proposalId: "${p}") { status } }`, {}, expert.token);
        for (const [r, c] of calls.entries()) {
          ok(await save(c, 5));
          const [{ version: before }] = await db.query('SELECT version FROM score_sheets WHERE proposal_id = $1', [c.proposalId]);
          const rs = await Promise.all([submitSheet(c.proposalId), submitSheet(c.proposalId), save(c, 4)]);
          const submits = rs.slice(0, 2);
          const saveOk = !rs[2].errors?.length;
          tally.check(r, winners(submits).length === 1, `${winners(submits).length} submissions won`);
          tally.check(
            r,
            codes(submits).every((x) => x === 'SCORE_LOCKED'),
            `submission refusals ${codes(submits).join(',')}`,
          );
          tally.check(r, saveOk || errorCode(rs[2]) === 'SCORE_LOCKED', `save refused with ${codes([rs[2]]).join(',')}`);
          const [sheet] = await db.query(
            `SELECT s.status, s.version, count(x.*)::int AS n, min(x.points) AS lo, max(x.points) AS hi
               FROM score_sheets s LEFT JOIN scores x ON x.sheet_id = s.id WHERE s.proposal_id = $1 GROUP BY s.id`,
            [c.proposalId],
          );
          tally.check(r, sheet.status === 'SUBMITTED' && sheet.n === c.criteria.length, `sheet ${JSON.stringify(sheet)}`);
          // The save either happened before the submission (its points are what was submitted) or not at all.
          tally.check(r, sheet.version === before + 1 + (saveOk ? 1 : 0), `version ${before} → ${sheet.version} (save ${saveOk})`);
          tally.check(r, sheet.lo === sheet.hi && sheet.lo === (saveOk ? 4 : 5), `points ${sheet.lo}..${sheet.hi} (save ${saveOk})`);
          tally.rounds++;
        }
        expect(tally.failures).toEqual([]);
        expect(tally.rounds).toBe(ROUNDS);
      },
      RACE_TIMEOUT,
    );

    it(
      `two matching decisions at once: one approved run and one publication per call, nothing twice (${ROUNDS} rounds)`,
      async () => {
        // Both runs of every call first: their inputs are taken before any result is published.
        await inBatches(calls, SETUP_PARALLEL, async (c) => {
          for (const policy of ['OPTIMAL', 'GREEDY']) {
            c.runs.push(
              ok(await gql(t.app, `mutation { runMatching(input: {callId: "${c.callId}", policy: ${policy}}) { id } }`, {}, tok.secretariat)).runMatching.id,
            );
          }
        });
        const tally = new Tally();
        let noticesPerPublication: number | undefined;
        for (const [r, c] of calls.entries()) {
          const approvals = await Promise.all(
            c.runs.map((id) => gql(t.app, `mutation { approveMatching(runId: "${id}") { id status } }`, {}, tok.secretariat)),
          );
          const approved = winners(approvals).map((x) => x.data!.approveMatching);
          tally.check(r, approved.length === 1, `${approved.length} approvals won`);
          tally.check(
            r,
            codes(approvals).every((x) => x === 'INVALID_STATE'),
            `approval refusals ${codes(approvals).join(',')}`,
          );
          if (!approved.length) continue;
          const publications = await Promise.all(
            [1, 2].map(() => gql(t.app, `mutation { publishMatching(runId: "${approved[0].id}") { status } }`, {}, tok.secretariat)),
          );
          tally.check(r, winners(publications).length === 1, `${winners(publications).length} publications won`);
          tally.check(
            r,
            codes(publications).every((x) => x === 'INVALID_STATE'),
            `publication refusals ${codes(publications).join(',')}`,
          );
          const [inv] = await db.query(
            `SELECT (SELECT status FROM calls WHERE id = $1) AS call_status,
                    (SELECT count(*)::int FROM matching_runs WHERE call_id = $1 AND status = 'PUBLISHED') AS published,
                    (SELECT count(*)::int FROM matching_runs WHERE call_id = $1 AND status IN ('APPROVED', 'PROPOSED')) AS undecided,
                    (SELECT count(*)::int FROM engagements WHERE call_id = $1) AS engagements,
                    (SELECT count(*)::int FROM outbox WHERE dedupe_key LIKE 'result:' || $2 || ':%') AS notices`,
            [c.callId, approved[0].id],
          );
          noticesPerPublication ??= inv.notices;
          tally.check(
            r,
            inv.call_status === 'PUBLISHED' && inv.published === 1 && inv.undecided === 0 && inv.engagements === 1 && inv.notices === noticesPerPublication,
            `invariant ${JSON.stringify(inv)}`,
          );
          tally.rounds++;
        }
        // Each publication told the two prefectures and the vendor, once.
        expect(noticesPerPublication).toBeGreaterThanOrEqual(3);
        const [dupes] = await db.query(
          `SELECT (SELECT count(*)::int FROM (SELECT 1 FROM engagements GROUP BY match_id HAVING count(*) > 1) e) AS engagements,
                  (SELECT count(*)::int FROM (SELECT 1 FROM matching_runs WHERE status IN ('APPROVED', 'PUBLISHED') GROUP BY call_id HAVING count(*) > 1) d) AS decided`,
        );
        expect(dupes).toEqual({ engagements: 0, decided: 0 });
        expect(tally.failures).toEqual([]);
        expect(tally.rounds).toBe(ROUNDS);
      },
      RACE_TIMEOUT,
    );
  });

  it(
    `concurrent briefing confirmations at the capacity limit: never over, exactly the capacity confirmed (${ROUNDS} rounds)`,
    async () => {
      t.clock.set('2027-01-10T09:00:00+09:00');
      const { programId } = await createProgramAndCall(t.app, tok.secretariat, { fiscalYear: 2027, opensAt: '2027-02-10T00:00', closesAt: '2027-02-28T17:00' });
      const capacityOf = (r: number) => 1 + (r % 3);
      const sessions = await inBatches(
        Array.from({ length: ROUNDS }),
        SETUP_PARALLEL,
        async (_, r) =>
          ok(
            await gql(
              t.app,
              'mutation($i: CreateBriefingSessionInput!) { createBriefingSession(input: $i) { id } }',
              {
                i: {
                  programId,
                  title: `説明会 ${r}`,
                  startsAt: '2027-02-17T13:00',
                  endsAt: '2027-02-17T14:00',
                  onlineUrl: 'https://teams.example.jp/meet/race',
                  capacity: capacityOf(r),
                  registrationClosesAt: '2027-02-14T17:00',
                },
              },
              tok.secretariat,
            ),
          ).createBriefingSession.id as string,
      );
      const tally = new Tally();
      for (const [r, sessionId] of sessions.entries()) {
        const capacity = capacityOf(r);
        // Registrations take no seat (held until the address confirms): all of them are accepted, concurrently.
        const emails = Array.from({ length: capacity + 2 }, (_, n) => `p${n}-r${r}@pref.example.lg.jp`);
        const registered = await Promise.all(
          emails.map((email) =>
            gql(t.app, 'mutation($s: ID!, $i: BriefingRegistrationInput!) { registerForBriefing(sessionId: $s, input: $i) { id } }', {
              s: sessionId,
              i: { name: '説明 花子', organisation: '県', kind: 'LOCAL_GOVERNMENT', email, consentToRecording: true },
            }),
          ),
        );
        tally.check(r, winners(registered).length === capacity + 2, `${winners(registered).length} registrations held`);
        // The seat is taken at confirmation, under the session's row lock: the tokens are confirmed at once.
        const tokens = await Promise.all(emails.map((email) => briefingLinkToken(t.app, email)));
        const rs = await Promise.all(
          tokens.map((token) => gql(t.app, 'mutation($t: String!) { confirmBriefingRegistration(input: { token: $t }) { id } }', { t: token })),
        );
        tally.check(r, winners(rs).length === capacity, `${winners(rs).length} confirmed, capacity ${capacity}`);
        tally.check(r, codes(rs).length === 2 && codes(rs).every((x) => x === 'SESSION_FULL'), `refusals ${codes(rs).join(',')}`);
        const [inv] = await db.query(
          `SELECT (SELECT count(*)::int FROM briefing_registrations WHERE session_id = $1 AND status = 'CONFIRMED') AS registered,
                  (SELECT count(*)::int FROM outbox WHERE dedupe_key LIKE 'briefing:%'
                    AND split_part(dedupe_key, ':', 2) IN (SELECT id::text FROM briefing_registrations WHERE session_id = $1)) AS confirmations`,
          [sessionId],
        );
        tally.check(r, inv.registered === capacity && inv.confirmations === capacity, `invariant ${JSON.stringify(inv)}`);
        tally.rounds++;
      }
      expect(tally.failures).toEqual([]);
      expect(tally.rounds).toBe(ROUNDS);
    },
    RACE_TIMEOUT,
  );
});
