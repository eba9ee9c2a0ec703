/**
 * Every query in a repository of the area that owns the table (issue 12): each area declares its tables in
 * libs/<area>/src/owned-tables.ts, and no area's code names another's table in SQL, in a QueryBuilder call or through
 * its entity class, except the declared exceptions (SQL_OWNERSHIP_EXCEPTIONS, each with its reason). A static check: it
 * reads the sources and migrations, and needs no database.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { areasOf, entitiesIn, loadOwnership, scanSource, sourceFiles, SQL_OWNERSHIP_EXCEPTIONS, staleExceptions, violations } from './support/sql-ownership';

const root = path.resolve(__dirname, '..');
const own = loadOwnership(root);

/** The tables and views the migrations create. */
function createdByMigrations(): Set<string> {
  const out = new Set<string>();
  for (const f of sourceFiles(path.join(root, 'migrations'))) {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/CREATE\s+(?:OR\s+REPLACE\s+)?(?:TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?"?([a-z_]+)"?/gi)) {
      out.add(m[1].toLowerCase());
    }
  }
  return out;
}

describe('table ownership', () => {
  it('each area declares the tables of its own entities, and every table the migrations create has one owner', () => {
    const created = createdByMigrations();
    const problems: string[] = [];
    for (const area of areasOf(root)) {
      for (const f of sourceFiles(path.join(root, 'libs', area, 'src'))) {
        for (const e of entitiesIn(fs.readFileSync(f, 'utf8'))) {
          if (own.owner.get(e.table) !== area)
            problems.push(`${e.className} (${e.table}) is an entity of ${area}, owned by ${own.owner.get(e.table) ?? 'nobody'}`);
        }
      }
    }
    for (const t of created) if (!own.owner.has(t)) problems.push(`table ${t} is created by a migration but owned by no area`);
    for (const [t, area] of own.owner) if (!created.has(t)) problems.push(`${area} declares ${t}, which no migration creates`);
    expect(problems).toEqual([]);
    expect(own.owner.size).toBe(created.size);
  });

  it('every exception names its reason, and none outlives what it allows', () => {
    for (const x of SQL_OWNERSHIP_EXCEPTIONS) {
      expect(x.reason.length).toBeGreaterThan(20);
      expect(x.path).toMatch(/^libs\/[a-z-]+\//);
    }
    expect(staleExceptions(root, own)).toEqual([]);
  });

  it("no area names another area's table outside the declared exceptions", () => {
    const found = violations(root, own).map((f) => `${f.file}:${f.line} names ${f.table} (owned by ${f.owner}) via ${f.how}`);
    expect(found).toEqual([]);
  });
});

describe('the ownership scanner', () => {
  /** The foreign tables the scanner reports for a snippet placed in an engagement file. */
  const scan = (source: string): string[] =>
    scanSource('libs/engagement/src/x.ts', source, 'engagement', own)
      .map((f) => `${f.line}:${f.table}`)
      .sort();

  it('reports a foreign table in raw SQL, whatever its spelling, with its line', () => {
    expect(scan(`const a = 1;\nconst q = db.query('SELECT 1 FROM partner_municipalities WHERE application_id = $1', [id]);`)).toEqual([
      '2:partner_municipalities',
    ]);
    expect(scan('db.query(`SELECT e.id FROM engagements e\n  JOIN users AS u ON u.vendor_id = e.vendor_id`)')).toEqual(['2:users']);
    expect(scan(`db.query('select id from "documents" d where d.id = $1')`)).toEqual(['1:documents']);
    expect(scan(`db.query('SELECT 1 FROM public.region_proposals p')`)).toEqual(['1:region_proposals']);
    expect(scan(`db.query('SELECT 1 FROM "public"."Candidate_Regions"')`)).toEqual(['1:candidate_regions']);
    expect(scan(`db.query('SELECT 1 FROM engagements e, vendors v WHERE v.id = e.vendor_id')`)).toEqual(['1:vendors']);
    expect(scan(`db.query('SELECT 1 FROM engagements e LEFT OUTER JOIN LATERAL (SELECT 1 FROM calls c) x ON true')`)).toEqual(['1:calls']);
    expect(scan(`db.query('UPDATE users SET active = false')`)).toEqual(['1:users']);
    expect(scan(`db.query('INSERT INTO outbox (id) VALUES ($1)')`)).toEqual(['1:outbox']);
    expect(scan(`db.query('DELETE FROM ONLY matches WHERE id = $1')`)).toEqual(['1:matches']);
    expect(scan('const t = x; db.query(`SELECT 1 FROM engagements e WHERE EXISTS (SELECT 1 FROM /* c */ programs WHERE id = ${t})`)')).toEqual(['1:programs']);
    expect(scan(`q.where('e.x = users.id')`)).toEqual(['1:users']);
  });

  it('reports a foreign table given to a QueryBuilder or as an entity class', () => {
    expect(scan(`q.innerJoin('vendors', 'v', 'v.id = e.vendor_id')`)).toEqual(['1:vendors']);
    expect(scan(`db.createQueryBuilder().select('x.id').from('"public"."documents"', 'x')`)).toEqual(['1:documents']);
    expect(scan(`import { User } from '@app/identity';\nm.getRepository(User).find();`)).toEqual(['2:users']);
    expect(scan(`import { RegionProposal } from '@app/bidding';\nm.find(RegionProposal, { where: {} });`)).toEqual(['2:region_proposals']);
  });

  it("does not report the area's own tables, English text or comments", () => {
    expect(scan(`db.query('SELECT r.id FROM engagement_reports r JOIN engagements e ON e.id = r.engagement_id')`)).toEqual([]);
    expect(scan('const s = `All proposals come from vendors at capacity elsewhere: ${v}.`;')).toEqual([]);
    expect(scan(`db.query('SELECT 1 FROM engagements -- not from users')`)).toEqual([]);
    expect(scan(`db.query("SELECT 1 FROM engagements WHERE note = 'from users'")`)).toEqual([]);
    expect(scan(`import { CallModel } from '../calls/calls.models';\nexport * from './documents.service';`)).toEqual([]);
  });

  it('fails the check on a file that reads a foreign table (the snippet as the check reports it)', () => {
    const findings = scanSource(
      'libs/briefing/src/briefing.repository.ts',
      `export class R {\n  programExists(id: string) {\n    return this.db.query('SELECT 1 FROM programs WHERE id = $1', [id]);\n  }\n}`,
      'briefing',
      own,
    );
    expect(findings).toEqual([{ file: 'libs/briefing/src/briefing.repository.ts', line: 3, table: 'programs', owner: 'calls', how: 'SQL FROM' }]);
  });
});
