import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { RaplSource, counterDelta } from '../../../src/sources/power/rapl.js';
import { fakePowercap, setEnergy, MAX_RANGE_UJ } from './fake-powercap.js';

const tree = () =>
  fakePowercap([
    { id: 'intel-rapl:0', name: 'package-0', energyUj: 1_000_000 },
    { id: 'intel-rapl:0:0', name: 'core', energyUj: 7 },
    { id: 'intel-rapl:0:1', name: 'dram', energyUj: 500_000 },
    // package-1 sits just below its wrap point
    { id: 'intel-rapl:1', name: 'package-1', energyUj: MAX_RANGE_UJ - 1_000_000 },
    { id: 'intel-rapl-mmio:0', name: 'package-0', energyUj: 1 },
  ]);

test('counterDelta adds the range back on wrap-around', () => {
  assert.equal(counterDelta(10, 25, 100), 15);
  assert.equal(counterDelta(90, 5, 100), 15);
});

test('RAPL package source sums package domains, handles wrap-around, skips core and mmio zones', async () => {
  const root = tree();
  try {
    const s = new RaplSource({ domain: 'package', root });
    const a = await s.probe();
    assert.equal(a.available, true);
    assert.ok(a.available && a.devices.length === 2, 'package-0 and package-1 only');
    await s.open();
    setEnergy(root, 'intel-rapl:0', 4_000_000); // +3 J
    setEnergy(root, 'intel-rapl:1', 2_000_000); // wrapped: 1 J to the top + 2 J = 3 J
    setEnergy(root, 'intel-rapl:0:0', 999_999_999); // core subzone: inside package-0, must not be added
    assert.equal(await s.read(), 6);
    setEnergy(root, 'intel-rapl:0', 4_500_000); // +0.5 J
    assert.equal(await s.read(), 6.5);
    assert.equal(s.component, 'cpu');
    assert.equal(s.precision.kind, 'counter');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('RAPL dram source reads only dram domains', async () => {
  const root = tree();
  try {
    const s = new RaplSource({ domain: 'dram', root });
    assert.equal((await s.probe()).available, true);
    await s.open();
    setEnergy(root, 'intel-rapl:0:1', 2_500_000);
    assert.equal(await s.read(), 2);
    assert.equal(s.component, 'ram');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('missing powercap tree gives a reason, not an exception', async () => {
  const a = await new RaplSource({ domain: 'package', root: '/nonexistent/powercap' }).probe();
  assert.equal(a.available, false);
  assert.match(!a.available ? a.reason : '', /no powercap tree/);
});

test('an unreadable energy_uj (root-only since CVE-2020-8694) makes the source unavailable with a how-to', async () => {
  const root = tree();
  try {
    chmodSync(join(root, 'intel-rapl:0:1', 'energy_uj'), 0o000);
    const script = resolve('test/sources/power/rapl-probe-child.ts');
    const isRoot = process.getuid?.() === 0;
    // Root reads any file, so the probe runs as `nobody` to meet the kernel's permission check for real.
    const r = spawnSync(process.execPath, ['--import', 'tsx', script, root], {
      encoding: 'utf8',
      cwd: process.cwd(),
      ...(isRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { dram: { available: boolean; reason?: string }; package: { available: boolean } };
    assert.equal(out.package.available, true, 'the readable package domains still work');
    assert.equal(out.dram.available, false);
    assert.match(out.dram.reason ?? '', /intel-rapl:0:1\/energy_uj is readable only by root/);
    assert.match(out.dram.reason ?? '', /chmod a\+r/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
