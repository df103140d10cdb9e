/**
 * The inference estimator against cited measurements and its own invariants. Measured points: ML.ENERGY v3
 * leaderboard, lm-arena-chat, H100 SXM, vLLM, GPU-only J per output token with prefill folded in (Chung et al.,
 * "The ML.ENERGY Benchmark", NeurIPS 2025 D&B; data github.com/ml-energy/leaderboard @0cd52da).
 * Tolerance: ×1.5 either way — the model's 5th–95th percentile band on the full data set is 0.67–1.42
 * (docs/methodology/inference.md), so a point outside ×1.5 is a regression, not noise.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../helpers/property-seed.js';
import { prepareInference, prepareInferenceNumbers, type InferenceEstimate } from '../../src/core/inference.js';
import { weightBytesRead } from '../../src/core/inference-physics.js';
import { resolveInferenceDeployment } from '../../src/estimate/inference-deployment.js';
import { modelInput } from '../../src/catalog/shapes.js';
import { getModel } from '../../src/catalog/models.js';
import { InfeasibleError } from '../../src/core/errors.js';
import { isOrdered } from '../../src/core/range.js';
import type { Boundary } from '../../src/core/trace.js';
import type { Precision } from '../../src/core/precision.js';

/** GPU-only J per output token, prefill included, as ML.ENERGY measures it. */
function gpuJPerOutputToken(model: string, gpus: number, batch: number, outTok: number, precision?: Precision): number {
  const { deployment } = resolveInferenceDeployment({
    model,
    hardware: 'h100-sxm',
    gpus,
    batch,
    precision,
    boundary: 'gpu',
    typicalInputTokens: 300,
    typicalOutputTokens: outTok,
  });
  const e = prepareInference(deployment)({ inputTokens: 300, outputTokens: outTok });
  return (e.perRequest.energyWh.value * 3600) / outTok;
}

const MEASURED: Array<[string, number, number, number, number, Precision?]> = [
  // model, GPUs, batch, avg output tokens, measured J/token
  ['meta-llama/Llama-3.1-8B-Instruct', 1, 8, 389, 0.455],
  ['meta-llama/Llama-3.1-8B-Instruct', 1, 64, 396, 0.119],
  ['meta-llama/Llama-3.1-8B-Instruct', 1, 256, 404, 0.077],
  ['meta-llama/Llama-3.1-70B-Instruct', 4, 8, 350, 3.759],
  ['meta-llama/Llama-3.1-70B-Instruct', 4, 64, 352, 0.797],
  ['meta-llama/Llama-3.1-70B-Instruct', 4, 256, 349, 0.479],
  ['meta-llama/Llama-3.1-405B-Instruct-FP8', 8, 64, 366, 3.08, 'fp8'],
  ['meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8', 8, 64, 406, 0.944, 'fp8'],
];

test('known miss stays bounded: Qwen3-30B-A3B on 1×H100 at batch 64 (measured 0.222 J/token) within ×2', () => {
  // Small-expert MoE on one GPU is the model's largest systematic over-prediction (×1.4–1.8 across batch sizes;
  // docs/methodology/inference.md, per-model table). This guards against it getting worse.
  const ratio = gpuJPerOutputToken('Qwen/Qwen3-30B-A3B-Instruct-2507', 1, 64, 919) / 0.222;
  assert.ok(ratio > 1 / 2 && ratio < 2, `ratio ${ratio.toFixed(2)}`);
});

for (const [model, gpus, batch, out, measured, precision] of MEASURED) {
  test(`${model} on ${gpus}×H100 at batch ${batch} is within ×1.5 of ML.ENERGY's ${measured} J/token`, () => {
    const predicted = gpuJPerOutputToken(model, gpus, batch, out, precision);
    const ratio = predicted / measured;
    assert.ok(ratio > 1 / 1.5 && ratio < 1.5, `predicted ${predicted.toFixed(3)} J, ratio ${ratio.toFixed(2)}`);
  });
}

test('batch scaling: J/token at batch 8 is 5–9× batch 256 for 8B and 70B dense (ML.ENERGY v3 shape)', () => {
  for (const [m, g] of [
    ['meta-llama/Llama-3.1-8B-Instruct', 1],
    ['meta-llama/Llama-3.1-70B-Instruct', 4],
  ] as const) {
    const r = gpuJPerOutputToken(m, g, 8, 400) / gpuJPerOutputToken(m, g, 256, 400);
    assert.ok(r > 4 && r < 10, `${m}: ratio ${r.toFixed(2)}`);
  }
});

