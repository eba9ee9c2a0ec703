/**
 * The tables this area owns: only its own code names them in SQL.
 * published_data_version: the version of the published data, bumped by triggers on the published tables (migration
 * 1765020000000), read by PublishedDataVersion (database/published-version.ts).
 */
export const OWNED_TABLES = ['published_data_version'] as const;
