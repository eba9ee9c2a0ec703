import { INestApplication } from '@nestjs/common';
import { gql, ok, pdfBytes, upload } from './test-app';

/** The call of the spec: 2025-02-10 00:00 to 2025-02-28 17:00 JST. */
export const R7_WINDOW = { opensAt: '2025-02-10T00:00', closesAt: '2025-02-28T17:00' };
export const IN_WINDOW = '2025-02-20T10:00:00+09:00';

export const APPLICATION_FIELDS = `
  id status version prefectureCode decisionReason submittedAt
  partners { id municipalityCode municipality { name } memorandum { sha256 fileName } issues { id title category } desiredSupport { menuItemCode note } }
  requirements { number declared evidence met checkNote }
  contacts { id name email }
  receipts { number contentDigest receivedAt }
  repeatApplicant { isRepeatApplicant previousPartnerCount requiredPartnerCount partnerCount ruleHolds participationRatio bonusPoints budgetCapYen }
`;

export async function createProgramAndCall(
  app: INestApplication,
  secretariat: string,
  opts: { fiscalYear?: number; opensAt?: string; closesAt?: string; open?: boolean; regionBudgetCapYen?: number; supportEndsOn?: string } = {},
): Promise<{ programId: string; callId: string }> {
  const fiscalYear = opts.fiscalYear ?? 2025;
  const p = ok(
    await gql(
      app,
      'mutation($i: CreateProgramInput!) { createProgram(input: $i) { id } }',
      {
        i: {
          fiscalYear,
          name: `令和${fiscalYear - 2018}年度 推進体制構築支援`,
          regionBudgetCapYen: opts.regionBudgetCapYen ?? 80_000_000,
          ...(opts.supportEndsOn ? { supportEndsOn: opts.supportEndsOn } : {}),
        },
      },
      secretariat,
    ),
  ).createProgram;
  const c = ok(
    await gql(
      app,
      'mutation($i: CreateCallInput!) { createCall(input: $i) { id } }',
      {
        i: {
          programId: p.id,
          kind: 'REGION',
          title: '支援地域の公募',
          opensAt: opts.opensAt ?? R7_WINDOW.opensAt,
          closesAt: opts.closesAt ?? R7_WINDOW.closesAt,
        },
      },
      secretariat,
    ),
  ).createCall;
  if (opts.open !== false) ok(await gql(app, 'mutation($id: ID!) { openCall(id: $id) { status } }', { id: c.id }, secretariat));
  return { programId: p.id, callId: c.id };
}

export async function startApplication(app: INestApplication, token: string, callId: string): Promise<any> {
  return ok(await gql(app, `mutation($c: ID!) { startRegionApplication(callId: $c) { ${APPLICATION_FIELDS} } }`, { c: callId }, token)).startRegionApplication;
}

export async function addPartner(app: INestApplication, token: string, applicationId: string, lgCode: string) {
  return gql(
    app,
    `mutation($a: ID!, $l: String!) { addPartnerMunicipality(applicationId: $a, lgCode: $l) { ${APPLICATION_FIELDS} } }`,
    { a: applicationId, l: lgCode },
    token,
  );
}

/**
 * A complete application (partners with memoranda and an issue each, all nine requirements,
 * a consenting contact), ready to submit. Everything through the public API.
 */
export async function completeDraft(app: INestApplication, token: string, callId: string, partners: string[]): Promise<any> {
  const a = await startApplication(app, token, callId);
  let current: any = a;
  for (const code of partners) current = ok(await addPartner(app, token, a.id, code)).addPartnerMunicipality;
  for (const p of current.partners) {
    const up = await upload(app, token, pdfBytes(p.municipalityCode), `覚書_${p.municipalityCode}.pdf`);
    if (up.status !== 201) throw new Error(`upload failed: ${up.status} ${JSON.stringify(up.body)}`);
    ok(await gql(app, 'mutation($p: ID!, $d: ID!) { attachMemorandum(partnerId: $p, documentId: $d) { id } }', { p: p.id, d: up.body.id }, token));
    ok(
      await gql(
        app,
        'mutation($p: ID!, $i: RegionalIssueInput!) { addRegionalIssue(partnerId: $p, issue: $i) { id } }',
        {
          p: p.id,
          i: { category: 'MOBILITY', title: `移動手段の確保（${p.municipalityCode}）`, description: '路線バスの減便への対応' },
        },
        token,
      ),
    );
  }
  ok(
    await gql(
      app,
      'mutation($a: ID!, $d: [RequirementDeclarationInput!]!) { declareRequirements(applicationId: $a, declarations: $d) { id } }',
      {
        a: a.id,
        d: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ number: n, declared: true, evidence: `要件${n}の根拠` })),
      },
      token,
    ),
  );
  ok(
    await gql(
      app,
      'mutation($a: ID!, $c: ContactInput!) { addContact(applicationId: $a, contact: $c) { id } }',
      {
        a: a.id,
        c: {
          name: '担当 太郎',
          department: 'デジタル推進課',
          email: `tanto-${a.prefectureCode}@pref.example.lg.jp`,
          phone: '078-000-0000',
          consentToPersonalDataTerms: true,
        },
      },
      token,
    ),
  );
  return getApplication(app, token, a.id);
}

export async function getApplication(app: INestApplication, token: string, id: string): Promise<any> {
  return ok(await gql(app, `query($id: ID!) { regionApplication(id: $id) { ${APPLICATION_FIELDS} } }`, { id }, token)).regionApplication;
}

export async function submit(app: INestApplication, token: string, applicationId: string, idempotencyKey?: string) {
  return gql(
    app,
    'mutation($a: ID!, $k: String) { submitRegionApplication(applicationId: $a, idempotencyKey: $k) { id number receivedAt contentDigest } }',
    { a: applicationId, k: idempotencyKey },
    token,
  );
}

/** Closes the call (after its deadline), records all nine checks as met and adopts. */
export async function checkAll(app: INestApplication, secretariat: string, applicationId: string, met = true) {
  for (let n = 1; n <= 9; n++) {
    ok(
      await gql(
        app,
        'mutation($a: ID!, $n: Int!, $m: Boolean!) { recordRequirementCheck(applicationId: $a, number: $n, met: $m, note: "確認") { id } }',
        { a: applicationId, n, m: met },
        secretariat,
      ),
    );
  }
}
