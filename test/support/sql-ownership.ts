/**
 * The table-ownership check of docs/ARCHITECTURE.md: every query in a repository of the area that owns the table.
 *
 * Each area declares its tables in `libs/<area>/src/owned-tables.ts` (`OWNED_TABLES`). `scanSource` parses one file of
 * an area with the TypeScript compiler and reports every place where it names a table owned by another area:
 * - SQL in string and template literals (raw `query(…)`, QueryBuilder `where`/`select` fragments): the name after
 *   FROM / JOIN / INTO / UPDATE / TABLE / USING / REFERENCES / ONLY and each further table of a `FROM a, b` list, and a
 *   foreign table used as a column qualifier (`users.email`). Quoted identifiers and schema-qualified names count as
 *   the bare name (`"public"."users"` is `users`); aliases do not hide the table they alias; comments are ignored.
 * - QueryBuilder and repository calls given a table name as a string (`.from('users', 'u')`, `.into('"users"')`,
 *   `.update('public.users')`, `.innerJoin('users', …)`, `getRepository('users')`).
 * - another area's entity class passed as an argument (`getRepository(User)`, `manager.find(User, …)`,
 *   `.innerJoin(User, 'u', …)`, `@InjectRepository(User)`).
 * Migrations are not scanned (they create every area's tables by nature).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

export interface Finding {
  file: string;
  line: number;
  table: string;
  owner: string;
  how: string;
}

/**
 * The allowed exceptions, each with its reason: a file or directory (ending in `/`) of an area, and the foreign tables
 * it may name (`'*'`: any). Everything else that names another area's table fails the check.
 */
export const SQL_OWNERSHIP_EXCEPTIONS: ReadonlyArray<{ path: string; tables: '*' | readonly string[]; reason: string }> = [
  {
    path: 'libs/access/',
    tables: '*',
    reason: 'the access layer (issue 12) is the one place that joins across areas to decide ownership (canRead… sets)',
  },
  {
    path: 'libs/audit/src/personal-data.repository.ts',
    tables: [
      'programs',
      'calls',
      'region_applications',
      'application_contacts',
      'vendor_applications',
      'region_proposals',
      'matching_runs',
      'engagements',
      'engagement_reports',
      'briefing_sessions',
      'briefing_registrations',
      'outbox',
      'notices',
    ],
    reason: "erasure of a programme's personal data after retention rewrites the named columns of other areas' tables by design",
  },
  {
    path: 'libs/core/src/database/clock-timestamps.ts',
    tables: ['submission_receipts', 'outbox'],
    reason: 'names two columns that keep the database time (`table.column` keys of a set); it runs no query',
  },
  // Audit verification (verifyAuditTrail) needs no entry: it reads the audit area's own objects (audit_log,
  // audit_pending, audit_tables, audit_live_rows), and the database function reads the audited tables.
];

/** Words after which a table name follows in SQL. */
const TABLE_AFTER = new Set(['from', 'join', 'into', 'update', 'table', 'using', 'references', 'only', 'truncate']);
/** Words that may sit between such a word and the table, and are never a table themselves. */
const SKIP_BEFORE_TABLE = new Set(['only', 'lateral', 'table', 'if', 'exists', 'not']);
/** Words that end a `FROM a, b` list. */
const END_OF_FROM = new Set([
  'where',
  'group',
  'having',
  'order',
  'limit',
  'offset',
  'union',
  'intersect',
  'except',
  'on',
  'set',
  'values',
  'returning',
  'window',
  'for',
  'join',
  'inner',
  'left',
  'right',
  'full',
  'cross',
  'natural',
  'select',
  'do',
]);
/** TypeORM calls whose string arguments may be table names. */
const TABLE_CALLS = new Set([
  'from',
  'into',
  'update',
  'delete',
  'insert',
  'innerJoin',
  'leftJoin',
  'innerJoinAndSelect',
  'leftJoinAndSelect',
  'innerJoinAndMapOne',
  'innerJoinAndMapMany',
  'leftJoinAndMapOne',
  'leftJoinAndMapMany',
  'getRepository',
  'createQueryBuilder',
  'addFrom',
  'useTransaction',
]);

interface Token {
  kind: 'word' | 'punct' | 'opaque';
  text: string;
  at: number;
}

/** SQL tokens with their offset in `text`: words (bare or double-quoted), punctuation; string literals dropped. */
export function sqlTokens(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '-' && text[i + 1] === '-') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === "'") {
      i++;
      while (i < text.length && !(text[i] === "'" && text[i + 1] !== "'")) i += text[i] === "'" ? 2 : 1;
      i++;
    } else if (c === '"') {
      const start = i++;
      let word = '';
      while (i < text.length && !(text[i] === '"' && text[i + 1] !== '"')) {
        word += text[i];
        i += text[i] === '"' ? 2 : 1;
      }
      i++;
      out.push({ kind: 'word', text: word.toLowerCase(), at: start });
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      const start = i;
      while (i < text.length && /[A-Za-z0-9_$\u0080-\uffff]/.test(text[i])) i++;
      out.push({ kind: 'word', text: text.slice(start, i).toLowerCase(), at: start });
    } else if (c === '\u0000') {
      out.push({ kind: 'opaque', text: '', at: i++ });
    } else if (/\s/.test(c)) {
      i++;
    } else {
      out.push({ kind: 'punct', text: c, at: i++ });
    }
  }
  return out;
}

