import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadScenarioFile, parseScenario } from '../../src/plan/scenario.js';
import { runPlan, type PlanReport } from '../../src/plan/plan.js';
import { objectiveValue } from '../../src/plan/option.js';
import { paretoFront } from '../../src/plan/pareto.js';
import { prepareInference } from '../../src/core/inference.js';
import { resolveInferenceDeployment } from '../../src/estimate/inference-deployment.js';
import { InfeasibleError, InvalidInputError } from '../../src/core/errors.js';

const example = readFileSync('examples/scenario.yaml', 'utf8');
let cached: PlanReport | undefined;
const report = () => (cached ??= runPlan(loadScenarioFile('examples/scenario.yaml')));

test('scenario errors name the file, the line and the YAML path', () => {
  const bad = example.replace('dailyProfile: [2, 1.5,', 'dailyProfile: [1.5,');
  assert.throws(() => parseScenario(bad, 'x.yaml'), (e: unknown) => e instanceof InvalidInputError && /^x\.yaml:9 workload\.dailyProfile: .*24/.test(e.message));
  const typo = example.replace('deferrableShare: 0.25', 'deferableShare: 0.25');
  assert.throws(() => parseScenario(typo, 'x.yaml'), /x\.yaml:\d+ workload: Unrecognized key.*deferableShare/);
  const unknown = example.replace('accelerators: [h100-sxm,', 'accelerators: [h100-sxmm,');
  assert.throws(() => parseScenario(unknown, 'x.yaml'), (e: unknown) => e instanceof InvalidInputError && /candidates\.accelerators\[0\].*Did you mean: h100-sxm/.test(e.message));
  assert.throws(() => parseScenario('workload: [', 'x.yaml'), /x\.yaml:1.*not valid YAML/);
});

test('every option serves the peak at the latency target with the estimator’s own throughput', () => {
  const r = report();
  const s = loadScenarioFile('examples/scenario.yaml');
  const profile = s.workload.dailyProfile ?? [];
  const peakRps = (s.workload.requestsPerDay * Math.max(...profile)) / profile.reduce((a, b) => a + b, 0) / 3600;
  for (const o of r.options) {
    assert.ok(o.interTokenMs <= s.workload.latency.maxInterTokenMs + 1e-9, o.label);
    // Capacity: replicas × planned utilisation ≥ peak requests/s × replica-seconds per request, and one replica fewer would not do.
    const need = peakRps * o.perRequest.replicaTimeS.value;
    assert.ok(o.replicas * 0.8 >= need - 1e-9 && (o.replicas - 1) * 0.8 < need, o.label);
  }
  // The recommendation's per-request energy is exactly what `estimate inference` gives for that deployment and batch.
  const rec = r.recommended;
  const { deployment } = resolveInferenceDeployment({
    model: rec.spec.model,
    hardware: rec.spec.accelerator,
    gpus: rec.spec.countPerReplica,
    precision: rec.spec.precision,
    batch: rec.operating.batch,
    region: rec.spec.region,
    typicalInputTokens: 800,
    typicalOutputTokens: 300,
  });
  const est = prepareInference(deployment)({ inputTokens: 800, outputTokens: 300 });
  assert.ok(Math.abs(est.perRequest.energyWh.value - rec.perRequest.energyWh.value) < 1e-12);
  assert.ok(Math.abs(rec.annual.energyKWh.value - (est.perRequest.energyWh.value * 2e6 * 365) / 1000) < 1e-6);
});

test('recommendation meets the floor and minimises the objective; the front is non-dominated', () => {
  const r = report();
  assert.ok(r.recommended.quality >= 60);
  const best = Math.min(...r.options.filter((o) => o.quality >= 60).map((o) => objectiveValue(o, 'carbon-location').value));
  assert.equal(objectiveValue(r.recommended, 'carbon-location').value, best);
  // Ties between same-architecture models go to the higher score (Llama 3.3 70B over 3.1 70B).
  assert.equal(r.recommended.spec.model, 'llama-3.3-70b-instruct');
  for (const p of r.paretoCarbon) {
    const o = r.options.find((x) => x.label === p.label);
    assert.ok(o);
    const cost = (x: typeof o) => x?.annual.totalLocationKg.value ?? Infinity;
    const dominated = r.options.some((x) => x.quality >= p.quality && cost(x) <= p.value && (x.quality > p.quality || cost(x) < p.value));
    assert.equal(dominated, false, p.label);
  }
  assert.deepEqual(
    paretoFront([
      { item: 'a', quality: 50, cost: 10 },
      { item: 'b', quality: 60, cost: 20 },
      { item: 'c', quality: 55, cost: 30 },
      { item: 'd', quality: 60, cost: 25 },
    ]).map((p) => p.item),
    ['a', 'b'],
  );
});

