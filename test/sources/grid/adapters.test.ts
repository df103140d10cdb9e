import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electricityMapsSource } from '../../../src/sources/grid/electricitymaps.js';
import { wattTimeSource, G_PER_KWH_PER_LB_PER_MWH } from '../../../src/sources/grid/watttime.js';
import { ukCarbonIntensitySource } from '../../../src/sources/grid/ukci.js';
import { staticYearlySource } from '../../../src/sources/grid/static.js';
import { fileSource } from '../../../src/sources/grid/file.js';
import { withCache } from '../../../src/sources/grid/cache.js';
import { GridSourceError } from '../../../src/sources/grid/http.js';
import { InvalidInputError } from '../../../src/core/errors.js';
import { FIXTURES, type FixtureServer, startFixtureServer } from './fixture-server.js';

let srv: FixtureServer;
before(async () => {
  srv = await startFixtureServer();
});
after(async () => {
  await srv.close();
});

const T0 = Date.parse('2025-06-01T00:00:00Z');
const H = 3_600_000;
// "now" right after the fixture day, so history() takes the last-24-h endpoint.
const now = () => T0 + 24 * H;

test('Electricity Maps history: auth-token header, hourly average points, the null hour is a gap', async () => {
  const em = electricityMapsSource({ baseUrl: `${srv.url}/em/v3`, env: { ELECTRICITYMAPS_TOKEN: 'em-secret' }, now });
  const s = await em.history('DE', T0, T0 + 24 * H);
  assert.equal(s.signal, 'average');
  assert.equal(s.basis, 'lifecycle');
  assert.equal(s.points.length, 23); // 24 hours in the fixture, 05:00 is null
  assert.deepEqual(s.gaps, [{ fromMs: T0 + 5 * H, toMs: T0 + 6 * H }]);
  assert.equal(s.points[0].gPerKWh, 400);
  assert.equal(s.points[22].estimated, true); // isEstimated from 20:00
  const last = srv.log.at(-1);
  assert.equal(last?.headers['auth-token'], 'em-secret');
  assert.match(last?.url ?? '', /\/em\/v3\/carbon-intensity\/history\?zone=DE$/);
});

test('Electricity Maps: a missing token names the variable; a wrong one is a credential error', async () => {
  const em = electricityMapsSource({ baseUrl: `${srv.url}/em/v3`, env: {}, now });
  await assert.rejects(em.forecast('FR'), (e: unknown) => e instanceof InvalidInputError && /ELECTRICITYMAPS_TOKEN/.test(e.message));
  const bad = electricityMapsSource({ baseUrl: `${srv.url}/em/v3`, env: { ELECTRICITYMAPS_TOKEN: 'nope' }, now });
  await assert.rejects(bad.forecast('FR'), (e: unknown) => e instanceof GridSourceError && e.status === 401 && /ELECTRICITYMAPS_TOKEN/.test(e.message));
});

test('a 429 becomes a rate-limit error carrying Retry-After', async () => {
  srv.queue.push({ status: 429, headers: { 'retry-after': '120' }, body: '{"message":"Too many requests"}' });
  const em = electricityMapsSource({ baseUrl: `${srv.url}/em/v3`, env: { ELECTRICITYMAPS_TOKEN: 'em-secret' }, now });
  await assert.rejects(em.forecast('FR'), (e: unknown) => e instanceof GridSourceError && e.retryAfterS === 120 && /429/.test(e.message));
});

