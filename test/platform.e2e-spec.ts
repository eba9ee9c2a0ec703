import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import { projectRoot, Role } from '@app/core';
import { createTestApp, errorCode, gql, signIn, STANDARD_ACCOUNTS, TestApp } from './support';
import { ACCESS_POLICY } from '../apps/api/src/auth/access-policy';
import { printApiSchema, SCHEMA_FILE } from '../apps/api/src/graphql/schema-file';
import { ELIGIBILITY_REQUIREMENTS } from '../libs/calls/src/domain/eligibility';
import { SUPPORT_MENU } from '../libs/calls/src/domain/support-menu';

describe('platform: health, errors, schema, IDE, access declarations', () => {
  let t: TestApp;
  let tok: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    tok = await signIn(t.app, STANDARD_ACCOUNTS.slice(0, 1));
  });
  afterAll(() => t.close());

  it('GET /health answers when the database is reachable, with a request id', async () => {
    const res = await request(t.app.getHttpServer()).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
    expect(res.headers['x-request-id']).toMatch(/^[\w-]{8,}$/);
    // The id is the server's own; a client's x-request-id never replaces it (test/security-startup.e2e-spec.ts).
    const given = await request(t.app.getHttpServer()).get('/health').set('x-request-id', 'client-chosen-id-123');
    expect(given.headers['x-request-id']).not.toBe('client-chosen-id-123');
    expect(given.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets security headers', async () => {
    const res = await request(t.app.getHttpServer()).get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    // GraphQL answers carry personal and unpublished data: never stored by a browser or a proxy.
    const g = await request(t.app.getHttpServer()).post('/graphql').set('content-type', 'application/json').send({ query: '{ __typename }' });
    expect(g.headers['cache-control']).toBe('no-store');
  });

  describe('bad input gets a typed error in Japanese and English, never a 500', () => {
    it('a query that does not parse', async () => {
      const r = await gql(t.app, '{ prefectures { ');
      expect(r.status).toBe(400);
      expect(errorCode(r)).toBe('GRAPHQL_PARSE_FAILED');
      expect(r.errors![0].extensions.messageJa).toBeTruthy();
    });

    it('an unknown field, and a variable of the wrong type', async () => {
      expect(errorCode(await gql(t.app, '{ nope }'))).toBe('GRAPHQL_VALIDATION_FAILED');
      const r = await gql(t.app, 'query($p: String!) { municipalities(prefectureCode: $p) { lgCode } }', { p: 13 });
      expect(r.status).toBeLessThan(500);
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
    });

    it('a malformed id reads as NOT_FOUND; a huge string as VALIDATION_FAILED', async () => {
      expect(errorCode(await gql(t.app, '{ regionApplication(id: "1; DROP TABLE users") { id } }', {}, tok.secretariat))).toBe('NOT_FOUND');
      const r = await gql(t.app, 'query($p: String) { municipalities(prefectureCode: "13", prefix: $p) { lgCode } }', { p: 'あ'.repeat(10_000) });
      expect(errorCode(r)).toBe('VALIDATION_FAILED');
      expect(r.errors![0].extensions).toMatchObject({ messageJa: expect.stringContaining('入力内容に誤り'), messageEn: expect.stringContaining('prefix') });
    });

    it('an invalid date-time in an input', async () => {
      const r = await gql(
        t.app,
        'mutation { createCall(input: {programId: "00000000-0000-4000-8000-000000000000", kind: REGION, title: "x", opensAt: "2025-02-30T00:00", closesAt: "2025-03-01T00:00"}) { id } }',
        {},
        tok.secretariat,
      );
      expect(['VALIDATION_FAILED', 'NOT_FOUND']).toContain(errorCode(r));
    });

    it('a request body that is not JSON', async () => {
      const res = await request(t.app.getHttpServer()).post('/graphql').set('content-type', 'application/json').send('{"query": ');
      expect(res.status).toBe(400);
    });
  });

  it('keeps schema.graphql equal to the schema the code builds (run `npm run schema:write`)', () => {
    const committed = readFileSync(join(projectRoot(), SCHEMA_FILE), 'utf8');
    expect(printApiSchema(t.app)).toBe(committed);
  });

  it('migrations import nothing but other migrations and packages (also the depcheck rule migrations-are-self-contained)', () => {
    const dir = join(projectRoot(), 'migrations');
    const outside = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) =>
        [...readFileSync(join(dir, f), 'utf8').matchAll(/(?:from|import\(|require\()\s*'([^']+)'/g)]
          .map((m) => m[1])
          .filter((spec) => spec.startsWith('../') || spec.startsWith('@app/') || spec.startsWith('/'))
          .map((spec) => `${f} → ${spec}`),
      );
    expect(outside).toEqual([]);
  });

  it('keeps the API layout: object types and enums in *.models.ts, inputs and arguments in *.inputs.ts', () => {
    const src = join(projectRoot(), 'apps/api/src');
    const misplaced = readdirSync(src)
      .filter((area) => !['common', 'graphql'].includes(area) && statSync(join(src, area)).isDirectory())
      .flatMap((area) => readdirSync(join(src, area)).map((f) => `${area}/${f}`))
      .filter((f) => {
        const text = readFileSync(join(src, f), 'utf8');
        if (!f.endsWith('.models.ts') && /@ObjectType\(|registerEnumType\(/.test(text)) return true;
        return !f.endsWith('.inputs.ts') && /@InputType\(|@ArgsType\(/.test(text);
      });
    expect(misplaced).toEqual([]);
  });

  it('the reference data the migrations inserted is the live support menu and requirement list (a change needs a migration)', async () => {
    const db = t.app.get(DataSource);
    const menu = await db.query('SELECT code, parent_code, title_ja, title_en, required FROM support_menu_items ORDER BY sort_order');
    expect(menu).toEqual(
      SUPPORT_MENU.map((m) => ({ code: m.code, parent_code: m.parentCode, title_ja: m.titleJa, title_en: m.titleEn, required: m.required })),
    );
    const requirements = await db.query('SELECT number, title_ja, title_en FROM eligibility_requirements ORDER BY number');
    expect(requirements).toEqual(ELIGIBILITY_REQUIREMENTS.map((r) => ({ number: r.number, title_ja: r.titleJa, title_en: r.titleEn })));
  });

  it('has every root field of the schema in the access table, and nothing in the table that the schema lacks', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const types = [schema.getQueryType()!, schema.getMutationType()!, schema.getSubscriptionType()!];
    const fields = types.flatMap((type) => Object.keys(type.getFields()).map((f) => `${type.name}.${f}`));
    expect(fields.filter((f) => !ACCESS_POLICY[f])).toEqual([]);
    const inSchema = (key: string) => {
      const [type, field] = key.split('.');
      const named = schema.getType(type);
      return !!named && 'getFields' in named && !!(named as { getFields(): Record<string, unknown> }).getFields()[field];
    };
    expect(Object.keys(ACCESS_POLICY).filter((k) => !inSchema(k))).toEqual([]);
    expect(fields.length).toBeGreaterThan(100);
  });

  it('keeps the ministry read-only: no mutation lets it in but its own account (password, second factor)', () => {
    const writers = Object.entries(ACCESS_POLICY).filter(([k, p]) => k.startsWith('Mutation.') && Role.MINISTRY in p);
    // Its own account, not the round's data: its own password and second factor (SELF, nobody else's).
    expect(writers.map(([k, p]) => [k, p[Role.MINISTRY]])).toEqual([
      ['Mutation.changePassword', 'self'],
      ['Mutation.startTotpEnrolment', 'self'],
      ['Mutation.confirmTotpEnrolment', 'self'],
      ['Mutation.disableTotp', 'self'],
    ]);
  });

  it('names its types as DOMAIN.md does', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const names = [
      'Prefecture',
      'Municipality',
      'Program',
      'Call',
      'RegionApplication',
      'PartnerMunicipality',
      'Memorandum',
      'RegionalIssue',
      'DesiredSupport',
      'SupportMenuItem',
      'EligibilityRequirement',
      'CandidateRegion',
      'Vendor',
      'VendorApplication',
      'RegionProposal',
      'Evaluator',
      'EvaluationPanel',
      'ConflictOfInterest',
      'EvaluationCriterion',
      'Score',
      'Inquiry',
      'Match',
      'UnsupportedRegion',
      'MatchingRun',
      'Engagement',
      'Meeting',
      'Observer',
      'InterimReport',
      'FinalReport',
      'BriefingSession',
      'BriefingRegistration',
    ];
    expect(names.filter((n) => !schema.getType(n))).toEqual([]);
  });

  it('serves GraphiQL at /graphql to browsers without any CDN', async () => {
    const page = await request(t.app.getHttpServer()).get('/graphql').set('accept', 'text/html');
    expect(page.status).toBe(200);
    expect(page.text).toContain('GraphiQL');
    expect(page.text).not.toMatch(/https?:\/\//);
    for (const asset of ['react.js', 'react-dom.js', 'graphiql.js', 'graphiql.css']) {
      const res = await request(t.app.getHttpServer()).get(`/ide/${asset}`);
      expect(res.status).toBe(200);
      expect(res.body.length || res.text.length).toBeGreaterThan(1000);
    }
  });
});
