import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrometheusSource, parseExposition } from '../../../src/sources/power/prometheus.js';

async function serve(body: () => string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(body());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`, server };
}

const page = (e0: number, e1: number, p = 0): string =>
  [
    '# HELP DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION Total energy consumption since boot (in mJ).',
    '# TYPE DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION counter',
    `DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu="0",UUID="GPU-a",modelName="NVIDIA H100 80GB HBM3",Hostname="n1"} ${e0}`,
    `DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu="1",UUID="GPU-b",modelName="NVIDIA H100 80GB HBM3",Hostname="n1"} ${e1}`,
    `DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION_EXTRA{gpu="0"} 99999`,
    p ? `DCGM_FI_DEV_POWER_USAGE{gpu="0"} ${p}` : '',
  ].join('\n');

test('parseExposition keeps one series per label set and ignores longer names', () => {
  const m = parseExposition(page(5, 7), 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION');
  assert.equal(m.size, 2);
  assert.deepEqual([...m.values()], [5, 7]);
});

test('DCGM energy counter: mJ → J, GPUs summed, a reset counter counts from zero', async () => {
  let e0 = 1_000_000;
  let e1 = 2_000_000;
  const { url, server } = await serve(() => page(e0, e1));
  try {
    const s = new PrometheusSource({ url });
    const a = await s.probe();
    assert.ok(a.available && a.devices.map((d) => d.id).join() === 'gpu0,gpu1');
    assert.equal(s.precision.kind, 'counter');
    await s.open();
    e0 += 150_000; // 150 J
    e1 += 50_000; // 50 J
    assert.equal(await s.read(), 200);
    e1 = 10_000; // exporter restarted: counts from 0 → +10 J
    assert.equal(await s.read(), 210);
  } finally {
    server.close();
  }
});

test('DCGM power gauge only: sampled and integrated as a step function', async () => {
  let w = 300;
  const { url, server } = await serve(() => `DCGM_FI_DEV_POWER_USAGE{gpu="0"} ${w}\nDCGM_FI_DEV_POWER_USAGE{gpu="1"} 100\n`);
  let t = 0;
  try {
    const s = new PrometheusSource({ url, now: () => t });
    const a = await s.probe();
    assert.ok(a.available && /power sampled/.test(a.detail));
    assert.equal(s.precision.kind, 'sampled');
    await s.open(); // 400 W
    t = 1000;
    w = 500;
    assert.equal(await s.read(), 400); // 400 W held for 1 s
    t = 3000;
    assert.equal(await s.read(), 400 + 600 * 2);
  } finally {
    server.close();
  }
});

test('an endpoint without DCGM metrics is unavailable with a reason', async () => {
  const { url, server } = await serve(() => 'up 1\n');
  try {
    const a = await new PrometheusSource({ url }).probe();
    assert.match(!a.available ? a.reason : '', /exposes neither/);
  } finally {
    server.close();
  }
});
