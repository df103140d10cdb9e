import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';
import { EXIT } from '../../src/cli/exit-codes.js';

interface R { value: number; low: number; high: number }
const isRange = (r: R) => typeof r.value === 'number' && r.low <= r.value && r.value <= r.high;

test('estimate inference --json has the contracted fields, each a range', async () => {
  const r = await runCli(['estimate', 'inference', '--model', 'meta-llama/Llama-3.1-8B-Instruct', '--hardware', 'h100-sxm', '--region', 'FR', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const e = JSON.parse(r.stdout);
  assert.equal(e.kind, 'inference');
  assert.equal(e.boundary, 'facility');
  for (const q of [e.perOutputToken.energyJ, e.perRequest.energyWh, e.perRequest.carbonG.location, e.perRequest.carbonG.market, e.perRequest.waterMl, e.perRequest.embodiedCarbonG]) {
    assert.ok(isRange(q), JSON.stringify(q));
  }
  assert.ok(Array.isArray(e.trace) && e.trace.every((f: { source: string; unit: string }) => f.source && f.unit));
  // FR grid (Electricity Maps 2025, lifecycle) is 31 g/kWh: carbon = kWh × 31.
  assert.ok(Math.abs(e.perRequest.carbonG.location.value / (e.perRequest.energyWh.value / 1000) - 31) < 1e-6);
});

test('estimate inference: cloud region sets the zone and the operator PUE', async () => {
  const r = await runCli(['estimate', 'inference', '--model', 'llama-3.1-70b-instruct', '--hardware', 'h100-sxm', '--region', 'gcp:europe-west4', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const e = JSON.parse(r.stdout);
  const pue = e.trace.find((f: { name: string }) => f.name === 'pue');
  assert.ok(pue.value < 1.2, `GCP PUE ${pue.value}`);
});

test('estimate inference: human output names the assumptions', async () => {
  const r = await runCli(['estimate', 'inference', '--model', 'llama-3.1-8b-instruct', '--hardware', 'a100-80gb']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /energy per request/);
  assert.match(r.stdout, /batch = 64/);
  assert.match(r.stdout, /no --region given/);
});

test('bad input: unknown id suggests, bad numbers name the flag, contradictions are refused', async () => {
  const unknown = await runCli(['estimate', 'inference', '--model', 'lama-3.1-8b', '--hardware', 'h100-sxm']);
  assert.equal(unknown.code, EXIT.usage);
  assert.match(unknown.stderr, /Did you mean: llama-3.1-8b-instruct/);
  const hw = await runCli(['estimate', 'inference', '--model', 'llama-3.1-8b-instruct', '--hardware', 'h100sxm']);
  assert.equal(hw.code, EXIT.usage);
  assert.match(hw.stderr, /h100-sxm/);
  const neg = await runCli(['estimate', 'inference', '--model', 'llama-3.1-8b-instruct', '--hardware', 'h100-sxm', '--batch', '-4']);
  assert.equal(neg.code, EXIT.usage);
  assert.match(neg.stderr, /--batch/);
  const nan = await runCli(['estimate', 'training', '--hardware', 'h100-sxm', '--params', 'seven', '--tokens', '1T']);
  assert.equal(nan.code, EXIT.usage);
  assert.match(nan.stderr, /--params: 'seven' is not a number/);
  const both = await runCli(['estimate', 'training', '--hardware', 'h100-sxm', '--params', '7B', '--tokens', '1T', '--accelerator-hours', '1000']);
  assert.equal(both.code, EXIT.usage);
  assert.match(both.stderr, /two ways to get the same hours/);
  const cached = await runCli(['estimate', 'inference', '--model', 'llama-3.1-8b-instruct', '--hardware', 'h100-sxm', '--input-tokens', '10', '--cached-input-tokens', '20']);
  assert.equal(cached.code, EXIT.usage);
  const fit = await runCli(['estimate', 'inference', '--model', 'llama-3.1-405b-instruct', '--hardware', 'l4', '--gpus', '1']);
  assert.equal(fit.code, EXIT.infeasible);
  assert.match(fit.stderr, /GB of weights/);
});

test('estimate training --json: Llama 3.1 405B from 6·N·D lands near the published 30.84M H100-hours', async () => {
  const r = await runCli(['estimate', 'training', '--params', '405B', '--tokens', '15.6T', '--hardware', 'h100-sxm', '--accelerators', '16384', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const e = JSON.parse(r.stdout);
  for (const k of ['acceleratorHours', 'energyItMWh', 'energyMWh', 'embodiedT', 'waterKL']) assert.ok(isRange(e[k]), k);
  assert.ok(isRange(e.carbonT.location) && isRange(e.carbonT.market));
  // Meta's model card: 30.84M GPU-hours (Llama 3.1, 2024). The default Hopper MFU range must cover it.
  assert.ok(e.acceleratorHours.low <= 30.84e6 && 30.84e6 <= e.acceleratorHours.high, JSON.stringify(e.acceleratorHours));
});

test('estimate training from measured energy and from hours', async () => {
  const m = await runCli(['estimate', 'training', '--hardware', 'a100-80gb', '--energy-it-mwh', '100', '--pue', '1.1', '--grid-intensity', '0.4', '--json']);
  assert.equal(m.code, 0, m.stderr);
  const e = JSON.parse(m.stdout);
  assert.equal(e.mode, 'measured-energy');
  assert.ok(Math.abs(e.energyMWh.value - 110) < 1e-9);
  assert.ok(Math.abs(e.carbonT.location.value - 44) < 1e-9); // 110 MWh × 0.4 t/MWh
  const h = await runCli(['estimate', 'training', '--hardware', 'a100-80gb', '--accelerator-hours', '1M', '--power-w', '400', '--power-scope', 'system', '--pue', '1', '--json']);
  assert.equal(h.code, 0, h.stderr);
  assert.ok(Math.abs(JSON.parse(h.stdout).energyItMWh.value - 400) < 1e-9); // 1e6 h × 400 W
});

test('catalog lists accelerators, models and zones (json and table)', async () => {
  const a = await runCli(['catalog', 'accelerators', '--json']);
  assert.equal(a.code, 0);
  assert.ok(JSON.parse(a.stdout).some((x: { id: string }) => x.id === 'mi300x'));
  const m = await runCli(['catalog', 'models']);
  assert.match(m.stdout, /meta-llama\/Llama-3.1-8B-Instruct/);
  const z = await runCli(['catalog', 'zones']);
  assert.match(z.stdout, /US-CAL-CISO/);
  assert.match(z.stdout, /aws:us-east-1/);
});
