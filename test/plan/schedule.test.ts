import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planSchedule, windowAverage } from '../../src/plan/schedule.js';
import { type GridSeries, type IntensityPoint, makeSeries } from '../../src/sources/grid/signal.js';
import { ConflictingInputError, InfeasibleError } from '../../src/core/errors.js';

const T0 = Date.parse('2025-06-01T00:00:00Z');
const H = 3_600_000;
const hourly = (vals: (number | null)[]): IntensityPoint[] =>
  vals.flatMap((v, i) => (v === null ? [] : [{ startMs: T0 + i * H, durationS: 3600, gPerKWh: v, estimated: false }]));
function series<S extends 'average' | 'marginal'>(zone: string, vals: (number | null)[], signal: S): GridSeries<S> {
  return makeSeries({ zone, signal, basis: 'lifecycle', kind: 'forecast', source: 'test' }, hourly(vals), T0, T0 + vals.length * H);
}

test('windowAverage weighs each point by its overlap and refuses windows with holes', () => {
  const p = hourly([100, 200, 400]);
  assert.equal(windowAverage(p, T0, 7200), 150);
  // 00:30–02:00: 0.5 h × 100 + 1 h × 200 over 1.5 h = 166.67
  assert.ok(Math.abs((windowAverage(p, T0 + H / 2, 5400) ?? 0) - 250 / 1.5) < 1e-9);
  assert.equal(windowAverage(hourly([100, null, 400]), T0, 7200), undefined);
  assert.equal(windowAverage(p, T0 + 2 * H, 7200), undefined); // runs past the data
});

test('best zone and start, saving vs now (first zone at earliest) and vs worst, with Carbon Aware SDK shapes', () => {
  const a = series('DE', [400, 300, 200, 250, 420], 'average');
  const b = series('FR', [60, 50, 40, 45, 70], 'average');
  const r = planSchedule([a, b], { durationS: 7200, earliestMs: T0, latestMs: T0 + 5 * H, energyKWh: 10 }, T0);
  assert.equal(r.best.zone, 'FR');
  assert.equal(r.best.startMs, T0 + 2 * H); // (40 + 45)/2 = 42.5
  assert.equal(r.best.gPerKWh, 42.5);
  assert.equal(r.now?.zone, 'DE');
  assert.equal(r.now?.gPerKWh, 350);
  assert.equal(r.savingVsNow?.gPerKWh, 307.5);
  assert.equal(r.savingVsNow?.carbonG, 3075); // 307.5 g/kWh × 10 kWh
  assert.equal(r.worst.gPerKWh, 350); // DE 00:00 (350) beats DE 03:00 (335) as worst
  // `bylocations/best` answers EmissionsDataDTO[] (the SDK's code names, not the old docs' time/rating).
  assert.deepEqual(r.bylocationsBest, [{ location: 'FR', timestamp: '2025-06-01T02:00:00.000Z', duration: 120, value: 42.5 }]);
  assert.equal(r.forecastsCurrent.length, 2);
  const fr = r.forecastsCurrent[1];
  assert.equal(fr.windowSize, 120);
  assert.deepEqual(fr.optimalDataPoints, [{ location: 'FR', timestamp: '2025-06-01T02:00:00.000Z', duration: 120, value: 42.5 }]);
  // forecastData is the SDK's rolling average: 2 h windows starting at each hour that fits (00–03 h), 120 min each.
  assert.deepEqual(
    fr.forecastData.map((d) => [d.timestamp.slice(11, 13), d.duration, d.value]),
    [['00', 120, 55], ['01', 120, 45], ['02', 120, 42.5], ['03', 120, 57.5]],
  );
  assert.deepEqual(Object.keys(fr).sort(), ['dataEndAt', 'dataStartAt', 'forecastData', 'generatedAt', 'location', 'optimalDataPoints', 'requestedAt', 'windowSize']);
});

test('windows touching a gap are skipped and the gap reported, never filled', () => {
  const a = series('DE', [100, null, 50, 60], 'average');
  const r = planSchedule([a], { durationS: 7200, earliestMs: T0, latestMs: T0 + 4 * H }, T0);
  assert.equal(r.best.startMs, T0 + 2 * H);
  assert.equal(r.best.gPerKWh, 55);
  assert.equal(r.zones[0].windowsSkippedForGaps, 1); // the window at earliest; no point starts inside the hole
  assert.equal(r.zones[0].gaps.length, 1);
  assert.equal(r.now, undefined);
  assert.ok(r.warnings.some((w) => /gap/.test(w)));
  assert.throws(
    () => planSchedule([series('DE', [100, null, 50], 'average')], { durationS: 7200, earliestMs: T0, latestMs: T0 + 3 * H }, T0),
    InfeasibleError,
  );
});

test('average and marginal signals are never compared', () => {
  const a = series('DE', [100, 100], 'average');
  const m = series('CAISO_NORTH', [400, 400], 'marginal');
  const mixed: GridSeries[] = [a, m];
  assert.throws(() => planSchedule(mixed, { durationS: 3600, earliestMs: T0, latestMs: T0 + 2 * H }, T0), ConflictingInputError);
});
