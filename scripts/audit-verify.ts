import { buildDataSource } from '../ormconfig';
import { ConfigError } from '../libs/core/src';
import { verifyAuditTrail } from '../libs/audit/src/audit-verify';

/**
 * `npm run audit:verify`: seals pending records, checks the whole hash chain, rebuilds every audited
 * row from its patches and compares it with the live row, on the configured database (DATABASE_URL,
 * or the embedded one in DATA_DIR). Exits 1 on any difference, 2 when it cannot run.
 */
async function main() {
  const ds = buildDataSource();
  await ds.initialize();
  try {
    const started = Date.now();
    const v = await verifyAuditTrail(ds);
    for (const p of v.problems) console.error(`  - ${p}`);
    if (v.problemCount > v.problems.length) console.error(`  … and ${v.problemCount - v.problems.length} more`);
    console.log(
      `audit: ${v.records} records chained (${v.reads} reads, ${v.pending} pending), ${v.rows} rows in ${v.tables} tables rebuilt, ` +
        `${v.problemCount} problems, head ${v.headHash.slice(0, 16)}…, ${Date.now() - started} ms`,
    );
    process.exitCode = v.ok ? 0 : 1;
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(2);
});
