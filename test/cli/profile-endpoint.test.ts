import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { startFakeServer } from '../measure/fake-openai-server.js';
import { readCalibrations } from '../../src/measure/calibration-file.js';
import type { ProfileResult } from '../../src/measure/profile-endpoint.js';

test('profile-endpoint CLI: DCGM power, two levels, estimator beside, calibration saved', async () => {
  const srv = await startFakeServer({ tokenMs: 3, jPerToken: 0.5, promptTokens: 30 });
  const dir = mkdtempSync(join(tmpdir(), 'tp-cli-prof-'));
  try {
    const prompts = join(dir, 'prompts.jsonl');
    writeFileSync(prompts, '{"prompt": "hello"}\n{"messages": [{"role": "user", "content": "hi"}]}\nplain line\n');
    const cfg = join(dir, 'tokenprint.yaml');
    const r = await runCli([
      'profile-endpoint', '--url', srv.base, '--model', 'served-name', '--concurrency', '2', '4', '--requests', '12',
      '--max-tokens', '30', '--prompts', prompts, '--power', `prometheus:${srv.metricsUrl}`,
      '--hardware', 'h100-sxm', '--gpus', '1', '--catalog-model', 'llama-3.1-8b-instruct',
      '--save-calibration', cfg, '--deployment', 'test-8b', '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const p = JSON.parse(r.stdout) as ProfileResult;
    assert.deepEqual(p.levels.map((l) => l.concurrency), [2, 4]);
    assert.equal(p.power?.name, 'prometheus');
    for (const l of p.levels) {
      // Same edge bound as the library test: at most c tokens mismatched at each window edge.
      const bound = (2 * l.concurrency) / l.window.outputTokens;
      assert.ok(Math.abs(l.jPerOutputToken!.value - 0.5) / 0.5 <= bound, `c=${l.concurrency}: ${l.jPerOutputToken!.value}`);
    }
    const cal = readCalibrations(cfg);
    assert.deepEqual(cal.map((c) => [c.deployment, c.batch, c.hardware, c.gpus, c.model]), [
      ['test-8b', 2, 'h100-sxm', 1, 'llama-3.1-8b-instruct'],
      ['test-8b', 4, 'h100-sxm', 1, 'llama-3.1-8b-instruct'],
    ]);
    assert.ok(Math.abs(cal[0].factor - cal[0].measuredJPerOutputToken / cal[0].predictedJPerOutputToken) < 1e-12);
  } finally {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('profile-endpoint CLI: table output without power; usage errors exit 2', async () => {
  const srv = await startFakeServer({ tokenMs: 2, jPerToken: 1 });
  try {
    const r = await runCli(['profile-endpoint', '--url', srv.base, '--model', 'm', '--concurrency', '2', '--requests', '4', '--max-tokens', '5', '--power', 'none']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /TTFT ms p50\/90\/99/);
    assert.match(r.stdout, /latency and throughput only/);
    const bad = await runCli(['profile-endpoint', '--url', srv.base, '--model', 'm', '--power', 'none', '--save-calibration', 'x.yaml']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /needs --hardware/);
    assert.equal((await runCli(['profile-endpoint', '--url', 'localhost:8000', '--model', 'm'])).code, 2);
  } finally {
    await srv.close();
  }
});
