/** energy-score (measured and estimated, class, stars only with a named edition) and the Green-AI audit. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discloseEnergyScore, energyClass, starBand } from '../../src/disclose/energy-score.js';
import { auditDeployment, type PlanEvidence } from '../../src/disclose/audit.js';
import { resolveInferenceDeployment } from '../../src/estimate/inference-deployment.js';
import { prepareInference } from '../../src/core/inference.js';
import { runCli } from '../helpers/cli.js';

test('star bands: 5 equal-width bands, lowest energy 5★, clamped outside the range', () => {
  assert.equal(starBand(10, 10, 110), 5);
  assert.equal(starBand(29.9, 10, 110), 5);
  assert.equal(starBand(30, 10, 110), 4);
  assert.equal(starBand(109, 10, 110), 1);
  assert.equal(starBand(500, 10, 110), 1);
  assert.equal(starBand(1, 10, 110), 5);
  assert.throws(() => starBand(5, 10, 10), /must be above/);
  assert.deepEqual([energyClass(8e9), energyClass(32e9), energyClass(70e9)], ['A', 'B', 'C']);
});

test('energy-score estimate equals the inference estimator at batch 1, GPU boundary, × 1,000 (1e-9)', () => {
  const s = discloseEnergyScore({ model: 'llama-3.1-8b-instruct', outputTokens: 200 });
  const { deployment } = resolveInferenceDeployment({ model: 'llama-3.1-8b-instruct', hardware: 'h100-sxm', batch: 1, boundary: 'gpu', typicalInputTokens: 369, typicalOutputTokens: 200 });
  const e = prepareInference(deployment)({ inputTokens: 369.139, outputTokens: 200, cachedInputTokens: 0, reasoningTokens: 0 });
  assert.ok(Math.abs(s.whPer1kQueries / (e.perRequest.energyWh.value * 1000) - 1) < 1e-9);
  assert.equal(s.energyClass, 'A');
  assert.equal(s.stars, undefined);
  assert.ok(s.document.missing.some((m) => m.id === 'aies.stars'));
  assert.throws(() => discloseEnergyScore({ model: 'llama-3.1-8b-instruct', outputTokens: 200, editionMinWh: 1, editionMaxWh: 9 }), /edition named/);
  const rated = discloseEnergyScore({ model: 'llama-3.1-8b-instruct', outputTokens: 200, editionName: 'test edition', editionMinWh: 1, editionMaxWh: 1e6 });
  assert.equal(rated.stars, 5);
  assert.match(rated.document.subtitle, /leaderboard edition: test edition/);
  assert.throws(() => discloseEnergyScore({ model: 'llama-3.1-8b-instruct' }), /--output-tokens/);
});

test('energy-score from a measured profile-endpoint result (concurrency 1): Wh per request × 1,000', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-aies-'));
  try {
    const f = join(dir, 'profile.json');
    const level = (c: number, wh: number) => ({ concurrency: c, meanInputTokens: 40, meanOutputTokens: 250, whPerRequest: { value: wh, low: wh * 0.9, high: wh * 1.1 } });
    writeFileSync(f, JSON.stringify({ kind: 'endpoint-profile', model: 'llama-3.1-8b-instruct', measuredAt: '2026-01-01T00:00:00Z', boundary: 'gpu', levels: [level(1, 0.3), level(8, 0.05)] }));
    const s = discloseEnergyScore({ profile: f });
    assert.ok(Math.abs(s.whPer1kQueries - 300) < 1e-9);
    assert.equal(s.source, 'measured');
    assert.match(s.caveats.join(' '), /not an official score/);
    writeFileSync(f, JSON.stringify({ kind: 'endpoint-profile', model: 'llama-3.1-8b-instruct', measuredAt: 'x', boundary: 'gpu', levels: [level(8, 0.05)] }));
    assert.throws(() => discloseEnergyScore({ profile: f }), /no concurrency-1 level/);
    const cli = await runCli(['disclose', 'energy-score', '--profile', f]);
    assert.equal(cli.code, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const plan = (over: Partial<PlanEvidence> = {}): PlanEvidence => ({
  scenario: { file: 's.yaml', objectiveUnit: 'kgCO2e/yr' },
  baseline: { label: 'base', operating: { batch: 16 } },
  recommended: { label: 'rec' },
  levers: {
    alone: [
      { lever: 'model', label: 'model', applies: false },
      { lever: 'quantization', label: 'quantization', applies: true, saving: 100, savingFraction: 0.25, option: 'fp8' },
      { lever: 'batching', label: 'batching', applies: true, saving: 0 },
      { lever: 'hardware', label: 'hardware', applies: false },
      { lever: 'region', label: 'region', applies: true, saving: 50, savingFraction: 0.125 },
      { lever: 'time-shifting', label: 'time shifting', applies: true, saving: 70, savingFraction: 0.175 },
    ],
  },
  rebound: { outrunInYear: 3, statement: 'growth erases the saving in year 3' },
  ...over,
});

test('audit: ten items; a fail carries the largest lever saving alone; pass when the lever brings nothing', () => {
  const a = auditDeployment({ subject: 'x', plan: plan() });
  assert.equal(a.items.length, 10);
  const byId = new Map(a.items.map((i) => [i.id, i]));
  assert.equal(byId.get('right-size')?.status, 'fail');
  assert.equal(byId.get('right-size')?.saving?.value, 100);
  assert.equal(byId.get('serve-efficiently')?.status, 'pass');
  assert.equal(byId.get('carbon-aware')?.saving?.value, 70); // time shifting beats region
  assert.equal(byId.get('rebound')?.status, 'fail');
  assert.equal(byId.get('measure')?.status, 'unknown');
  assert.equal(a.counts.pass + a.counts.fail + a.counts.unknown, 10);
  const d = auditDeployment({
    subject: 'dep',
    deployment: { name: 'chat', config: { name: 'chat', model: 'm', accelerator: 'h100-sxm', replicas: 1, region: 'FR' }, calibrated: false, requests: 10, measuredShare: 0, inputTokens: 1000, cachedInputTokens: 0 },
  });
  const m = new Map(d.items.map((i) => [i.id, i]));
  assert.equal(m.get('measure')?.status, 'fail');
  assert.match(m.get('measure')?.fix ?? '', /profile-endpoint/);
  assert.equal(m.get('cache')?.status, 'fail');
  assert.equal(m.get('right-size')?.status, 'unknown');
});

test('audit CLI: the example scenario, and an unknown deployment name with suggestions', async () => {
  const r = await runCli(['audit', 'examples/scenario.yaml', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const a = JSON.parse(r.stdout) as { items: { id: string; status: string; saving?: { value: number } }[] };
  assert.equal(a.items.length, 10);
  assert.ok(a.items.some((i) => i.status === 'fail' && (i.saving?.value ?? 0) > 0));
  const dir = mkdtempSync(join(tmpdir(), 'tp-audit-'));
  try {
    await runCli(['sample', '--out', dir, '--events', '300', '--seed', '2']);
    const db = join(dir, 'l.duckdb');
    const i = await runCli(['ingest', join(dir, 'usage-2025-06.jsonl'), '--db', db, '--config', join(dir, 'tokenprint.yaml')]);
    assert.equal(i.code, 0, i.stderr);
    const ok = await runCli(['audit', 'llama-70b-paris', '--db', db, '--period', '2025', '--scenario', 'examples/scenario.yaml', '--format', 'json']);
    assert.equal(ok.code, 0, ok.stderr);
    const dep = JSON.parse(ok.stdout) as { subject: string; items: { id: string; status: string }[] };
    assert.match(dep.subject, /llama-70b-paris/);
    // The sample ledger has no measured rows and no calibration for it; the scenario gives the plan-based items.
    assert.equal(dep.items.find((x) => x.id === 'measure')?.status, 'fail');
    assert.notEqual(dep.items.find((x) => x.id === 'right-size')?.status, 'unknown');
    const bad = await runCli(['audit', 'no-such-deployment', '--db', db]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown deployment 'no-such-deployment'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
