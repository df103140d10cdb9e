/**
 * Child process of bench/ingest.ts, so each measurement has its own peak RSS (process.resourceUsage().maxRSS).
 *   ingest FILE DB CONFIG     full ledger ingest into DuckDB
 *   parse FILE                baseline: read lines + JSON.parse, nothing else
 *   warehouse FILE FACTORS    the portable linear view (docs/ledger.md) in DuckDB over the same records
 * Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { readLines } from '../src/sources/usage/lines.js';
import { parseConfig } from '../src/ledger/config.js';
import { openStore } from '../src/ledger/open-store.js';
import { ingest } from '../src/ledger/ingest.js';
import { WAREHOUSE_VIEW_SQL } from '../src/ledger/warehouse.js';

const [mode, file, a, b] = process.argv.slice(2);
const t0 = performance.now();
let out: Record<string, unknown> = {};
if (mode === 'parse') {
  let n = 0;
  let tokens = 0;
  for await (const batch of readLines(file)) {
    for (const l of batch.lines) {
      if (l === null) continue;
      n++;
      try {
        tokens += (JSON.parse(l) as { input_tokens?: number }).input_tokens ?? 0;
      } catch {
        // a malformed line: counted, like the ledger counts it
      }
    }
  }
  out = { records: n, tokens };
} else if (mode === 'ingest') {
  const store = await openStore(a);
  const s = await ingest(store, parseConfig(readFileSync(b, 'utf8')), [file]);
  await store.close();
  out = { records: s.read, accepted: s.accepted, energyKWh: s.energyKWh, carbonKg: s.carbonKg.location, waterL: s.waterL };
} else if (mode === 'warehouse') {
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  await con.run(
    `CREATE TABLE usage AS SELECT * FROM read_json('${file}', format='newline_delimited', columns={id:'VARCHAR',provider:'VARCHAR',model:'VARCHAR',deployment:'VARCHAR',region:'VARCHAR',input_tokens:'BIGINT',cached_input_tokens:'BIGINT',output_tokens:'BIGINT'})`,
  );
  await con.run(`CREATE TABLE tp_factors AS SELECT * FROM read_csv('${a}')`);
  for (const s of WAREHOUSE_VIEW_SQL.split(';').filter((x) => x.trim())) await con.run(s);
  const r = await con.runAndReadAll(`SELECT count(*) AS n, SUM(energy_wh) / 1000 AS e, SUM(carbon_loc_g) AS c, SUM(water_ml) / 1000 AS w FROM tp_footprint_carbon`);
  const row = r.getRowObjects()[0];
  out = { records: Number(row.n), energyKWh: Number(row.e), carbonG: Number(row.c), waterL: Number(row.w) };
}
out.seconds = (performance.now() - t0) / 1000;
out.maxRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify(out) + '\n');
