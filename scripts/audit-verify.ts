import { buildDataSource } from '../ormconfig';
import { ConfigError, loadConfig, ReceiptSigner } from '../libs/core/src';
import { auditHeadsFile, headsFromFile } from '../libs/audit/src/audit-heads';
import { verifyAuditTrail } from '../libs/audit/src/audit-verify';

/**
 * `npm run audit:verify`: seals pending records, checks the whole hash chain, rebuilds every audited
 * row from its patches and compares it with the live row, on the configured database (DATABASE_URL,
 * or the embedded one in DATA_DIR), and checks the chain against the heads the application signed
 * (AUDIT_HEADS_FILE, default DATA_DIR/audit-heads.jsonl; the key of RECEIPT_SIGNING_KEY or DATA_DIR).
 * Exits 1 on any difference, 2 when it cannot run.
 */
async function main() {
  const config = loadConfig();
  const file = auditHeadsFile(config);
  if (!file) throw new ConfigError('audit:verify needs the signed heads: set AUDIT_HEADS_FILE (DATA_DIR is memory)');
  const heads = headsFromFile(file, new ReceiptSigner(config).publicKeyPem);
  const ds = buildDataSource(config);
  await ds.initialize();
  try {
    const started = Date.now();
    const v = await verifyAuditTrail(ds, { heads });
    for (const p of v.problems) console.error(`  - ${p}`);
    if (v.problemCount > v.problems.length) console.error(`  … and ${v.problemCount - v.problems.length} more`);
    for (const w of v.warnings) console.warn(`  ! ${w}`);
    console.log(
      `audit: ${v.records} records chained (${v.reads} reads, ${v.pending} pending), ${v.rows} rows in ${v.tables} tables rebuilt, ` +
        `${v.signedHeads} signed heads checked (newest: record ${v.newestSignedHead}, ${file}), ` +
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
