/**
 * Exercises the koffi FFI path for real: compiles a stand-in libnvidia-ml (test/fixtures/fake-nvml.c) with gcc and
 * loads it through TOKENPRINT_NVML_LIB. GPU 0 has an energy counter growing 1234 mJ per call; GPU 1 has none and
 * draws a constant 250 W, so every expected figure below is exact.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { NvmlSource } from '../../../src/sources/power/nvml.js';

const gcc = spawnSync('gcc', ['--version']);
const dir = mkdtempSync(join(tmpdir(), 'tp-nvml-'));
const lib = join(dir, 'libnvidia-ml.so.1');
const built = gcc.status === 0 && spawnSync('gcc', ['-shared', '-fPIC', '-o', lib, resolve('test/fixtures/fake-nvml.c')]).status === 0;
const skip = built ? false : 'gcc is not installed: cannot build the stand-in NVML library';

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('NVML through koffi: counter device read exactly, counterless device sampled and integrated', { skip }, async () => {
  let t = 0;
  const prev = process.env.TOKENPRINT_NVML_LIB;
  process.env.TOKENPRINT_NVML_LIB = lib;
  try {
    const s = new NvmlSource({ now: () => t });
    const a = await s.probe();
    assert.equal(a.available, true);
    assert.ok(a.available);
    assert.deepEqual(a.devices.map((d) => d.name), ['Fake GPU 0', 'Fake GPU 1']);
    assert.match(a.detail, /GPU 1 without energy counter/);
    assert.equal(s.precision.kind, 'sampled', 'one GPU without a counter makes the whole source sampled');
    await s.open(); // counter call #1 after probe's
    t = 2000;
    // GPU 0: one more counter call = 1.234 J; GPU 1: 250 W × 2 s = 500 J.
    assert.ok(Math.abs((await s.read()) - 501.234) < 1e-9);
    t = 3000;
    assert.ok(Math.abs((await s.read()) - (2 * 1.234 + 750)) < 1e-9);
    await s.close();
    await s.close(); // idempotent
  } finally {
    if (prev === undefined) delete process.env.TOKENPRINT_NVML_LIB;
    else process.env.TOKENPRINT_NVML_LIB = prev;
  }
});

test('NVML: only the selected GPU (counter) → precision counter', { skip }, async () => {
  const s = new NvmlSource({ libraryPath: lib, gpuIds: [0] });
  assert.equal((await s.probe()).available, true);
  assert.equal(s.precision.kind, 'counter');
  await s.open();
  assert.ok(Math.abs((await s.read()) - 1.234) < 1e-9);
  await s.close();
  const bad = await new NvmlSource({ libraryPath: lib, gpuIds: [5] }).probe();
  assert.equal(bad.available, false);
  assert.match(!bad.available ? bad.reason : '', /GPU index 5 does not exist/);
});

test('NVML: a missing driver library is a reason, not a crash', async () => {
  const a = await new NvmlSource({ libraryPath: join(dir, 'nope', 'libnvidia-ml.so.1') }).probe();
  assert.equal(a.available, false);
  assert.match(!a.available ? a.reason : '', /cannot load .*libnvidia-ml\.so\.1/);
});
