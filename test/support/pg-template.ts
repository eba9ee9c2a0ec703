import { Client } from 'pg';

/**
 * On PostgreSQL: migrate a template database once, then give each test file its own copy. The
 * template's name is per run (set by the global setup), so that runs sharing a server (CI and a
 * developer, two terminals) never drop each other's template.
 */
export function templateDb(): string {
  const name = process.env.RDX_TEST_TEMPLATE_DB;
  if (!name) throw new Error('the global setup names the template database');
  return name;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
