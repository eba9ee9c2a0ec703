import { randomUUID } from 'node:crypto';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import {
  getNamedType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { Role } from '@app/core';
import { completeDraft, createProgramAndCall, checkAll, IN_WINDOW, submit } from './region-call.fixtures';
import { gql, GqlResult, ok, signIn, STANDARD_ACCOUNTS, TestApp } from './test-app';
import {
  approvedVendor,
  createVendorCall,
  IN_VENDOR_WINDOW,
  panelExpert,
  saveProposal,
  setRubric,
  startVendorApplication,
  submitVendor,
} from './vendor-call.fixtures';

/**
 * A small programme with everyone in it, built through the API, for the security proofs: the
 * authorization matrix and the fuzzer. Every private text carries a marker so that a response can
 * be scanned for data its reader may not see, whatever path it took to get there.
 */
export type Phase = 'before-deadline' | 'evaluating' | 'published';
export const PHASES: Phase[] = ['before-deadline', 'evaluating', 'published'];

export interface Principal {
  key: string;
  role: Role | 'ANONYMOUS';
  token?: string;
}

export interface PlantedId {
  id: string;
  /** The principals this object belongs to (its prefecture, partner, vendor, assigned expert, parties). */
  owners: string[];
}

export interface Marker {
  text: string;
  what: string;
  /** Who must never receive it, by phase. */
  neverFor(phase: Phase): string[];
  /** Who must be able to read it (so the matrix is shown to reach the data), from which phase on. */
  readableBy: Array<{ key: string; from: Phase }>;
}

export interface World {
  t: TestApp;
  schema: GraphQLSchema;
  principals: Principal[];
  /** Ids by the argument names the schema uses for them. */
  pools: Record<string, PlantedId[]>;
  markers: Marker[];
  phase: Phase;
  vendorCallId: string;
  regionCallId: string;
  /** Bids (proposal ids) that won their region in the published decision. */
  awardedProposalIds: Set<string>;
  advance(to: Phase): Promise<void>;
}

const ALL_KEYS = ['anonymous', 'secretariat', 'ministry', 'hyogo', 'nagano', 'toyooka', 'ashiya', 'vendorA', 'vendorB', 'expert1', 'expert2', 'outsider'];
const except = (...keys: string[]) => ALL_KEYS.filter((k) => !keys.includes(k));
const after = (phase: Phase, from: Phase) => PHASES.indexOf(phase) >= PHASES.indexOf(from);

export async function buildWorld(t: TestApp): Promise<World> {
  const schema = t.app.get(GraphQLSchemaHost).schema;
  const tok = {
    ...(await signIn(t.app, STANDARD_ACCOUNTS)),
    ...(await signIn(t.app, [
      { key: 'outsider', role: Role.EVALUATOR },
      { key: 'matsumoto', role: Role.MUNICIPALITY, municipalityCode: '202029' },
    ])),
  };
  const tag = randomUUID().slice(0, 8);
  // Region call: Hyogo partners with Toyooka (Ashiya stays out); Nagano with Nagano city.
  t.clock.set('2025-02-01T09:00:00+09:00');
  const { programId, callId: regionCallId } = await createProgramAndCall(t.app, tok.secretariat);
  t.clock.set(IN_WINDOW);
  const hyogoApp = await completeDraft(t.app, tok.hyogo, regionCallId, ['282090']);
  const naganoApp = await completeDraft(t.app, tok.nagano, regionCallId, ['202011']);
  for (const [a, k] of [
    [hyogoApp, tok.hyogo],
    [naganoApp, tok.nagano],
  ])
    ok(await submit(t.app, k, a.id));
  t.clock.set('2025-03-01T10:00:00+09:00');
  ok(await gql(t.app, `mutation { closeCall(id: "${regionCallId}") { status } }`, {}, tok.secretariat));
  for (const a of [hyogoApp, naganoApp]) {
    await checkAll(t.app, tok.secretariat, a.id);
    ok(await gql(t.app, `mutation { adoptRegionApplication(applicationId: "${a.id}") { status } }`, {}, tok.secretariat));
  }
  ok(await gql(t.app, `mutation { decideRegionCall(callId: "${regionCallId}") { status } }`, {}, tok.secretariat));
  ok(await gql(t.app, `mutation { publishCandidateRegions(callId: "${regionCallId}") { status } }`, {}, tok.secretariat));
  const regions = ok(await gql(t.app, '{ candidateRegions(limit: 100) { items { id prefectureCode } } }')).candidateRegions.items;
  const region = (code: string) => regions.find((r: any) => r.prefectureCode === code).id as string;

  // Vendor call: A bids for both regions, B for Hyogo only; B asks a question about Hyogo.
  t.clock.set(IN_VENDOR_WINDOW);
  const vendorCallId = await createVendorCall(t.app, tok.secretariat, programId, regionCallId);
  const criteria = await setRubric(t.app, tok.secretariat, vendorCallId, 10);
  const vA = await approvedVendor(t.app, tok.secretariat, 'vendorA', '600000000001');
  const vB = await approvedVendor(t.app, tok.secretariat, 'vendorB', '600000000002');
  const appA = await startVendorApplication(t.app, vA.token, vendorCallId, 2);
  const appB = await startVendorApplication(t.app, vB.token, vendorCallId, 1);
  const mark = (what: string) => `MARK-${what}-${tag}`;
  const proposalId = (r: any, regionId: string) => r.proposals.find((p: any) => p.candidateRegionId === regionId).id as string;
  const a28 = proposalId(ok(await saveProposal(t.app, vA.token, appA, region('28'), { approach: mark('PROP-A28') })).saveRegionProposal, region('28'));
  const a20 = proposalId(ok(await saveProposal(t.app, vA.token, appA, region('20'), { approach: mark('PROP-A20') })).saveRegionProposal, region('20'));
  const b28 = proposalId(ok(await saveProposal(t.app, vB.token, appB, region('28'), { approach: mark('PROP-B28') })).saveRegionProposal, region('28'));
  ok(await submitVendor(t.app, vA.token, appA));
  ok(await submitVendor(t.app, vB.token, appB));
  const inquiry = ok(
    await gql(
      t.app,
      'mutation($c: ID!, $r: ID, $q: String!) { askInquiry(callId: $c, candidateRegionId: $r, question: $q) { id } }',
      { c: vendorCallId, r: region('28'), q: mark('QUESTION-B') },
      vB.token,
    ),
  ).askInquiry;
  const inquiryA = ok(
    await gql(
      t.app,
      'mutation($c: ID!, $r: ID, $q: String!) { askInquiry(callId: $c, candidateRegionId: $r, question: $q) { id } }',
      { c: vendorCallId, r: region('20'), q: mark('QUESTION-A') },
      vA.token,
    ),
  ).askInquiry;
  // Two experts on the panel; the second has a conflict with vendor A, so it must never see A's proposals.
  const e1 = await panelExpert(t.app, tok.secretariat, vendorCallId, { email: `e1-${tag}@univ.example.ac.jp`, name: mark('EXPERT1'), fields: ['DX'] });
  const e2 = await panelExpert(t.app, tok.secretariat, vendorCallId, { email: `e2-${tag}@univ.example.ac.jp`, name: mark('EXPERT2'), fields: ['DX'] });
  ok(
    await gql(
      t.app,
      'mutation($i: DeclareConflictInput!) { declareConflict(input: $i) { id } }',
      { i: { corporateNumber: vA.corporateNumber, kind: 'EMPLOYMENT', note: '前職' } },
      e2.token,
    ),
  );

  const principals: Principal[] = [
    { key: 'anonymous', role: 'ANONYMOUS' },
    { key: 'secretariat', role: Role.SECRETARIAT, token: tok.secretariat },
    { key: 'ministry', role: Role.MINISTRY, token: tok.ministry },
    { key: 'hyogo', role: Role.PREFECTURE, token: tok.hyogo },
    { key: 'nagano', role: Role.PREFECTURE, token: tok.nagano },
    { key: 'toyooka', role: Role.MUNICIPALITY, token: tok.toyooka },
    { key: 'ashiya', role: Role.MUNICIPALITY, token: tok.ashiya },
    { key: 'vendorA', role: Role.VENDOR, token: vA.token },
    { key: 'vendorB', role: Role.VENDOR, token: vB.token },
    { key: 'expert1', role: Role.EVALUATOR, token: e1.token },
    { key: 'expert2', role: Role.EVALUATOR, token: e2.token },
    { key: 'outsider', role: Role.EVALUATOR, token: tok.outsider },
  ];
  const emails: Record<string, string> = {};
  // Each principal's addresses for notices: its account, its e-mail, its prefecture (prefecture officials), municipality, vendor.
  const addressees = new Map<string, string>();
  for (const p of principals.filter((p) => p.token)) {
    const me = ok(await gql(t.app, '{ me { id email role prefectureCode municipalityCode vendorId } }', {}, p.token)).me;
    emails[p.key] = me.email;
    addressees.set(`user:${me.id}`, p.key).set(`email:${me.email}`, p.key);
    if (me.role === Role.PREFECTURE) addressees.set(`prefecture:${me.prefectureCode}`, p.key);
    if (me.municipalityCode) addressees.set(`municipality:${me.municipalityCode}`, p.key);
    if (me.vendorId) addressees.set(`vendor:${me.vendorId}`, p.key);
  }

  // Filled as the call goes on: the experts assigned to each bid, and the bids that won their region.
  const sealedReaders = { assigned: (_m: string): string[] => [], awarded: new Set<string>() };
  // Who may read what. Staff read everything; the rest is the call's rules.
  const staff = ['secretariat', 'ministry'];
  const markers: Marker[] = [
    ...[
      ['hyogo', hyogoApp],
      ['nagano', naganoApp],
    ].map(([pref, a]: any) => ({
      text: a.contacts?.[0]?.email ?? `tanto-${a.prefectureCode}@pref.example.lg.jp`,
      what: `contact e-mail of ${pref}'s application`,
      neverFor: () => except(pref, ...staff),
      readableBy: [{ key: pref, from: 'before-deadline' as Phase }],
    })),
    // Sealed bids: before the deadline only the bidder; then the secretariat and the assigned experts; once published
    // the ministry and the prefecture of the region the bid won (the experts are added once assignments are known).
    ...(
      [
        ['PROP-A28', "vendor A's proposal for Hyogo", 'vendorA', 'hyogo'],
        ['PROP-A20', "vendor A's proposal for Nagano", 'vendorA', 'nagano'],
        ['PROP-B28', "vendor B's proposal for Hyogo", 'vendorB', 'hyogo'],
      ] as const
    ).map(([m, what, vendor, pref]) => ({
      text: mark(m),
      what,
      neverFor: (ph: Phase) =>
        except(
          vendor,
          ...(after(ph, 'evaluating') ? ['secretariat', ...sealedReaders.assigned(m)] : []),
          ...(after(ph, 'published') ? ['ministry', ...(sealedReaders.awarded.has(m) ? [pref] : [])] : []),
        ),
      readableBy: [{ key: vendor, from: 'before-deadline' as Phase }],
    })),
    ...['expert1', 'expert2'].map((e, i) => ({
      text: mark(`EXPERT${i + 1}`),
      what: `the name of ${e} (the panel is anonymous to applicants)`,
      neverFor: () => except(e, 'expert1', 'expert2', ...staff),
      readableBy: [{ key: 'secretariat', from: 'before-deadline' as Phase }],
    })),
    ...principals
      .filter((p) => p.token && p.key !== 'secretariat' && p.key !== 'ministry')
      .map((p) => ({
        text: emails[p.key],
        what: `the sign-in e-mail of ${p.key}`,
        neverFor: () => except(p.key, ...staff),
        readableBy: [{ key: p.key, from: 'before-deadline' as Phase }],
      })),
  ];

  const partnerOf = (a: any) => a.partners.map((p: any) => p.id as string);
  const pools: Record<string, PlantedId[]> = {
    programId: [{ id: programId, owners: [] }],
    callId: [
      { id: regionCallId, owners: [] },
      { id: vendorCallId, owners: [] },
    ],
    regionCallId: [{ id: regionCallId, owners: [] }],
    candidateRegionId: [
      { id: region('28'), owners: ['hyogo', 'toyooka'] },
      { id: region('20'), owners: ['nagano'] },
    ],
    regionApplication: [
      { id: hyogoApp.id, owners: ['hyogo', 'toyooka'] },
      { id: naganoApp.id, owners: ['nagano'] },
    ],
    vendorApplication: [
      { id: appA, owners: ['vendorA'] },
      { id: appB, owners: ['vendorB'] },
    ],
    proposalId: [
      { id: a28, owners: ['vendorA', 'hyogo'] },
      { id: a20, owners: ['vendorA', 'nagano'] },
      { id: b28, owners: ['vendorB', 'hyogo'] },
    ],
    vendorId: [
      { id: vA.vendorId, owners: ['vendorA'] },
      { id: vB.vendorId, owners: ['vendorB'] },
    ],
    evaluatorId: [
      { id: e1.id, owners: ['expert1'] },
      { id: e2.id, owners: ['expert2'] },
    ],
    partnerId: [
      ...partnerOf(hyogoApp).map((id: string) => ({ id, owners: ['hyogo'] })),
      ...partnerOf(naganoApp).map((id: string) => ({ id, owners: ['nagano'] })),
    ],
    contactId: [
      ...hyogoApp.contacts.map((c: any) => ({ id: c.id, owners: ['hyogo'] })),
      ...naganoApp.contacts.map((c: any) => ({ id: c.id, owners: ['nagano'] })),
    ],
    issueId: [
      ...hyogoApp.partners.flatMap((p: any) => p.issues.map((i: any) => ({ id: i.id, owners: ['hyogo'] }))),
      ...naganoApp.partners.flatMap((p: any) => p.issues.map((i: any) => ({ id: i.id, owners: ['nagano'] }))),
    ],
    inquiryId: [
      { id: inquiry.id, owners: ['vendorB', 'hyogo'] },
      { id: inquiryA.id, owners: ['vendorA', 'nagano'] },
    ],
    criterionId: criteria.map((c: any) => ({ id: c.id, owners: [] })),
  };
  pools.applicationId = [...pools.regionApplication, ...pools.vendorApplication];

  const world: World = {
    t,
    schema,
    principals,
    pools,
    markers,
    phase: 'before-deadline',
    vendorCallId,
    regionCallId,
    awardedProposalIds: new Set(),
    async advance(to: Phase) {
      const sec = tok.secretariat;
      if (to === 'evaluating') {
        t.clock.set('2025-03-28T15:00:00+09:00');
        ok(await gql(t.app, `mutation { closeCall(id: "${vendorCallId}") { status } }`, {}, sec));
        ok(await gql(t.app, `mutation { runAssignment(callId: "${vendorCallId}") { status } }`, {}, sec));
        ok(await gql(t.app, `mutation { confirmAssignments(callId: "${vendorCallId}") { confirmed } }`, {}, sec));
        for (const [key, e] of [
          ['expert1', e1],
          ['expert2', e2],
        ] as const) {
          for (const p of ok(await gql(t.app, '{ myAssignedProposals { id } }', {}, e.token)).myAssignedProposals) {
            pools.proposalId.find((x) => x.id === p.id)!.owners.push(key);
            ok(
              await gql(
                t.app,
                'mutation($p: ID!, $s: [ScoreInput!]!) { saveScores(proposalId: $p, scores: $s) { id } }',
                { p: p.id, s: criteria.map((c: any) => ({ criterionId: c.id, points: p.id === b28 ? 5 : 3, comment: mark(`SCORE-${key}`) })) },
                e.token,
              ),
            );
          }
        }
        const assigned = (pid: string) => pools.proposalId.find((x) => x.id === pid)!.owners;
        if (assigned(a28).includes('expert2') || assigned(a20).includes('expert2')) throw new Error('a conflicted expert was assigned');
        const byMarker: Record<string, string> = { 'PROP-A28': a28, 'PROP-A20': a20, 'PROP-B28': b28 };
        sealedReaders.assigned = (m) => assigned(byMarker[m]).filter((k) => k.startsWith('expert'));
        for (const key of ['expert1', 'expert2']) {
          markers.push({
            text: mark(`SCORE-${key}`),
            what: `${key}'s score comments`,
            neverFor: () => except(key, ...staff),
            readableBy: [{ key, from: 'evaluating' }],
          });
        }
      }
      if (to === 'published') {
        for (const e of [e1, e2]) {
          for (const p of ok(await gql(t.app, '{ myAssignedProposals { id } }', {}, e.token)).myAssignedProposals) {
            ok(await gql(t.app, `mutation { submitScores(proposalId: "${p.id}") { status } }`, {}, e.token));
          }
        }
        const run = ok(await gql(t.app, `mutation { runMatching(input: {callId: "${vendorCallId}"}) { id } }`, {}, sec)).runMatching;
        pools.runId = [{ id: run.id, owners: [] }];
        ok(await gql(t.app, `mutation { approveMatching(runId: "${run.id}") { status } }`, {}, sec));
        ok(await gql(t.app, `mutation { publishMatching(runId: "${run.id}") { status } }`, {}, sec));
        const engagements = ok(await gql(t.app, '{ myEngagements { id vendorId candidateRegionId } }', {}, sec)).myEngagements;
        pools.engagementId = engagements.map((e: any) => ({
          id: e.id,
          owners: [e.vendorId === vA.vendorId ? 'vendorA' : 'vendorB', e.candidateRegionId === region('28') ? 'hyogo' : 'nagano'],
        }));
        pools.engagement = pools.engagementId;
        for (const e of engagements) {
          const bid = e.vendorId === vA.vendorId ? (e.candidateRegionId === region('28') ? 'PROP-A28' : 'PROP-A20') : 'PROP-B28';
          sealedReaders.awarded.add(bid);
          world.awardedProposalIds.add({ 'PROP-A28': a28, 'PROP-A20': a20, 'PROP-B28': b28 }[bid]);
        }
        // Engagement objects for the ownership probes: a meeting and an interim report per engagement, an observer
        // (a non-partner municipality of the prefecture) per meeting.
        const vendorToken = (owners: string[]) => (owners.includes('vendorA') ? vA.token : vB.token);
        pools.meetingId = [];
        pools.reportId = [];
        pools.observerId = [];
        for (const e of pools.engagementId) {
          const meeting = ok(
            await gql(
              t.app,
              'mutation($e: ID!, $i: MeetingInput!) { scheduleMeeting(engagementId: $e, input: $i) { id } }',
              { e: e.id, i: { scheduledAt: '2025-05-20T10:00', agenda: '第1回 定例会', mode: 'ONLINE' } },
              vendorToken(e.owners),
            ),
          ).scheduleMeeting;
          pools.meetingId.push({ id: meeting.id, owners: [...e.owners] });
          const report = ok(
            await gql(
              t.app,
              'mutation($e: ID!, $i: ReportInput!) { submitReport(engagementId: $e, kind: INTERIM, input: $i) { id } }',
              { e: e.id, i: { body: '中間報告', progress: [] } },
              vendorToken(e.owners),
            ),
          ).submitReport;
          pools.reportId.push({ id: report.id, owners: [...e.owners] });
          const observer = e.owners.includes('hyogo') ? tok.ashiya : tok.matsumoto;
          const o = ok(await gql(t.app, `mutation { registerAsObserver(meetingId: "${meeting.id}") { id } }`, {}, observer)).registerAsObserver;
          pools.observerId.push({ id: o.id, owners: [e.owners.includes('hyogo') ? 'hyogo' : 'nagano', ...(e.owners.includes('hyogo') ? ['ashiya'] : [])] });
        }
      }
      world.phase = to;
      await plantNotices();
    },
  };
  /**
   * The notices issued so far (the round's decisions issue them as it goes), each read by its addressee and by whoever
   * reads the object it is about (an application, a candidate region, a vendor's application: the owners planted above).
   * Notices about a bid, an engagement or an inquiry are left out: who reads those objects changes with the phase.
   */
  const plantNotices = async () => {
    const aboutReaders: Record<string, PlantedId[] | undefined> = {
      REGION_APPLICATION: pools.regionApplication,
      CANDIDATE_REGION: pools.candidateRegionId,
      VENDOR_APPLICATION: pools.vendorApplication,
    };
    const rows: Array<{ id: string; audience: string; object_type: string | null; object_id: string | null }> = await t.app
      .get(DataSource)
      .query('SELECT id::text, audience, object_type, object_id::text FROM notices');
    pools.noticeId = rows.flatMap((n) => {
      if (n.object_type && n.object_type !== 'MATCHING_RUN' && !aboutReaders[n.object_type]) return [];
      const about = n.object_type && n.object_id ? (aboutReaders[n.object_type]?.find((o) => o.id === n.object_id)?.owners ?? []) : [];
      const addressee = addressees.get(n.audience);
      return [{ id: n.id, owners: [...new Set([...(addressee ? [addressee] : []), ...about])] }];
    });
    // No notice yet: the field is still probed, with a fresh id (an empty pool would probe nothing).
    if (!pools.noticeId.length) delete pools.noticeId;
  };
  await plantNotices();
  return world;
}

// ---------------------------------------------------------------------------------------------
// Operations generated from the live schema

/** Which pool an `id` argument draws from, by the type the field returns. */
const ID_POOL_BY_TYPE: Record<string, string> = {
  RegionApplication: 'regionApplication',
  VendorApplication: 'vendorApplication',
  RegionProposal: 'proposalId',
  Vendor: 'vendorId',
  Call: 'callId',
  Program: 'programId',
  CandidateRegion: 'candidateRegionId',
  Engagement: 'engagementId',
  MatchingRun: 'runId',
  Evaluator: 'evaluatorId',
  Notice: 'noticeId',
};

export interface Operation {
  kind: 'query' | 'mutation';
  field: string;
  text: string;
  variables: Record<string, unknown>;
  /** The planted objects the arguments point at. */
  targets: PlantedId[];
}

export function rootFields(schema: GraphQLSchema, kind: 'query' | 'mutation'): GraphQLField<unknown, unknown>[] {
  const type = kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
  return Object.values(type.getFields());
}

/** The pool an argument draws its ids from (undefined: a fresh random id). */
export function poolFor(world: World, field: GraphQLField<unknown, unknown>, arg: GraphQLArgument): PlantedId[] | undefined {
  if (arg.name === 'id') return world.pools[ID_POOL_BY_TYPE[getNamedType(field.type).name] ?? ''];
  return world.pools[arg.name];
}

/** A type-correct value for an input type (ids from the pools where `pick` chooses). */
export function sampleValue(type: GraphQLInputType, name: string, pick: (name: string) => string | undefined, depth = 0): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType, name, pick, depth);
  if (isListType(type)) return [sampleValue(type.ofType, name.replace(/s$/, ''), pick, depth)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) {
      if (isNonNullType(f.type) || depth < 1) out[f.name] = sampleValue(f.type, f.name, pick, depth + 1);
    }
    return out;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID':
        return pick(name) ?? randomUUID();
      case 'Int':
        return 10;
      case 'Float':
        return 1.5;
      case 'Boolean':
        return true;
      case 'DateTime':
        return '2025-03-20T10:00:00+09:00';
      default:
        if (/email/i.test(name)) return 'someone@example.co.jp';
        if (/lgCode|municipalityCode/.test(name)) return '282090';
        if (/prefectureCode/.test(name)) return '28';
        if (/corporateNumber/.test(name)) return '1234567890123';
        return 'テスト';
    }
  }
  return null;
}