function estimate(boundary: Boundary, req = { inputTokens: 1000, outputTokens: 500 }): InferenceEstimate {
  const { deployment } = resolveInferenceDeployment({ model: 'llama-3.1-70b-instruct', hardware: 'h100-sxm', boundary, region: 'DE' });
  return prepareInference(deployment)(req);
}

test('boundaries nest: gpu < server < facility, and facility = server × PUE', () => {
  const g = estimate('gpu').perRequest.energyWh.value;
  const s = estimate('server').perRequest.energyWh.value;
  const f = estimate('facility');
  assert.ok(g < s && s < f.perRequest.energyWh.value);
  const pue = f.trace.find((x) => x.name === 'pue');
  assert.ok(pue);
  assert.ok(Math.abs(f.perRequest.energyWh.value / s - pue.value) < 1e-9);
});

test('carbon = energy × grid intensity; water = on-site WUE × IT + off-site × facility', () => {
  const e = estimate('facility');
  const kwh = e.perRequest.energyWh.value / 1000;
  const loc = e.trace.find((x) => x.name === 'locationIntensity')!;
  assert.ok(Math.abs(e.perRequest.carbonG.location.value - kwh * loc.value) < 1e-12);
  const pue = e.trace.find((x) => x.name === 'pue')!.value;
  const on = e.trace.find((x) => x.name === 'wueOnsite')!.value;
  const off = e.trace.find((x) => x.name === 'offsiteWaterIntensity')!.value;
  const expected = ((kwh / pue) * on + kwh * off) * 1000;
  assert.ok(Math.abs(e.perRequest.waterMl.value - expected) / expected < 1e-9);
});

test('input tokens cost energy, cached ones less, reasoning tokens like output', () => {
  const base = estimate('gpu', { inputTokens: 0, outputTokens: 500 }).perRequest.energyWh.value;
  const withInput = estimate('gpu', { inputTokens: 10000, outputTokens: 500 }).perRequest.energyWh.value;
  const cached = estimate('gpu', { inputTokens: 10000, outputTokens: 500, cachedInputTokens: 9000 } as never).perRequest
    .energyWh.value;
  assert.ok(withInput > base * 1.2, 'a 10k prompt must add noticeable prefill energy');
  assert.ok(cached < withInput && cached > base);
  const reasoning = estimate('gpu', { inputTokens: 1000, outputTokens: 500, reasoningTokens: 500 } as never).perRequest
    .energyWh.value;
  const doubled = estimate('gpu', { inputTokens: 1000, outputTokens: 1000 }).perRequest.energyWh.value;
  assert.ok(Math.abs(reasoning / doubled - 1) < 1e-9);
});

test('a model that does not fit is infeasible, with the reason', () => {
  assert.throws(
    () => resolveInferenceDeployment({ model: 'llama-3.1-405b-instruct', hardware: 'h100-sxm', gpus: 1 }).deployment &&
      prepareInference(resolveInferenceDeployment({ model: 'llama-3.1-405b-instruct', hardware: 'h100-sxm', gpus: 1 }).deployment),
    (e: unknown) => e instanceof InfeasibleError && /GB of weights/.test(e.message),
  );
});

test('default GPU count is the smallest power of two that holds the weights', () => {
  const r = resolveInferenceDeployment({ model: 'llama-3.1-70b-instruct', hardware: 'h100-sxm' });
  assert.equal(r.deployment.count, 4); // 141 GB bf16 weights; 2×80 GB × 0.9 × 0.75 = 108 GB is too small
  assert.equal(resolveInferenceDeployment({ model: 'llama-3.1-8b-instruct', hardware: 'h100-sxm' }).deployment.count, 1);
});

test('MoE: a single token reads only shared + active experts; a large batch reads nearly all', () => {
  const m = modelInput(getModel('Qwen/Qwen3-30B-A3B-Instruct-2507'), 'bf16');
  const shape = { ...m, totalParams: m.totalParams.value, activeParams: m.activeParams.value };
  const one = weightBytesRead(shape, 1) / 2;
  assert.ok(Math.abs(one / m.activeParams.value - 1) < 0.01, `B=1 reads ${one} params vs ${m.activeParams.value} active`);
  assert.ok(weightBytesRead(shape, 512) / 2 / m.totalParams.value > 0.99);
});

