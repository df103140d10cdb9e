import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import type { MeasurementResult } from '../../src/measure/tracker.js';
import { fakePowercap } from '../sources/power/fake-powercap.js';

// Pin the sources to stand-ins so the test means the same on every machine: no NVML library, a powercap tree
// with one readable package counter (the counter does not move: energy 0, but the path is exercised).
const dir = mkdtempSync(join(tmpdir(), 'tp-cli-measure-'));
const root = fakePowercap([{ id: 'intel-rapl:0', name: 'package-0', energyUj: 5 }]);
process.env.TOKENPRINT_NVML_LIB = join(dir, 'no-libnvidia-ml.so.1');
process.env.TOKENPRINT_POWERCAP_ROOT = root;
test.after(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
});

test('measure passes the exit code through and reports sources, carbon and water as JSON', async () => {
  const csv = join(dir, 'emissions.csv');
  const r = await runCli(['measure', '--interval', '50', '--gpu', 'nvml', '--ram-gb', '8', '--region', 'DE', '--pue', '1', '--out', csv, '--json', '--', process.execPath, '-e', 'setTimeout(() => process.exit(7), 150)']);
  assert.equal(r.code, 7);
  const m = JSON.parse(r.stdout) as MeasurementResult;
  assert.ok(m.durationS >= 0.15, 'the child ran at least 150 ms while measured');
  assert.equal(m.energyJ.ram.value.toFixed(9), (3 * m.durationS).toFixed(9), '3 W per 8 GB over the run');
  assert.equal(m.energyJ.cpu.value, 0, 'RAPL counter did not move');
  const used = m.sources.filter((s) => s.used).map((s) => `${s.component}:${s.name}`);
  assert.deepEqual(used, ['cpu:rapl', 'ram:ram-rule']);
  assert.match(m.sources.find((s) => s.name === 'nvml')!.detail, /cannot load .*no-libnvidia-ml/);
  assert.equal(m.site.zone, 'DE');
  assert.ok(m.carbonG.location.value > 0 && m.waterL.value > 0);
  const lines = readFileSync(csv, 'utf8').trim().split('\n');
  assert.equal(lines.length, 2);
  assert.ok(lines[0].startsWith('timestamp,project_name,run_id'));
});

test('measure: exit code 0, human report on stderr', async () => {
  const r = await runCli(['measure', '--interval', '20', '--gpu', 'none', '--', process.execPath, '-e', '0']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /component\s+energy\s+mean power/);
  assert.match(r.stderr, /carbon, location-based/);
  assert.match(r.stderr, /warning: no GPU source available/);
});

test('measure: usage errors exit 2', async () => {
  assert.equal((await runCli(['measure', '--interval', '5', '--', 'true'])).code, 2);
  assert.equal((await runCli(['measure', '--gpu', 'cuda', '--', 'true'])).code, 2);
  assert.equal((await runCli(['measure', '--gpu', 'none', '--', join(dir, 'no-such-binary')])).code, 2);
});
