import { adminQuery, templateDb } from './pg-template';

export default async function globalTeardown(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) await adminQuery(url, `DROP DATABASE IF EXISTS ${templateDb()} WITH (FORCE)`);
}