test('property: every output range is ordered (low ≤ value ≤ high) for any valid request and deployment', () => {
  const models = ['llama-3.1-8b-instruct', 'qwen3-30b-a3b-instruct-2507', 'gemma-3-27b-it', 'nvidia-nemotron-nano-9b-v2'];
  const hw = ['h100-sxm', 'a100-80gb', 'h200', 'mi300x', 'l40s', 'tpu-v5e'];
  fc.assert(
    fc.property(
      fc.constantFrom(...models),
      fc.constantFrom(...hw),
      fc.constantFrom<Boundary>('gpu', 'server', 'facility'),
      fc.integer({ min: 1, max: 512 }),
      fc.integer({ min: 0, max: 50000 }),
      fc.integer({ min: 1, max: 8000 }),
      (model, hardware, boundary, batch, input, output) => {
        const { deployment } = resolveInferenceDeployment({ model, hardware, boundary, batch, gpus: 8 });
        const e = prepareInference(deployment)({ inputTokens: input, outputTokens: output, cachedInputTokens: Math.floor(input / 2) });
        const all = [
          e.perRequest.energyWh,
          e.perRequest.carbonG.location,
          e.perRequest.carbonG.market,
          e.perRequest.waterMl,
          e.perRequest.embodiedCarbonG,
          e.perOutputToken.energyJ,
        ];
        return all.every((r) => isOrdered(r) && r.low > 0);
      },
    ),
    { numRuns: 150 },
  );
});

test('metrics: tokens/J, gCO2e per 1k tokens and SCI follow from the same energy and carbon', () => {
  const e = estimate('facility', { inputTokens: 1000, outputTokens: 500 });
  const j = e.perRequest.energyWh.value * 3600;
  assert.ok(Math.abs(e.metrics.outputTokensPerJ.value - 500 / j) < 1e-12);
  assert.ok(Math.abs(e.metrics.outputTokensPerKWh.value - 500 / (j / 3.6e6)) < 1e-6);
  assert.ok(Math.abs(e.metrics.carbonGPer1kTokens.value - e.perRequest.carbonG.location.value / 1.5) < 1e-12);
  const sci = e.perRequest.carbonG.location.value + e.perRequest.embodiedCarbonG.value;
  assert.ok(Math.abs(e.metrics.sciGPerRequest.value - sci) < 1e-12);
  // 70B dense: about 2 × 70.6e9 FLOPs per token plus attention over ~1.25k tokens of context.
  assert.ok(e.metrics.flopsPerOutputToken > 1.41e11 && e.metrics.flopsPerOutputToken < 1.5e11);
  assert.ok(e.metrics.decodeMfu > 0 && e.metrics.decodeMfu < 1);
});

test('property: prepareInferenceNumbers writes exactly the perRequest numbers of prepareInference (1e-12 relative)', () => {
  const models = ['llama-3.1-8b-instruct', 'qwen3-30b-a3b-instruct-2507', 'gemma-3-27b-it'];
  const hw = ['h100-sxm', 'a100-80gb', 'mi300x', 'tpu-v5e'];
  const out = new Float64Array(25);
  fc.assert(
    fc.property(
      fc.constantFrom(...models),
      fc.constantFrom(...hw),
      fc.constantFrom<Boundary>('gpu', 'server', 'facility'),
      fc.integer({ min: 1, max: 512 }),
      fc.integer({ min: 0, max: 50000 }),
      fc.integer({ min: 0, max: 8000 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 0, max: 2000 }),
      fc.integer({ min: 0, max: 5 }),
      (model, hardware, boundary, batch, input, output, cachedShare, reasoning, offset) => {
        const { deployment } = resolveInferenceDeployment({ model, hardware, boundary, batch, gpus: 8 });
        const cached = Math.floor(input * cachedShare);
        const r = prepareInference(deployment)({ inputTokens: input, cachedInputTokens: cached, outputTokens: output, reasoningTokens: reasoning }).perRequest;
        out.fill(NaN);
        prepareInferenceNumbers(deployment)(input, cached, output, reasoning, out, offset);
        const want = [r.energyWh, r.carbonG.location, r.carbonG.market, r.waterMl, r.embodiedCarbonG].flatMap((x) => [x.value, x.low, x.high]);
        want.forEach((w, i) => {
          const got = out[offset + i];
          assert.ok(Math.abs(got - w) <= 1e-12 * Math.abs(w), `number ${i}: ${got} vs ${w}`);
        });
        return Number.isNaN(out[offset + 15]) && (offset === 0 || Number.isNaN(out[offset - 1]));
      },
    ),
    { numRuns: 200 },
  );
});
