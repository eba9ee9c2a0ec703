/**
 * The tables this area owns: only its own code names them in SQL.
 * published_data_version and actor_data_version (with published_data_changes and actor_data_changes, their
 * per-transaction marks): the versions of the published data and of what actors are made of, bumped by triggers on the
 * tables they cover (migrations 1765020000000 and 1765120000000), read by DataVersionReader (database/data-versions.ts).
 */
export const OWNED_TABLES = ['published_data_version', 'published_data_changes', 'actor_data_version', 'actor_data_changes'] as const;
