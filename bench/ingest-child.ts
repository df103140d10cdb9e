/**
 * Child process of bench/ingest.ts, so each measurement has its own peak RSS (process.resourceUsage().maxRSS).
 *   ingest FILE DB CONFIG [BATCH]  full ledger ingest into DuckDB (BATCH rows per commit, default the CLI's)
 *   parse FILE                     baseline: read lines + JSON.parse, nothing else
 *   write N DB                     floor: N ledger rows (29 columns, unique keys) appended and committed in DuckDB by
 *                                  the same store and settings as an ingest, with no file, parsing or estimating
 *   warehouse FILE FACTORS         the portable linear view (docs/ledger.md) in DuckDB over the same records
 * Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { readLines } from '../src/sources/usage/lines.js';
import { parseConfig } from '../src/ledger/config.js';
import { openStore } from '../src/ledger/store/open-store.js';
import { ingest, tuneForIngest, DEFAULT_BATCH_SIZE } from '../src/ledger/ingest/ingest.js';
import { RowBatch } from '../src/ledger/store/rows.js';
import { emptyFootprint } from '../src/ledger/ingest/estimator.js';
import { WAREHOUSE_VIEW_SQL } from '../src/ledger/store/warehouse-view.js';

const [mode, file, a, b, c] = process.argv.slice(2);
const t0 = performance.now();
let excluded = 0;
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
  const s = await ingest(store, parseConfig(readFileSync(b, 'utf8')), [file], c ? { batchSize: Number(c) } : {});
  await store.close();
  out = { records: s.read, accepted: s.accepted, energyKWh: s.energyKWh, carbonKg: s.carbonKg.location, waterL: s.waterL };
} else if (mode === 'write') {
  const n = Number(file);
  const store = await openStore(a);
  await store.driver.run(`INSERT INTO tp_factor_sets VALUES (1, 'bench', '2025-06-01', NULL, '{}', TRUE)`);
  const restore = await tuneForIngest(store);
  const size = DEFAULT_BATCH_SIZE;
  const batch = new RowBatch(1, 1, size);
  const fp = emptyFootprint();
  let seq = 0;
  for (let done = 0; done < n; ) {
    // Rows shaped like the sample's (varied tokens, footprints, labels); the filling is not timed.
    const f0 = performance.now();
    batch.reset();
    const m = Math.min(size, n - done);
    for (let i = 0; i < m; i++, seq++) {
      const id = `chatcmpl-${seq.toString(16).padStart(16, '0')}`;
      fp.dim = { id: 1 + (seq % 23) } as typeof fp.dim;
      const e = seq * 0.0137 + 0.25;
      fp.energyWh = e; fp.energyWhLow = e * 0.6; fp.energyWhHigh = e * 1.7;
      fp.locG = e * 0.39; fp.locGLow = e * 0.2; fp.locGHigh = e * 0.8;
      fp.mktG = e * 0.31; fp.mktGLow = e * 0.15; fp.mktGHigh = e * 0.7;
      fp.waterMl = e * 3.6; fp.waterMlLow = e * 1.9; fp.waterMlHigh = e * 7.1;
      fp.embodiedG = e * 0.05; fp.embodiedGLow = e * 0.02; fp.embodiedGHigh = e * 0.11;
      batch.push(id, { id, timestampMs: 1_748_736_000_000 + seq * 2_600, model: 'm', provider: 'openai', inputTokens: 200 + (seq % 4000), cachedInputTokens: seq % 7 === 0 ? 128 : 0, outputTokens: 20 + (seq % 900), reasoningTokens: 0, latencyMs: 300 + (seq % 5000) }, seq + 1, 1 + (seq % 11), fp);
    }
    excluded += performance.now() - f0;
    done += await store.commit({ rows: batch, dims: [], labels: [], rejects: [] });
  }
  await restore();
  await store.close();
  out = { records: n };
} else if (mode === 'warehouse') {
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  await con.run(
    `CREATE TABLE usage AS SELECT *, epoch_ms(CAST(timestamp AS TIMESTAMPTZ)) AS ts_ms FROM read_json('${file}', format='newline_delimited', columns={id:'VARCHAR',timestamp:'VARCHAR',provider:'VARCHAR',model:'VARCHAR',deployment:'VARCHAR',region:'VARCHAR',input_tokens:'BIGINT',cached_input_tokens:'BIGINT',output_tokens:'BIGINT'})`,
  );
  await con.run(`CREATE TABLE tp_factors AS SELECT * FROM read_csv('${a}')`);
  await con.run(`CREATE TABLE tp_grid_hourly (zone VARCHAR, hour_ms BIGINT, g_per_kwh DOUBLE)`);
  for (const s of WAREHOUSE_VIEW_SQL.split(';').filter((x) => x.trim())) await con.run(s);
  const r = await con.runAndReadAll(`SELECT count(*) AS n, SUM(energy_wh) / 1000 AS e, SUM(carbon_loc_g) AS c, SUM(water_ml) / 1000 AS w FROM tp_footprint`);
  const row = r.getRowObjects()[0];
  out = { records: Number(row.n), energyKWh: Number(row.e), carbonG: Number(row.c), waterL: Number(row.w) };
}
out.seconds = (performance.now() - t0 - excluded) / 1000;
out.maxRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify(out) + '\n');