/** Every scalar of the returned type, and of its object fields down to `depth` levels (fields needing arguments left out). */
export function selectionFor(type: GraphQLNamedType, depth: number): string {
  if (!isObjectType(type)) return '';
  const parts: string[] = [];
  for (const f of Object.values((type as GraphQLObjectType).getFields())) {
    if (f.args.some((a) => isNonNullType(a.type))) continue;
    const named = getNamedType(f.type);
    if (isObjectType(named)) {
      if (depth > 0) {
        const inner = selectionFor(named, depth - 1);
        if (inner) parts.push(`${f.name} { ${inner} }`);
      }
    } else parts.push(f.name);
  }
  return parts.join(' ');
}

/** One operation on a root field, with `choose` deciding each id argument. */
export function buildOperation(
  world: World,
  kind: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
  choose: (arg: GraphQLArgument, pool: PlantedId[] | undefined) => PlantedId | undefined,
  depth = 3,
): Operation {
  const targets: PlantedId[] = [];
  const variables: Record<string, unknown> = {};
  const defs: string[] = [];
  const uses: string[] = [];
  for (const arg of field.args) {
    const pool = poolFor(world, field, arg);
    const pick = (name: string) => {
      const p = choose(arg, name === arg.name || name === 'id' ? pool : (world.pools[name] ?? world.pools[`${name}Id`]));
      if (p) targets.push(p);
      return p?.id;
    };
    const required = isNonNullType(arg.type);
    const idLike = getNamedType(arg.type).name === 'ID';
    if (!required && !(idLike && pool)) continue;
    variables[arg.name] = sampleValue(arg.type, arg.name, pick);
    defs.push(`$${arg.name}: ${arg.type.toString()}`);
    uses.push(`${arg.name}: $${arg.name}`);
  }
  const named = getNamedType(field.type);
  const sel = isObjectType(named) ? ` { ${selectionFor(named, depth - 1) || '__typename'} }` : '';
  const text = `${kind}${defs.length ? `(${defs.join(', ')})` : ''} { ${field.name}${uses.length ? `(${uses.join(', ')})` : ''}${sel} }`;
  return { kind, field: field.name, text, variables, targets };
}

export async function send(world: World, p: Principal, op: Pick<Operation, 'text' | 'variables'>): Promise<GqlResult> {
  return gql(world.t.app, op.text, op.variables, p.token);
}

/** The markers in a response that its reader must never see in this phase. */
export function leaks(world: World, p: Principal, body: string): Marker[] {
  return world.markers.filter((m) => body.includes(m.text) && m.neverFor(world.phase).includes(p.key));
}
