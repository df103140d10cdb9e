import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
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
  const r = await runCli(['measure', '--interval', '50', '--gpu', 'none', '--ram-gb', '8', '--region', 'DE', '--pue', '1', '--out', csv, '--json', '--', process.execPath, '-e', 'setTimeout(() => process.exit(7), 150)']);
  assert.equal(r.code, 7);
  const m = JSON.parse(r.stdout) as MeasurementResult;
  assert.ok(m.durationS >= 0.15, 'the child ran at least 150 ms while measured');
  assert.equal(m.energyJ.ram.value.toFixed(9), (3 * m.durationS).toFixed(9), '3 W per 8 GB over the run');
  assert.equal(m.energyJ.cpu.value, 0, 'RAPL counter did not move');
  const used = m.sources.filter((s) => s.used).map((s) => `${s.component}:${s.name}`);
  assert.deepEqual(used, ['cpu:rapl', 'ram:ram-rule']);
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

test('measure: an --out CSV with other columns is refused before the command runs', async () => {
  const other = join(dir, 'other.csv');
  writeFileSync(other, 'a,b\n1,2\n');
  const marker = join(dir, 'ran');
  const r = await runCli(['measure', '--gpu', 'none', '--out', other, '--', process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /other\.csv already holds a CSV with other columns/);
  assert.equal(existsSync(marker), false, 'the command never ran');
});

test('measure: SIGTERM to tokenprint is forwarded to the command, and the partial measurement is still reported', async () => {
  // A real process: tokenprint must survive the signal itself, so it cannot be the test runner.
  const child = `process.on('SIGTERM', () => { console.log('child got SIGTERM'); process.exit(42); }); console.log('ready'); setInterval(() => {}, 1000);`;
  const csv = join(dir, 'term.csv');
  const p = spawn(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'measure', '--interval', '50', '--gpu', 'none', '--ram-gb', '8', '--pue', '1', '--json', '--out', csv, '--', process.execPath, '-e', child], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
  });
  let out = '';
  let err = '';
  p.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const code = await new Promise<number | null>((resolve) => {
    p.stdout.on('data', (b: Buffer) => {
      const before = out;
      out += b.toString();
      if (!before.includes('ready') && out.includes('ready')) p.kill('SIGTERM');
    });
    p.on('exit', (c) => resolve(c));
  });
  assert.equal(code, 42, `the command's own exit code after the forwarded signal (stderr: ${err})`);
  assert.match(out, /child got SIGTERM/);
  const m = JSON.parse(out.slice(out.indexOf('{'))) as MeasurementResult;
  assert.ok(m.durationS > 0);
  assert.equal(m.energyJ.ram.value.toFixed(9), (3 * m.durationS).toFixed(9), 'RAM at 3 W over the measured time');
  assert.equal(readFileSync(csv, 'utf8').trim().split('\n').length, 2, 'the CSV row is written too');
});

test('measure: an explicitly chosen GPU source that does not work, or an unknown region, fails before the command runs', async () => {
  const marker = join(dir, 'ran-2');
  const cmd = ['--', process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`];
  const gpu = await runCli(['measure', '--gpu', 'nvml', ...cmd]);
  assert.equal(gpu.code, 2);
  assert.match(gpu.stderr, /--gpu: nvml is not available here \(nvml: cannot load .*no-libnvidia-ml.*--gpu auto/);
  const region = await runCli(['measure', '--gpu', 'none', '--region', 'NOPE', ...cmd]);
  assert.equal(region.code, 2);
  assert.match(region.stderr, /unknown grid zone or region 'NOPE'/);
  assert.equal(existsSync(marker), false, 'the command never ran');
});
