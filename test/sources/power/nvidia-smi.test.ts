import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { NvidiaSmiSource, parseSmiLine } from '../../../src/sources/power/nvidia-smi.js';
import { fakeNvidiaSmi } from './fake-nvidia-smi.js';

test('parseSmiLine reads index, name and power; [N/A] is no power', () => {
  assert.deepEqual(parseSmiLine('0, NVIDIA H100 80GB HBM3, 312.45'), { index: 0, name: 'NVIDIA H100 80GB HBM3', powerW: 312.45 });
  assert.deepEqual(parseSmiLine('3, 70.00'), { index: 3, name: undefined, powerW: 70 });
  assert.equal(parseSmiLine('1, Tesla K80, [N/A]')?.powerW, undefined);
  assert.equal(parseSmiLine('garbage'), undefined);
});

test('fake nvidia-smi on PATH: streamed power integrated, both GPUs summed', async () => {
  const dir = fakeNvidiaSmi();
  const prevPath = process.env.PATH;
  process.env.PATH = `${dir}:${prevPath}`;
  let t = 0;
  const s = new NvidiaSmiSource({ intervalMs: 20, now: () => t });
  try {
    const a = await s.probe();
    assert.equal(a.available, true);
    assert.ok(a.available && a.devices.length === 2 && a.devices[0].name === 'Fake H100');
    await s.open();
    // Constant 150 W: whatever the line timing, energy over the next 2 s of clock is 300 J.
    t = 2000;
    assert.ok(Math.abs((await s.read()) - 300) < 1e-9);
    assert.equal(s.precision.kind, 'sampled');
  } finally {
    await s.close();
    process.env.PATH = prevPath;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('nvidia-smi: unsupported power.draw and a missing binary are reasons', async () => {
  const dir = fakeNvidiaSmi({ power0: '[N/A]' });
  try {
    const a = await new NvidiaSmiSource({ command: join(dir, 'nvidia-smi') }).probe();
    assert.equal(a.available, false);
    assert.match(!a.available ? a.reason : '', /no power\.draw for GPU 0/);
    const b = await new NvidiaSmiSource({ command: join(dir, 'missing-smi') }).probe();
    assert.match(!b.available ? b.reason : '', /not found on PATH/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
