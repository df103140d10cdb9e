import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcfsCpuSource, RamRuleSource, parseProcStat, cpuPowerW, ratedCpuPower } from '../../../src/sources/power/procfs.js';
import { defaultWattsPerThread, findCpuTdp } from '../../../src/catalog/cpu-tdp.js';

function stat(busyUser: number, idle: number, threads = 8): string {
  const cpuLines = Array.from({ length: threads }, (_, i) => `cpu${i} 1 0 1 1 0 0 0 0 0 0`);
  // user nice system idle iowait irq softirq steal guest guest_nice
  return [`cpu  ${busyUser} 0 0 ${idle} 0 0 0 0 0 0`, ...cpuLines, 'intr 1', ''].join('\n');
}

function fakeProc(model: string): string {
  const root = mkdtempSync(join(tmpdir(), 'tp-proc-'));
  writeFileSync(join(root, 'cpuinfo'), `processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: ${model}\n`);
  writeFileSync(join(root, 'stat'), stat(1000, 1000));
  return root;
}

test('parseProcStat: busy excludes idle, iowait and steal', () => {
  const j = parseProcStat('cpu  100 10 20 500 30 5 5 40 0 0\n');
  assert.equal(j.busy, 140);
  assert.equal(j.total, 140 + 500 + 30 + 40);
});

test('TDP table: /proc/cpuinfo names match their entries', () => {
  assert.equal(findCpuTdp('Intel(R) Xeon(R) Platinum 8480+')?.tdpW, 350);
  assert.equal(findCpuTdp('AMD EPYC 7763 64-Core Processor')?.tdpW, 280);
  assert.equal(findCpuTdp('Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz')?.tdpW, 205);
  assert.equal(findCpuTdp('Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz')?.tdpW, 150);
  assert.equal(findCpuTdp('AMD EPYC'), undefined);
});

test('procfs CPU model: utilisation × TDP scaled to the threads seen, floor 10 %', async () => {
  const root = fakeProc('Intel(R) Xeon(R) Platinum 8480+');
  try {
    const s = new ProcfsCpuSource({ procRoot: root });
    // 8480+: 350 W for 112 threads; this machine sees 8 → 25 W rated.
    assert.equal(s.rated.ratedW, 25);
    assert.equal(s.rated.assumed, false);
    assert.equal((await s.probe()).available, true);
    await s.open();
    writeFileSync(join(root, 'stat'), stat(1300, 1100)); // +300 busy of +400 → u = 0.75
    assert.equal(await s.sample(), 18.75);
    writeFileSync(join(root, 'stat'), stat(1301, 1399)); // +1 busy of +300 → u < 0.1 → floor
    assert.equal(await s.sample(), 2.5);
    assert.equal(s.precision.kind, 'modeled');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('unknown CPU: the default per-thread power is named as an assumption with a wider range', () => {
  const d = defaultWattsPerThread();
  const r = ratedCpuPower({ model: 'Mystery CPU 9000', threads: 4 });
  assert.equal(r.ratedW, d.value * 4);
  assert.equal(r.assumed, true);
  assert.match(r.note, /not in the TDP table/);
  assert.ok(d.low < d.value && d.value < d.high);
  assert.ok(r.low < 0.39 && r.high > 1.25, 'the unknown-model spread widens the curve range');
  assert.equal(ratedCpuPower({ model: 'x', threads: 4 }, 65).ratedW, 65, 'user TDP wins');
});

test('cpuPowerW and the RAM rule (3 W per 8 GB)', async () => {
  assert.equal(cpuPowerW(100, 0.5), 50);
  assert.equal(cpuPowerW(100, 0.01), 10);
  const ram = new RamRuleSource({ ramGB: 64 });
  assert.equal(await ram.sample(), 24);
  assert.equal(ram.precision.kind, 'modeled');
});
