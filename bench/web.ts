/**
 * `npm run bench:web`: only the candidate-region page in Chromium (bench/web.bench.ts); writes bench/results.web.json.
 * Needs the build (`npm run build`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { webBench, webBenchRows } from './web.bench';

webBench(Number(process.env.WEB_BENCH_RUNS ?? 5))
  .then((r) => {
    writeFileSync(join(__dirname, 'results.web.json'), `${JSON.stringify({ date: new Date().toISOString(), ...r }, null, 2)}\n`);
    for (const [what, value, budget] of webBenchRows(r)) console.log(`${what.padEnd(70)} ${value.padStart(8)}  ${budget}`);
    console.log(r.within_budget ? 'within budget' : 'OVER BUDGET');
    process.exit(r.within_budget ? 0 : 1);
  })
  .catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
