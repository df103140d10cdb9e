/**
 * A year of hourly grid data at scale (issue 11): `schedule --source file:` over 100 zones (876,000 rows: read,
 * split by zone, every 3 h window of every zone evaluated), and `grid import` of 25 zones (219,000 rows) into a
 * fresh DuckDB ledger. Beside them, as the machine's yardstick in the same run, the time to format and write the
 * CSV itself.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileSource } from '../src/sources/grid/file.js';
import { planSchedule } from '../src/plan/schedule.js';
import { openStore } from '../src/ledger/store/open-store.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const H = 3_600_000;
const HOURS = 8760;

const seconds = async (f: () => Promise<unknown> | unknown) => {
  const t = performance.now();
  await f();
  return (performance.now() - t) / 1000;
};

export async function benchScheduleGrid(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'tp-bench-grid-'));
  try {
    const file = join(dir, 'year.csv');
    const write = await seconds(() => {
      const lines = ['zone,datetime,gco2e_per_kwh'];
      for (let z = 0; z < 100; z++) for (let h = 0; h < HOURS; h++) lines.push(`Z${z},${new Date(T0 + h * H).toISOString()},${(300 + 100 * Math.sin(h / 7 + z)).toFixed(3)}`);
      writeFileSync(file, lines.join('\n') + '\n');
    });
    let windows = 0;
    const schedule = await seconds(async () => {
      const src = fileSource(file, 'average');
      const series = await Promise.all(Array.from({ length: 100 }, (_, z) => src.forecast(`Z${z}`, T0, T0 + HOURS * H)));
      const r = planSchedule(series, { durationS: 3 * 3600, earliestMs: T0, latestMs: T0 + HOURS * H }, T0);
      windows = r.zones.reduce((a, z) => a + z.windowsEvaluated, 0);
    });
    const rows: { zone: string; hourMs: number; gPerKWh: number; factorType: string }[] = [];
    for (let z = 0; z < 25; z++) for (let h = 0; h < HOURS; h++) rows.push({ zone: `Z${z}`, hourMs: T0 + h * H, gPerKWh: 100 + z + (h % 24), factorType: 'lifecycle' });
    const store = await openStore(join(dir, 'ledger.duckdb'));
    const importS = await seconds(() => store.putHourly(rows));
    await store.close();
    return [
      `write the CSV (100 zones × 8,760 h, yardstick): ${write.toFixed(2)} s`,
      `schedule over it (${windows.toLocaleString('en-US')} windows): ${schedule.toFixed(2)} s (${(schedule / write).toFixed(2)}× the write)`,
      `grid import, 25 zones × 8,760 h into DuckDB: ${importS.toFixed(2)} s (${(importS / write).toFixed(2)}× the write)`,
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
