/**
 * The metrics table (src/ledger/store/metrics.ts) drives the report sums, the report's JSON keys and CSV columns and
 * the warehouse view's output columns: each is read back here from what the code produces, against the table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { LEDGER_METRICS, metricSumsSql } from '../../src/ledger/store/metrics.js';
import { WAREHOUSE_VIEW_SQL } from '../../src/ledger/store/warehouse-view.js';
import { FACTOR_COLUMNS, FACTOR_TEXT_COLUMNS } from '../../src/ledger/report/warehouse-factors.js';
import { reportCsv } from '../../src/ledger/report/report-render.js';
import type { Report, Totals } from '../../src/ledger/report/report.js';

const range = (v: number) => ({ value: v, low: v / 2, high: v * 2 });
const totals: Totals = {
  requests: 3, buckets: 0, bucketsWithoutRequestCount: 0, inputTokens: 10, cachedInputTokens: 4, outputTokens: 20, reasoningTokens: 5,
  energyKWh: range(1), carbonKg: { location: range(2), market: range(3) }, waterL: range(4), waterOnsiteL: 1.5, waterOffsiteL: 2.5,
  embodiedKg: range(5), gPer1kTokens: { location: 0.1, market: 0.2 }, methodMix: { measured: 0, 'modeled:deployment': 1, 'modeled:provider': 0, aggregate: 0 },
};

test('the report CSV has one column per metric with a CSV name (three with bounds), in table order, with its value', () => {
  const report = { by: [], rows: [], total: totals } as unknown as Report;
  const [head, total] = reportCsv(report).trim().split('\n').map((l) => l.split(','));
  const expected = LEDGER_METRICS.flatMap((m) => (m.report.csv === null ? [] : m.bounds ? [m.report.csv, `${m.report.csv}_low`, `${m.report.csv}_high`] : [m.report.csv]));
  assert.deepEqual(head.slice(1, 1 + expected.length), expected);
  const at = (c: string) => Number(total[head.indexOf(c)]);
  assert.equal(at('co2e_market_kg_high'), 6);
  assert.equal(at('water_offsite_l'), 2.5);
  assert.equal(at('input_tokens'), 10);
});

test('report sums: one SUM per stored metric (bounds beside), the off-site part derived, not stored', () => {
  const sql = metricSumsSql({ bounds: true, zeroIfEmpty: false });
  for (const m of LEDGER_METRICS) {
    if (m.aggregation === 'sum') assert.ok(sql.includes(`SUM(${m.column}) AS ${m.as}`), m.column);
    else assert.ok(!sql.includes(m.column), `${m.column} is derived`);
  }
  assert.match(sql, /count\(\*\) - count\(water_onsite_ml\) AS n_no_won/);
});

test('the warehouse view outputs every metric the table gives a warehouse expression, after the usage columns', async () => {
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  try {
    await con.run(`CREATE TABLE usage (id VARCHAR, ts_ms BIGINT, provider VARCHAR, model VARCHAR, deployment VARCHAR, region VARCHAR, input_tokens BIGINT, cached_input_tokens BIGINT, output_tokens BIGINT)`);
    await con.run(`CREATE TABLE tp_factors (${FACTOR_COLUMNS.map((c) => `${c} ${FACTOR_TEXT_COLUMNS.includes(c) ? 'VARCHAR' : 'DOUBLE'}`).join(', ')})`);
    await con.run(`CREATE TABLE tp_grid_hourly (zone VARCHAR, hour_ms BIGINT, g_per_kwh DOUBLE)`);
    await con.run(WAREHOUSE_VIEW_SQL);
    const cols = (await con.runAndReadAll(`SELECT * FROM tp_footprint LIMIT 0`)).columnNames();
    const metrics = LEDGER_METRICS.filter((m) => m.warehouse !== null).map((m) => m.column);
    assert.deepEqual(cols.slice(-metrics.length), metrics);
    assert.deepEqual(cols.slice(0, 2), ['id', 'ts_ms']);
  } finally {
    con.closeSync();
  }
});
