import { MigrationInterface, QueryRunner } from 'typeorm';

/** The points of sheet `sheetId` (an SQL expression) as the column holds them: by criterion id, in id order. */
const pointsOf = (sheetId: string) =>
  `(SELECT json_object_agg(sc.criterion_id, sc.points ORDER BY sc.criterion_id) FROM scores sc WHERE sc.sheet_id = ${sheetId})`;

/**
 * A sheet's points by criterion, kept on the sheet: `score_sheets.points` is the JSON object `{criterionId: points}` of
 * its scores (NULL without any), written by statement triggers on `scores` whatever writes them (the API, an import, a
 * script), so it never disagrees with them. The matching and the call's results read a call's 60,000 sheets with their
 * points in one scan of score_sheets instead of a subquery per sheet into scores' 300,000 rows: 0.46 → 0.25 s for each
 * half of a national call's sheets (psql, the bench's M data; 0.16 s with the read's semi-join on the assignments). The trigger's UPDATE is audited like any other, and a
 * snapshot after the backfill records the new column of every row.
 */
export class ScoreSheetPoints1765160000000 implements MigrationInterface {
  name = 'ScoreSheetPoints1765160000000';

  public async up(q: QueryRunner): Promise<void> {
    const [{ schema }] = await q.query('SELECT quote_ident(current_schema()) AS schema');
    await q.query('ALTER TABLE "score_sheets" ADD COLUMN "points" json');
    // One function for the three triggers (transition tables allow one event per trigger); each branch names only the
    // transition tables its event has. Only the sheets whose points change are updated (no empty audit record).
    await q.query(`CREATE FUNCTION score_sheet_points() RETURNS trigger LANGUAGE plpgsql SET search_path = ${schema}, pg_temp AS $$
      DECLARE ids uuid[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(DISTINCT sheet_id) INTO ids FROM points_new;
        ELSIF TG_OP = 'DELETE' THEN
          SELECT array_agg(DISTINCT sheet_id) INTO ids FROM points_old;
        ELSE
          SELECT array_agg(sheet_id) INTO ids FROM (SELECT sheet_id FROM points_new UNION SELECT sheet_id FROM points_old) c;
        END IF;
        IF ids IS NULL THEN
          RETURN NULL;
        END IF;
        UPDATE score_sheets s SET points = p.points
          FROM (SELECT i.id, ${pointsOf('i.id')} AS points FROM unnest(ids) AS i(id)) p
         WHERE s.id = p.id AND s.points::text IS DISTINCT FROM p.points::text;
        RETURN NULL;
      END $$`);
    await q.query(
      'CREATE TRIGGER score_sheet_points_insert AFTER INSERT ON "scores" REFERENCING NEW TABLE AS points_new FOR EACH STATEMENT EXECUTE FUNCTION score_sheet_points()',
    );
    await q.query(
      'CREATE TRIGGER score_sheet_points_update AFTER UPDATE ON "scores" REFERENCING OLD TABLE AS points_old NEW TABLE AS points_new FOR EACH STATEMENT EXECUTE FUNCTION score_sheet_points()',
    );
    await q.query(
      'CREATE TRIGGER score_sheet_points_delete AFTER DELETE ON "scores" REFERENCING OLD TABLE AS points_old FOR EACH STATEMENT EXECUTE FUNCTION score_sheet_points()',
    );
    // Derived data stays right even for a bulk load that turns the other triggers off (session_replication_role =
    // replica, as the bench's generator does): these fire in every session.
    for (const t of ['insert', 'update', 'delete']) await q.query(`ALTER TABLE "scores" ENABLE ALWAYS TRIGGER score_sheet_points_${t}`);
    await q.query(`UPDATE "score_sheets" s
                      SET points = ${pointsOf('s.id')}
                    WHERE EXISTS (SELECT 1 FROM scores sc WHERE sc.sheet_id = s.id)`);
    // The trail's image of every sheet now has the column (NULL for a sheet without scores).
    await q.query(`SELECT audit_snapshot('score_sheets')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER IF EXISTS score_sheet_points_${t} ON "scores"`);
    await q.query('DROP FUNCTION IF EXISTS score_sheet_points()');
    await q.query('ALTER TABLE "score_sheets" DROP COLUMN "points"');
    await q.query(`SELECT audit_snapshot('score_sheets')`);
  }
}
