import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profileEndpoint, percentiles, predict, tokensInWindow } from '../../src/measure/profile-endpoint.js';
import { saveCalibrations, readCalibrations } from '../../src/measure/calibration-file.js';
import { PrometheusSource } from '../../src/sources/power/prometheus.js';
import { startFakeServer } from './fake-openai-server.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

test('percentiles: linear interpolation between order statistics', () => {
  const p = percentiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.equal(p.p50, 5.5);
  assert.ok(Math.abs(p.p90 - 9.1) < 1e-12);
  assert.equal(p.mean, 5.5);
});

test('tokensInWindow scales chunks to the usage count', () => {
  const r = { startT: 0, firstTokenT: 1, endT: 10, chunkTimes: [1, 2, 3, 4], outputTokens: 8, outputTokensFromUsage: true, inputTokens: 5 };
  assert.equal(tokensInWindow([r], 2, 3), 4); // 2 of 4 chunks × 8/4 tokens per chunk
});

test('profile-endpoint measures the J per output token the stand-in server really spends', async () => {
  const J_PER_TOKEN = 0.2;
  const srv = await startFakeServer({ tokenMs: 4, jPerToken: J_PER_TOKEN, promptTokens: 20 });
  try {
    const power = new PrometheusSource({ url: srv.metricsUrl });
    assert.equal((await power.probe()).available, true);
    const c = 4;
    const r = await profileEndpoint({
      url: srv.base,
      model: 'fake',
      concurrency: [c],
      requests: 16,
      maxTokens: 40,
      power,
      estimator: { model: 'llama-3.1-8b-instruct', hardware: 'h100-sxm', gpus: 1 },
    });
    const l = r.levels[0];
    assert.equal(l.completed, 16);
    assert.equal(l.window.steady, true);
    assert.equal(l.meanOutputTokens, 40);
    assert.equal(l.meanInputTokens, 20);
    // Tolerance: the energy counter is read over HTTP at the window edges while up to c streams are mid-token,
    // so at each edge at most c tokens can be counted on one side (energy) and not the other (chunks):
    // |error| ≤ 2c / tokens in the window.
    const bound = (2 * c) / l.window.outputTokens;
    assert.ok(l.window.outputTokens > 100, `window holds ${l.window.outputTokens} tokens`);
    const jpt = l.jPerOutputToken!.value;
    assert.ok(Math.abs(jpt - J_PER_TOKEN) / J_PER_TOKEN <= bound, `J/token ${jpt} vs ${J_PER_TOKEN} (bound ${bound})`);
    assert.ok(Math.abs(l.tokensPerJ! * jpt - 1) < 1e-12);
    assert.ok(Math.abs(l.whPerRequest!.value - (jpt * 40) / 3600) < 1e-15);
    // The identity ML.ENERGY relies on: J/token = mean power / throughput.
    assert.ok(Math.abs(l.avgPowerW! / l.throughputTokS - jpt) < 1e-9);
    assert.equal(l.ttftMs.p50 > 0, true);
    // Beside the estimator: batch = concurrency, GPU boundary, measured request shape.
    const p = predict({ model: 'llama-3.1-8b-instruct', hardware: 'h100-sxm', gpus: 1 }, c, 20, 40);
    assert.equal(l.prediction!.jPerOutputToken.value, p.jPerOutputToken.value);
    assert.ok(Math.abs(l.calibrationFactor! - jpt / p.jPerOutputToken.value) < 1e-12);
    assert.equal(l.prediction!.batch, 4);
  } finally {
    await srv.close();
  }
});

test('profile-endpoint without power still reports throughput and latency; too few requests is refused', async () => {
  const srv = await startFakeServer({ tokenMs: 2, jPerToken: 1, usage: false });
  try {
    const r = await profileEndpoint({ url: srv.base, model: 'fake', concurrency: [2], requests: 6, maxTokens: 10 });
    const l = r.levels[0];
    assert.equal(l.jPerOutputToken, undefined);
    assert.ok(l.throughputTokS > 0);
    assert.equal(l.meanOutputTokens, 10, 'counted as chunks when the server sends no usage');
    assert.ok(l.warnings.some((w) => /no usage/.test(w)));
    await assert.rejects(profileEndpoint({ url: srv.base, model: 'fake', concurrency: [8], requests: 10 }), /at least 16/);
  } finally {
    await srv.close();
  }
});