/**
 * Whether a literal reads as SQL (a whole statement or a QueryBuilder fragment), so that English text such as
 * "proposals from vendors at capacity" is not taken for a query. Case does not matter.
 */
const LOOKS_LIKE_SQL = /\b(select|insert|update|delete|join|where|exists|returning|values|truncate|lock|with|on\s+conflict)\b/i;

/**
 * The tables named in one piece of SQL (`\u0000` marks an interpolated expression), with their offsets: after the
 * table keywords when the text reads as SQL, and as a column qualifier (`users.email`) always.
 */
export function tablesInSql(text: string): Array<{ name: string; at: number; how: string }> {
  const sql = LOOKS_LIKE_SQL.test(text);
  const tokens = sqlTokens(text);
  const found: Array<{ name: string; at: number; how: string }> = [];
  /** A qualified name starting at token i: its last part, and the index after it. */
  const nameAt = (i: number): { name: string; at: number; next: number } | null => {
    if (tokens[i]?.kind !== 'word') return null;
    let j = i;
    while (tokens[j + 1]?.text === '.' && tokens[j + 2]?.kind === 'word') j += 2;
    return { name: tokens[j].text, at: tokens[j].at, next: j + 1 };
  };
  let fromDepth = -1;
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.text === '(') depth++;
    if (t.text === ')') {
      depth--;
      if (depth < fromDepth) fromDepth = -1;
    }
    if (t.kind === 'word' && tokens[i + 1]?.text === '.' && tokens[i + 2]?.kind === 'word') {
      found.push({ name: t.text, at: t.at, how: 'qualifier' });
    }
    if (!sql) continue;
    if (t.kind === 'word' && END_OF_FROM.has(t.text) && depth === fromDepth) fromDepth = -1;
    let start = -1;
    let how = '';
    if (t.kind === 'word' && TABLE_AFTER.has(t.text)) {
      start = i + 1;
      how = t.text.toUpperCase();
      while (tokens[start]?.kind === 'word' && SKIP_BEFORE_TABLE.has(tokens[start].text)) start++;
      if (t.text === 'from') fromDepth = depth;
    } else if (t.text === ',' && depth === fromDepth) {
      start = i + 1;
      how = 'FROM list';
    }
    if (start >= 0) {
      const n = nameAt(start);
      if (n) found.push({ name: n.name, at: n.at, how });
    }
  }
  return found;
}

export interface Ownership {
  /** table → owning area */
  owner: Map<string, string>;
  /** entity class name → { table, area } */
  entities: Map<string, { table: string; area: string }>;
}

/** The areas under libs/ (every directory with a src/ other than core). */
export function areasOf(root: string): string[] {
  return fs
    .readdirSync(path.join(root, 'libs'))
    .filter((a) => fs.existsSync(path.join(root, 'libs', a, 'src')))
    .sort();
}

/** Every .ts file under dir, spec files excluded (they are tests, not the area's code). */
export function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

/** The `@Entity('table')` classes declared in one source file. */
export function entitiesIn(text: string): Array<{ className: string; table: string }> {
  const sf = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true);
  const out: Array<{ className: string; table: string }> = [];
  sf.forEachChild((n) => {
    if (!ts.isClassDeclaration(n) || !n.name) return;
    for (const d of ts.getDecorators(n) ?? []) {
      const e = d.expression;
      if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'Entity') {
        const a = e.arguments[0];
        if (a && ts.isStringLiteralLike(a)) out.push({ className: n.name.text, table: a.text });
      }
    }
  });
  return out;
}

function exempt(file: string, table: string): boolean {
  return SQL_OWNERSHIP_EXCEPTIONS.some(
    (x) => (x.path.endsWith('/') ? file.startsWith(x.path) : file === x.path) && (x.tables === '*' || x.tables.includes(table)),
  );
}

