/**
 * The tables this area owns: only its own code names them in SQL.
 * published_data_version (and published_data_changes, its per-transaction marks): the version of the published data, bumped by triggers on the published tables (migration
 * 1765020000000), read by PublishedDataVersion (database/published-version.ts).
 */
export const OWNED_TABLES = ['published_data_version', 'published_data_changes'] as const;