test('calibration file: entries added, then replaced by deployment and batch, other content kept', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-cal-'));
  try {
    const file = join(dir, 'tokenprint.yaml');
    writeFileSync(file, '# my config\nregion: FR\n');
    const e = {
      deployment: 'd1', hardware: 'h100-sxm', gpus: 1, model: 'llama-3.1-8b-instruct', precision: 'bf16', batch: 8,
      measuredJPerOutputToken: 0.3, predictedJPerOutputToken: 0.25, factor: 1.2, measuredAt: '2026-01-01T00:00:00.000Z', source: 's',
    };
    assert.deepEqual(saveCalibrations(file, [e, { ...e, batch: 16 }]), { added: 2, replaced: 0 });
    assert.deepEqual(saveCalibrations(file, [{ ...e, factor: 1.5 }]), { added: 0, replaced: 1 });
    const text = readFileSync(file, 'utf8');
    assert.match(text, /# my config/);
    assert.match(text, /region: FR/);
    const list = readCalibrations(file);
    assert.equal(list.length, 2);
    assert.equal(list.find((x) => x.batch === 8)?.factor, 1.5);
    writeFileSync(file, 'calibrations: 3\n');
    assert.throws(() => saveCalibrations(file, [e]), /must be a list/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('profile-endpoint: without a steady window a level falls back to its own span, not the energy of earlier levels', async () => {
  // Level 1 (c = 1, 4 requests) is normal. In level 2 (c = 2, 4 requests) the first two requests stream nothing and
  // return at once, so the (N − c)-th completion comes before the c-th first token: no steady window.
  const J_PER_TOKEN = 0.5;
  const srv = await startFakeServer({ tokenMs: 3, jPerToken: J_PER_TOKEN, behave: (k) => (k === 4 || k === 5 ? 'empty' : 'ok') });
  try {
    const power = new PrometheusSource({ url: srv.metricsUrl });
    assert.equal((await power.probe()).available, true);
    const r = await profileEndpoint({ url: srv.base, model: 'fake', concurrency: [1, 2], requests: 4, maxTokens: 20, power });
    const l = r.levels[1];
    assert.equal(l.window.steady, false);
    assert.ok(l.warnings.some((w) => /no steady-state window/.test(w)));
    assert.equal(l.window.outputTokens, 40, 'the two streaming requests, 20 tokens each');
    // The whole level is measured from a reading taken before its first request to one after its last: every
    // token of the level, and only those, lies inside, so the J per token is exact (up to float rounding).
    assert.ok(Math.abs(l.jPerOutputToken!.value - J_PER_TOKEN) < 1e-9, `${l.jPerOutputToken!.value} J/token`);
  } finally {
    await srv.close();
  }
});

test('profile-endpoint: a server that fails every request, streams nothing, or is not there is an error that says so', async () => {
  const failing = await startFakeServer({ tokenMs: 1, jPerToken: 1, behave: () => 'fail' });
  const empty = await startFakeServer({ tokenMs: 1, jPerToken: 1, behave: () => 'empty' });
  const gone = createServer();
  await new Promise<void>((r) => gone.listen(0, '127.0.0.1', r));
  const gonePort = (gone.address() as AddressInfo).port;
  await new Promise<void>((r) => gone.close(() => r()));
  try {
    const run = (url: string) => profileEndpoint({ url, model: 'fake', concurrency: [2], requests: 4, maxTokens: 5 });
    await assert.rejects(run(failing.base), /all 4 requests to .* failed \(first: HTTP 500: .*overloaded.*--url .* --model/s);
    await assert.rejects(run(empty.base), /streamed no content/);
    await assert.rejects(run(`http://127.0.0.1:${gonePort}/v1`), /cannot reach .*ECONNREFUSED/);
  } finally {
    await failing.close();
    await empty.close();
  }
});
