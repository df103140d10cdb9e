/**
 * Schedules over long series (issue 11): a year of 5-minute data in one zone (105,120 points: the old
 * `push(...windows)` overflowed the stack), and a year of hourly data for 100 zones read from one CSV file through
 * the file adapter. The planted cleanest window must be found; speed is measured by `npm run bench`, not here.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planSchedule } from '../../src/plan/schedule.js';
import { makeSeries, type IntensityPoint } from '../../src/sources/grid/signal.js';
import { fileSource } from '../../src/sources/grid/file.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const H = 3_600_000;
const dir = mkdtempSync(join(tmpdir(), 'tp-schedule-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** 300 + a daily swing, never below 200; the planted window is 3 points at 50. */
const value = (i: number, planted: number) => (i >= planted && i < planted + 3 ? 50 : 300 + 100 * Math.sin(i / 7));

test('a year of 5-minute points in one zone: the planted cleanest 15 minutes is found', () => {
  const n = 365 * 288;
  const planted = 80_000;
  const points: IntensityPoint[] = Array.from({ length: n }, (_, i) => ({ startMs: T0 + i * 300_000, durationS: 300, gPerKWh: value(i, planted), estimated: false }));
  const s = makeSeries({ zone: 'DE', signal: 'average', basis: 'lifecycle', kind: 'forecast', source: 'test' }, points, T0, T0 + n * 300_000);
  const r = planSchedule([s], { durationS: 900, earliestMs: T0, latestMs: T0 + n * 300_000 }, T0);
  assert.equal(r.best.startMs, T0 + planted * 300_000);
  assert.equal(r.best.gPerKWh, 50);
  assert.equal(r.zones[0].windowsEvaluated, n - 2, 'every start whose 3 points are in the data');
});

test('a year of hourly data for 100 zones from a CSV file: the planted zone and hour are found', async () => {
  const hours = 8760;
  const plantedZone = 57;
  const plantedHour = 4321;
  const lines = ['zone,datetime,gco2e_per_kwh'];
  for (let z = 0; z < 100; z++) {
    for (let h = 0; h < hours; h++) lines.push(`Z${z},${new Date(T0 + h * H).toISOString()},${(z === plantedZone ? value(h, plantedHour) : value(h, -10)).toFixed(3)}`);
  }
  const file = join(dir, 'year.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  const src = fileSource(file, 'average');
  const zones = Array.from({ length: 100 }, (_, z) => `Z${z}`);
  const series = await Promise.all(zones.map((z) => src.forecast(z, T0, T0 + hours * H)));
  const r = planSchedule(series, { durationS: 3 * 3600, earliestMs: T0, latestMs: T0 + hours * H }, T0);
  assert.equal(r.best.zone, `Z${plantedZone}`);
  assert.equal(r.best.startMs, T0 + plantedHour * H);
  assert.equal(r.best.gPerKWh, 50);
  assert.equal(r.zones.reduce((a, z) => a + z.windowsEvaluated, 0), 100 * (hours - 2));
});
