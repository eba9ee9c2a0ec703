import { ACCESS_POLICY, Rule } from '../apps/api/src/auth/access-policy';
import { createTestApp, gql, ok, publishedRegions, signIn, STANDARD_ACCOUNTS, TestApp } from './support';

/**
 * The access table's sensitive object fields are enforced by the table itself (object-field-access.ts), not by
 * copies in their resolvers: the contacts and the briefing link resolvers hold no rule any more, so what a role reads
 * here is what ACCESS_POLICY says. The last test changes one entry while the app runs and sees the answer follow it.
 */
describe('the access table enforces its object fields', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let applicationId: string;
  let programId: string;

  const contactsOf = async (who: string) =>
    ok(await gql(t.app, 'query($id: ID!) { regionApplication(id: $id) { id contacts { name } } }', { id: applicationId }, tok[who])).regionApplication
      .contacts as Array<{ name: string }>;

  beforeAll(async () => {
    t = await createTestApp();
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
    ({ programId } = await publishedRegions(t, tok.secretariat, [{ token: tok.hyogo, prefectureCode: '28', partners: ['282090', '282065'] }]));
    applicationId = ok(await gql(t.app, '{ myRegionApplications { id } }', {}, tok.hyogo)).myRegionApplications[0].id;
    ok(
      await gql(
        t.app,
        'mutation($i: CreateBriefingSessionInput!) { createBriefingSession(input: $i) { id } }',
        {
          i: {
            programId,
            title: '公募説明会',
            startsAt: '2025-03-27T13:00',
            endsAt: '2025-03-27T14:00',
            onlineUrl: 'https://teams.example.jp/meet/object-fields',
            capacity: 10,
            registrationClosesAt: '2025-03-26T17:00',
          },
        },
        tok.secretariat,
      ),
    );
  });
  afterAll(() => t.close());

  it('RegionApplication.contacts: the applying prefecture and the secretariat; a partner municipality and the ministry read an empty list', async () => {
    expect(Object.keys(ACCESS_POLICY['RegionApplication.contacts']).sort()).toEqual(['PREFECTURE', 'SECRETARIAT']);
    expect((await contactsOf('hyogo')).length).toBeGreaterThan(0);
    expect((await contactsOf('secretariat')).length).toBeGreaterThan(0);
    // Both reach the application (root field regionApplication) but not the field: the table leaves their roles out.
    expect(await contactsOf('toyooka')).toEqual([]);
    expect(await contactsOf('ministry')).toEqual([]);
  });

  it('BriefingSession.onlineUrl: the staff only; the public and other roles read null (the resolver returns the link as stored)', async () => {
    const url = async (who?: string) =>
      ok(await gql(t.app, 'query($p: ID!) { briefingSessions(programId: $p) { onlineUrl } }', { p: programId }, who && tok[who])).briefingSessions[0].onlineUrl;
    expect(await url('secretariat')).toBe('https://teams.example.jp/meet/object-fields');
    expect(await url('ministry')).toBe('https://teams.example.jp/meet/object-fields');
    for (const who of [undefined, 'hyogo', 'toyooka', 'evaluator']) expect(await url(who)).toBeNull();
  });

  it('the table decides: letting the ministry into RegionApplication.contacts shows it the contacts, and taking it out hides them again', async () => {
    const entry = ACCESS_POLICY['RegionApplication.contacts'];
    expect(await contactsOf('ministry')).toEqual([]);
    entry.MINISTRY = Rule.READ_ONLY;
    try {
      expect((await contactsOf('ministry')).length).toBeGreaterThan(0);
    } finally {
      delete entry.MINISTRY;
    }
    expect(await contactsOf('ministry')).toEqual([]);
  });
});
