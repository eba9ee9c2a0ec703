import { Client } from 'pg';

/** On PostgreSQL: migrate a template database once, then give each test file its own copy. */
export const TEMPLATE_DB = 'rdx_test_template';

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
