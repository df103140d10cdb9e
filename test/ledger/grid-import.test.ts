/**
 * Hourly grid data at a year's scale (issue 11: 200,000+ rows ran DuckDB out of memory, or took minutes): a year of
 * hourly values for 25 zones imports into every store in one transaction, a second import replaces values, and a
 * zone/hour given twice keeps its last value. Speed is for `npm run bench`; this checks the data.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../src/ledger/store/open-store.js';
import { targets } from './helpers/stores.js';

const ts = targets();
after(async () => { for (const t of ts) await t.cleanup(); });
const T0 = Date.parse('2025-01-01T00:00:00Z');
const H = 3_600_000;
const year = (shift: number) => {
  const rows: { zone: string; hourMs: number; gPerKWh: number; factorType: string }[] = [];
  for (let z = 0; z < 25; z++) for (let h = 0; h < 8760; h++) rows.push({ zone: `Z${z}`, hourMs: T0 + h * H, gPerKWh: 100 + z + (h % 24) + shift, factorType: 'lifecycle' });
  return rows;
};

for (const target of ts) {
  test(`${target.name}: a year of hourly data for 25 zones imports, and re-imports replace`, async () => {
    const store = await openStore(await target.fresh());
    try {
      await store.putHourly(year(0));
      const q = async () => (await store.driver.query(`SELECT count(*) AS n, SUM(g_per_kwh) AS s FROM tp_grid_hourly`))[0];
      let r = await q();
      assert.equal(Number(r.n), 219_000);
      // Σ over z, h of (100 + z + h mod 24): 219,000 × 100 + 8,760 × Σz + 25 × 365 × Σ(0…23); exact in doubles.
      const want = 219_000 * 100 + 8760 * 300 + 25 * 365 * 276;
      assert.equal(Number(r.s), want);
      await store.putHourly([...year(1), { zone: 'Z0', hourMs: T0, gPerKWh: 7, factorType: 'direct' }]);
      r = await q();
      assert.equal(Number(r.n), 219_000);
      assert.equal(Number(r.s), want + 219_000 - 101 + 7);
      const z0 = await store.driver.query(`SELECT g_per_kwh, factor_type FROM tp_grid_hourly WHERE zone = 'Z0' AND hour_ms = $1`, [T0]);
      assert.deepEqual([Number(z0[0].g_per_kwh), z0[0].factor_type], [7, 'direct'], 'the last of a repeated zone/hour wins');
    } finally {
      await store.close();
    }
  });
}