/** A string argument that is only a (possibly quoted, schema-qualified) name: its last part. */
function bareName(s: string): string | null {
  const m = /^\s*(?:(?:"[^"]+"|[A-Za-z_][A-Za-z0-9_]*)\s*\.\s*)*("[^"]+"|[A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(s);
  return m ? m[1].replace(/^"|"$/g, '').toLowerCase() : null;
}

/**
 * The places in one file of `area` that name another area's table (exceptions not applied; see `violations`).
 * `file` is relative to the repository root, for the report.
 */
export function scanSource(file: string, text: string, area: string, own: Ownership): Finding[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const findings: Finding[] = [];
  const report = (pos: number, table: string, how: string): void => {
    const owner = own.owner.get(table);
    if (!owner || owner === area) return;
    const line = sf.getLineAndCharacterOfPosition(pos).line + 1;
    if (!findings.some((f) => f.line === line && f.table === table)) findings.push({ file, line, table, owner, how });
  };
  const imported = new Set<string>();
  sf.forEachChild((n) => {
    if (ts.isImportDeclaration(n) && n.importClause && !n.importClause.isTypeOnly) {
      const b = n.importClause.namedBindings;
      if (n.importClause.name) imported.add(n.importClause.name.text);
      if (b && ts.isNamedImports(b)) for (const s of b.elements) if (!s.isTypeOnly) imported.add(s.name.text);
    }
  });
  const visit = (n: ts.Node): void => {
    // SQL in literals: the literal's text, interpolations replaced by an opaque marker, offsets kept.
    let pieces: Array<{ text: string; pos: number }> | null = null;
    const moduleName = !!n.parent && (ts.isImportDeclaration(n.parent) || ts.isExportDeclaration(n.parent)) && n.parent.moduleSpecifier === n;
    if ((ts.isStringLiteral(n) && !moduleName) || ts.isNoSubstitutionTemplateLiteral(n)) {
      pieces = [{ text: n.text, pos: n.getStart(sf) + 1 }];
    } else if (ts.isTemplateExpression(n)) {
      pieces = [{ text: n.head.text, pos: n.head.getStart(sf) + 1 }];
      for (const s of n.templateSpans)
        pieces.push({ text: '\u0000', pos: s.expression.getStart(sf) }, { text: s.literal.text, pos: s.literal.getStart(sf) + 1 });
    }
    if (pieces) {
      let joined = '';
      const starts: Array<{ from: number; pos: number }> = [];
      for (const p of pieces) {
        starts.push({ from: joined.length, pos: p.pos });
        joined += p.text;
      }
      // Cooked text differs from the source only by escapes; the line of a token is what the report needs.
      for (const t of tablesInSql(joined)) {
        const piece = [...starts].reverse().find((s) => s.from <= t.at)!;
        const before = joined.slice(piece.from, t.at);
        report(piece.pos + before.length, t.name, `SQL ${t.how}`);
      }
    }
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
      for (const a of n.arguments) {
        if (TABLE_CALLS.has(name) && ts.isStringLiteralLike(a)) {
          const t = bareName(a.text);
          if (t) report(a.getStart(sf), t, `.${name}('${a.text}')`);
        }
        const id = ts.isIdentifier(a) ? a.text : ts.isPropertyAccessExpression(a) ? a.name.text : null;
        const entity = id ? own.entities.get(id) : undefined;
        if (entity && (imported.has(id!) || ts.isPropertyAccessExpression(a)))
          report(a.getStart(sf), entity.table, `entity ${id} passed to ${name || 'a call'}`);
      }
    }
    if (ts.isDecorator(n) && ts.isCallExpression(n.expression)) {
      // @InjectRepository(User) is covered by the call case above; nothing else to do.
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return findings;
}

/** The ownership declared by the areas' owned-tables.ts files and their @Entity classes. */
export function loadOwnership(root: string): Ownership {
  const owner = new Map<string, string>();
  const entities = new Map<string, { table: string; area: string }>();
  for (const area of areasOf(root)) {
    const file = path.join(root, 'libs', area, 'src', 'owned-tables.ts');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tables = fs.existsSync(file) ? ((require(file) as { OWNED_TABLES: readonly string[] }).OWNED_TABLES ?? []) : [];
    for (const t of tables) {
      if (owner.has(t)) throw new Error(`table ${t} is declared by both ${owner.get(t)} and ${area}`);
      owner.set(t, area);
    }
    for (const f of sourceFiles(path.join(root, 'libs', area, 'src'))) {
      for (const e of entitiesIn(fs.readFileSync(f, 'utf8'))) entities.set(e.className, { table: e.table, area });
    }
  }
  return { owner, entities };
}

/** Every place in libs/<area>/src that names another area's table, exempt or not. */
export function allFindings(root: string, own: Ownership = loadOwnership(root)): Finding[] {
  const out: Finding[] = [];
  for (const area of areasOf(root)) {
    for (const abs of sourceFiles(path.join(root, 'libs', area, 'src'))) {
      const file = path.relative(root, abs).split(path.sep).join('/');
      out.push(...scanSource(file, fs.readFileSync(abs, 'utf8'), area, own));
    }
  }
  return out;
}

/** Every place in libs/<area>/src that names another area's table and no exception allows. */
export function violations(root: string, own: Ownership = loadOwnership(root)): Finding[] {
  return allFindings(root, own).filter((f) => !exempt(f.file, f.table));
}

/**
 * Exceptions of single files that no longer name what they allow (a read moved, the list did not follow): the list
 * stays true. Directory entries (an area that may not exist yet) are not checked.
 */
export function staleExceptions(root: string, own: Ownership = loadOwnership(root)): string[] {
  const found = allFindings(root, own);
  return SQL_OWNERSHIP_EXCEPTIONS.filter((x) => !x.path.endsWith('/')).flatMap((x) => {
    const here = found.filter((f) => f.file === x.path);
    if (!here.length) return [`${x.path}: names no foreign table`];
    return x.tables === '*' ? [] : x.tables.filter((t) => !here.some((f) => f.table === t)).map((t) => `${x.path}: no longer names ${t}`);
  });
}