test('levers: the waterfall adds up to the combined saving; each lever carries the factors it changed', () => {
  const l = report().levers;
  const steps = l.waterfall.reduce((a, s) => a + (s.saving ?? 0), 0);
  assert.ok(Math.abs(steps - l.combinedSaving) < 1e-6 * l.baseline.value);
  const region = l.alone.find((x) => x.lever === 'region');
  assert.ok(region?.applies && (region.saving ?? 0) > 0);
  // Moving from PJM (418 g/kWh) to FR (31 g/kWh): the location intensity is among the changed factors.
  assert.ok(region?.changed.some((c) => c.name === 'locationIntensity' && c.from === 418 && c.to === 31));
  const q = l.alone.find((x) => x.lever === 'quantization');
  assert.ok(q?.changed.some((c) => c.name === 'bytesPerParam' && c.from === 2 && c.to === 1));
});

test('time shifting: with hourly data the cleanest-hours option emits less than as-demanded, same fleet', () => {
  const r = report();
  const pick = (hours: string) =>
    r.options.find((o) => o.spec.model === 'llama-3.3-70b-instruct' && o.spec.accelerator === 'h100-sxm' && o.spec.precision === 'fp8' && o.spec.batching.id === 'continuous-128' && o.spec.region === 'aws:eu-central-1' && o.spec.hours === hours);
  const a = pick('as-demanded');
  const c = pick('cleanest');
  assert.ok(a && c);
  assert.equal(a.accelerators, c.accelerators);
  assert.equal(a.annual.energyKWh.value, c.annual.energyKWh.value);
  assert.ok(c.annual.carbonLocationKg.value < a.annual.carbonLocationKg.value);
  assert.ok(r.notes.some((n) => /cleanest not evaluated for aws:us-east-1/.test(n)));
});

test('rebound: absolute totals grow with demand while intensity stays, and the statement says when growth wins', () => {
  const rb = report().rebound;
  assert.equal(rb.recommended.length, 5);
  const y0 = rb.recommended[0];
  const y4 = rb.recommended[4];
  assert.ok(Math.abs(y4.requestsPerDay / y0.requestsPerDay - 1.6 ** 4) < 1e-9);
  assert.ok(y4.totalKg.value > 5 * y0.totalKg.value);
  assert.ok(Math.abs(y4.perThousandG.value / y0.perThousandG.value - 1) < 0.05); // fleet rounding only
  // ratio ≈ 0.019: growth of 60 %/yr erases it after ln(1/ratio)/ln(1.6) ≈ 8.4 years, beyond the 4-year horizon.
  assert.ok(rb.breakEvenYears !== undefined && Math.abs(rb.breakEvenYears - Math.log(1 / rb.intensityRatio) / Math.log(1.6)) < 1e-9);
  assert.equal(rb.outrunInYear, undefined);
  assert.match(rb.statement, /would exceed it after about/);
  const fast = example.replace('demandPerYear: 0.6', 'demandPerYear: 4').replace('horizonYears: 4', 'horizonYears: 5');
  const r2 = runPlan(parseScenario(fast, 'examples/scenario.yaml'));
  assert.ok(r2.rebound.outrunInYear !== undefined);
  assert.match(r2.rebound.statement, /Growth outruns the efficiency gain/);
});

test('infeasible scenarios are reported with their reasons, never as an empty table', () => {
  assert.throws(
    () => runPlan(loadScenarioFile('examples/scenario-infeasible.yaml')),
    (e: unknown) => e instanceof InfeasibleError && /quality floor MMLU-Pro \(CoT\) ≥ 80/.test(e.message) && /do not fit/.test(e.message),
  );
  const noLatency = example.replace('maxInterTokenMs: 50', 'maxInterTokenMs: 1');
  assert.throws(() => runPlan(parseScenario(noLatency, 'x.yaml')), (e: unknown) => e instanceof InfeasibleError && /no candidate option can serve/.test(e.message) && /even batch 1/.test(e.message));
});
