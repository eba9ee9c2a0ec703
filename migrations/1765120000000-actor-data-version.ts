import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables an actor (who a bearer token is, on each request) is read from: the account, its sessions, its vendor's standing. */
export const ACTOR_TABLES = ['users', 'revoked_sessions', 'vendors'] as const;

/**
 * The version of what actors are made of (issue 17): every API instance keeps the actor of a session under the version
 * it read before reading the account, so a deactivation, a signed-out session or a suspended vendor is refused on the
 * next request of every instance — the guarantee of reading the account on every request, at the cost of one version
 * read that the published data's version shares (one statement: `DataVersionReader`). Same mechanism as the published
 * data's version (migration 1765020000000): a statement trigger marks the writer's transaction once, a deferred trigger
 * bumps the version at commit.
 */
export class ActorDataVersion1765120000000 implements MigrationInterface {
  name = 'ActorDataVersion1765120000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "actor_data_version" ("id" int PRIMARY KEY CHECK (id = 1), "version" bigint NOT NULL)`);
    await q.query(`INSERT INTO "actor_data_version" (id, version) VALUES (1, 1)`);
    await q.query(`CREATE TABLE "actor_data_changes" ("txid" bigint PRIMARY KEY)`);
    await q.query(`CREATE FUNCTION mark_actor_data_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('rdx.actor_data_changed', true) IS DISTINCT FROM txid_current()::text THEN
          INSERT INTO actor_data_changes (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
          PERFORM set_config('rdx.actor_data_changed', txid_current()::text, true);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE FUNCTION bump_actor_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE actor_data_version SET version = version + 1 WHERE id = 1;
        DELETE FROM actor_data_changes WHERE txid = NEW.txid;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE CONSTRAINT TRIGGER "trg_actor_data_changes_bump" AFTER INSERT ON "actor_data_changes"
         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_actor_data_version()`,
    );
    await q.query("SELECT audit_attach('actor_data_version')");
    await q.query("SELECT audit_attach('actor_data_changes')");
    for (const t of ACTOR_TABLES)
      await q.query(
        `CREATE TRIGGER "trg_${t}_actor_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${t}"
           FOR EACH STATEMENT EXECUTE FUNCTION mark_actor_data_change()`,
      );
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of ACTOR_TABLES) await q.query(`DROP TRIGGER "trg_${t}_actor_data_change" ON "${t}"`);
    await q.query('DROP TABLE "actor_data_changes"');
    await q.query('DROP FUNCTION bump_actor_data_version()');
    await q.query('DROP FUNCTION mark_actor_data_change()');
    await q.query('DROP TABLE "actor_data_version"');
  }
}