test('WattTime: basic-auth login, bearer token, co2_moer converted from lbs/MWh to g/kWh, signal marginal', async () => {
  const wt = wattTimeSource({ baseUrl: `${srv.url}/wt`, env: { WATTTIME_USERNAME: 'alice', WATTTIME_PASSWORD: 'pw' } });
  const s = await wt.forecast('CAISO_NORTH');
  assert.equal(s.signal, 'marginal');
  assert.equal(s.points.length, 24);
  assert.equal(s.points[0].durationS, 300);
  // 900 lbs/MWh × 0.45359237 = 408.233 g/kWh (exact pound).
  assert.ok(Math.abs(s.points[0].gPerKWh - 900 * G_PER_KWH_PER_LB_PER_MWH) < 1e-9);
  assert.ok(Math.abs(s.points[0].gPerKWh - 408.233133) < 1e-6);
  assert.equal(s.generatedAtMs, Date.parse('2025-06-01T23:55:00Z'));
  await assert.rejects(
    wattTimeSource({ baseUrl: `${srv.url}/wt`, env: { WATTTIME_USERNAME: 'alice' } }).forecast('CAISO_NORTH'),
    (e: unknown) => e instanceof InvalidInputError && /WATTTIME_PASSWORD/.test(e.message),
  );
});

test('UK Carbon Intensity: actual when present, forecast marked estimated, neither → a gap', async () => {
  const uk = ukCarbonIntensitySource({ baseUrl: `${srv.url}/uk` });
  const s = await uk.history('GB', T0, T0 + 2 * H);
  assert.equal(s.signal, 'average');
  assert.equal(s.basis, 'direct');
  assert.deepEqual(s.points.map((p) => [p.gPerKWh, p.estimated]), [[118, false], [110, true], [96, false]]);
  assert.deepEqual(s.gaps, [{ fromMs: T0 + 1 * H, toMs: T0 + 1.5 * H }]);
  assert.match(srv.log.at(-1)?.url ?? '', /^\/uk\/intensity\/2025-06-01T00:00Z\/2025-06-01T02:00Z$/);
  await assert.rejects(uk.history('FR', T0, T0 + H), /Great Britain only/);
});

test('cache: a second identical request is served from memory, then from the directory in a new process', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-grid-'));
  try {
    const mk = () => withCache(electricityMapsSource({ baseUrl: `${srv.url}/em/v3`, env: { ELECTRICITYMAPS_TOKEN: 'em-secret' }, now }), { dir, now });
    const a = mk();
    const n0 = srv.log.length;
    await a.forecast('FR', T0 + 24 * H, T0 + 48 * H);
    await a.forecast('FR', T0 + 24 * H, T0 + 48 * H);
    assert.equal(srv.log.length - n0, 1);
    assert.equal(a.hits(), 1);
    assert.equal(readdirSync(dir).length, 1);
    const b = mk();
    const s = await b.forecast('FR', T0 + 24 * H, T0 + 48 * H);
    assert.equal(srv.log.length - n0, 1);
    assert.equal(s.points.length, 24);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('file source: CSV with an empty value leaves a gap; Carbon Aware SDK JSON files are read', async () => {
  const csv = fileSource(join(FIXTURES, 'hourly-two-zones.csv'), 'average');
  const bb = await csv.history('BB', T0, T0 + 4 * H);
  assert.equal(bb.points.length, 3);
  assert.deepEqual(bb.gaps, [{ fromMs: T0 + 2 * H, toMs: T0 + 3 * H }]);
  const casdk = fileSource(join(FIXTURES, 'casdk-sample.json'), 'marginal');
  const w = await casdk.history('westus', T0, T0 + 2 * H);
  assert.equal(w.signal, 'marginal');
  assert.deepEqual(w.points.map((p) => [p.gPerKWh, p.durationS]), [[300, 3600], [350, 3600]]);
  await assert.rejects(csv.history('CC', T0, T0 + H), /no rows for 'CC'/);
});

test('static source: the catalog yearly value, hourly, flat', async () => {
  const s = await staticYearlySource({ now: () => T0 }).forecast('FR', T0, T0 + 3 * H);
  assert.deepEqual(s.points.map((p) => p.gPerKWh), [31, 31, 31]); // Electricity Maps 2025 yearly FR via co2.js
  assert.equal(s.gaps.length, 0);
});
