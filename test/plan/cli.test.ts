/** The reduce verbs in-process through main(): exit codes, formats, and schedule against recorded API responses. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { parseDuration, parseWhen } from '../../src/cli/commands/schedule.js';
import { type FixtureServer, startFixtureServer } from '../sources/grid/fixture-server.js';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  // The test runner reports through stdout in binary chunks: pass those through, capture only the CLI's strings.
  process.stdout.write = ((s: string | Uint8Array, ...rest: never[]) => (typeof s === 'string' ? ((out += s), true) : o(s, ...rest))) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array, ...rest: never[]) => (typeof s === 'string' ? ((err += s), true) : e(s, ...rest))) as typeof process.stderr.write;
  try {
    return { code: await main(args), out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

let srv: FixtureServer;
const saved = { ...process.env };
before(async () => {
  srv = await startFixtureServer();
});
after(async () => {
  await srv.close();
  process.env = saved;
});

test('plan: json and html outputs, exit 3 with reasons for an infeasible scenario, exit 2 for a bad field', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-plan-'));
  try {
    const j = await run(['plan', 'examples/scenario.yaml', '--format', 'json']);
    assert.equal(j.code, 0);
    const rep = JSON.parse(j.out) as { recommended: { label: string; quality: number }; levers: { combinedFraction: number } };
    assert.ok(rep.recommended.quality >= 60 && rep.levers.combinedFraction > 0.9);
    const h = await run(['plan', 'examples/scenario.yaml', '--format', 'html', '--out', join(dir, 'p.html')]);
    assert.equal(h.code, 0);
    assert.match(readFileSync(join(dir, 'p.html'), 'utf8'), /<svg xmlns/);
    const inf = await run(['plan', 'examples/scenario-infeasible.yaml']);
    assert.equal(inf.code, 3);
    assert.equal(inf.out, '');
    assert.match(inf.err, /quality floor/);
    assert.equal((await run(['plan', 'examples/scenario.yaml', '--format', 'pdf'])).code, 2);
    assert.equal((await run(['plan', 'no/such.yaml'])).code, 2); // a missing input file is exit 2 in every command
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('compare-hardware and scaling --json', async () => {
  const c = await run(['compare-hardware', '--model', 'llama-3.1-8b-instruct', '--requests-per-day', '500k', '--region', 'DE', '--json']);
  assert.equal(c.code, 0);
  const rows = (JSON.parse(c.out) as { rows: { accelerator: string }[] }).rows;
  assert.ok(rows.length >= 15);
  const s = await run(['scaling', '--reference', '13B:576B', '--inference-tokens', '2T', '--fit', 'hoffmann-sardana', '--json']);
  assert.equal(s.code, 0);
  const res = (JSON.parse(s.out) as { result: { params: number; savingFraction: number } }).result;
  assert.ok(Math.abs(res.params / 1e9 - 6.97) < 0.05);
  assert.equal((await run(['scaling', '--inference-tokens', '1T'])).code, 2); // neither --reference nor --target-loss
  const big = await run(['scaling', '--target-loss', '2.2', '--inference-tokens', '1e16']);
  assert.equal(big.code, 0);
  assert.match(big.out, /warning: .*tokens per parameter/);
});

test('schedule: Electricity Maps forecasts from 127.0.0.1, best zone/start and Carbon Aware SDK shapes', async () => {
  process.env.TOKENPRINT_ELECTRICITYMAPS_URL = `${srv.url}/em/v3`;
  process.env.ELECTRICITYMAPS_TOKEN = 'em-secret';
  delete process.env.TOKENPRINT_GRID_CACHE_DIR;
  const args = ['schedule', '--duration', '2h', '--earliest', '2025-06-02T00:00Z', '--latest', '2025-06-03T00:00Z', '--zones', 'DE,FR', '--source', 'electricitymaps'];
  const r = await run([...args, '--json', '--energy-kwh', '100']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as { best: { zone: string; startMs: number; gPerKWh: number }; now: { gPerKWh: number }; savingVsNow: { carbonG: number }; signal: string };
  // FR forecast: 22 g at 12:00 and 13:00 → the 12:00–14:00 window averages 22.
  assert.equal(j.best.zone, 'FR');
  assert.equal(new Date(j.best.startMs).toISOString(), '2025-06-02T12:00:00.000Z');
  assert.equal(j.best.gPerKWh, 22);
  assert.equal(j.now.gPerKWh, 402.5); // DE 00:00–02:00: (400 + 405) / 2
  assert.equal(j.savingVsNow.carbonG, (402.5 - 22) * 100);
  assert.equal(j.signal, 'average');
  const best = await run([...args, '--casdk', 'best']);
  // EmissionsDataDTO as the SDK's code serialises it: {location, timestamp, duration (min), value}.
  assert.deepEqual(JSON.parse(best.out), [{ location: 'FR', timestamp: '2025-06-02T12:00:00.000Z', duration: 120, value: 22 }]);
  const fc = JSON.parse((await run([...args, '--casdk', 'forecast'])).out) as { location: string; windowSize: number; forecastData: { duration: number }[] }[];
  // forecastData is the rolling average: 24 hourly points → 23 two-hour windows, each 120 min long.
  assert.deepEqual(fc.map((f) => [f.location, f.windowSize, f.forecastData.length]), [['DE', 120, 23], ['FR', 120, 23]]);
  assert.ok(fc.every((f) => f.forecastData.every((d) => d.duration === 120)));
  delete process.env.ELECTRICITYMAPS_TOKEN;
  const missing = await run(args);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /ELECTRICITYMAPS_TOKEN: is not set/);
});

test('schedule: a file source with a gap, and durations in several spellings', async () => {
  const r = await run(['schedule', '--duration', '1h', '--earliest', '2025-06-01T00:00Z', '--latest', '2025-06-01T04:00Z', '--zones', 'BB,AA', '--source', 'file:test/fixtures/grid/hourly-two-zones.csv', '--json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as { best: { zone: string; gPerKWh: number }; zones: { zone: string; gaps: unknown[] }[] };
  assert.deepEqual([j.best.zone, j.best.gPerKWh], ['AA', 100]);
  assert.equal(j.zones[0].gaps.length, 1);
  assert.equal(parseDuration('90m', 'd'), 5400);
  assert.equal(parseDuration('PT2H30M', 'd'), 9000);
  assert.equal(parseDuration('1.5h', 'd'), 5400);
  assert.throws(() => parseDuration('soon', '--duration'), /not a duration/);
});

test('schedule: --earliest/--latest take now, +DURATION or ISO-8601; a --latest in the past says what to do', async () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseWhen('now', '--earliest', now), now);
  assert.equal(parseWhen('+24h', '--latest', now), now + 86_400_000);
  assert.equal(parseWhen('now+90m', '--latest', now), now + 5_400_000);
  assert.equal(parseWhen('2025-06-01T00:00Z', '--latest', now), Date.parse('2025-06-01T00:00:00Z'));
  assert.throws(() => parseWhen('+soon', '--latest', now), /--latest/);
  const past = await run(['schedule', '--duration', '1h', '--latest', '2000-01-01T00:00Z', '--zones', 'FR']);
  assert.equal(past.code, 2);
  assert.match(past.err, /is not after --earliest .*defaults to now.*\+24h/);
  const ok = await run(['schedule', '--duration', '1h', '--latest', '+6h', '--zones', 'DE,FR', '--json']);
  assert.equal(ok.code, 0, ok.err);
  assert.equal((JSON.parse(ok.out) as { best: { zone: string } }).best.zone, 'FR'); // static yearly: FR 31 < DE 342 g/kWh
});

test('scaling --energy-weighted: the default decode batch is traced as an assumption, a given one as user input', async () => {
  const batchOf = async (extra: string[]) => {
    const r = await run(['scaling', '--target-loss', '2.1', '--inference-tokens', '10T', '--energy-weighted', '--json', ...extra]);
    assert.equal(r.code, 0, r.err);
    const f = (JSON.parse(r.out) as { pricing: { trace: { name: string; value: number; assumed: boolean }[] } }).pricing.trace.find((x) => x.name === 'decodeBatch');
    return [f?.value, f?.assumed];
  };
  assert.deepEqual(await batchOf([]), [64, true]);
  assert.deepEqual(await batchOf(['--batch', '32']), [32, false]);
});

test('plan report: "/1k req" spelled out, options below the floor marked, truncation said, recommendation and baseline always listed', async () => {
  const r = await run(['plan', 'examples/scenario.yaml']);
  assert.equal(r.code, 0, r.err);
  assert.doesNotMatch(r.out, /\/1k(?! req)/);
  assert.match(r.out, /✗ below floor/);
  assert.match(r.out, /showing the best 15 of \d+ feasible options/);
  assert.match(r.out, /◆ baseline/);
  assert.match(r.out, /★/);
});
