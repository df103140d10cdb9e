/**
 * The inference estimator against cited measurements and its own invariants. Measured points: ML.ENERGY v3
 * leaderboard, lm-arena-chat, H100 SXM and B200, vLLM, GPU-only J per output token with prefill folded in (Chung
 * et al., "The ML.ENERGY Benchmark", NeurIPS 2025 D&B; data github.com/ml-energy/leaderboard).
 * Tolerance: ×1.5 either way — the model's in-sample 5th–95th percentile band is 0.76–1.44 on both files
 * (docs/methodology/inference.md), so a point outside ×1.5 is a regression, not noise.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../helpers/property-seed.js';
import { prepareInference, prepareInferenceNumbers, type InferenceEstimate } from '../../src/core/inference.js';
import { weightBytesRead, expectedExpertsTouched } from '../../src/core/inference-physics.js';
import { carbonG, facilityEnergy, serverEnergyJ, waterL, amortisedEmbodied } from '../../src/core/impacts.js';
import { range } from '../../src/core/range.js';
import { resolveInferenceDeployment } from '../../src/estimate/inference-deployment.js';
import { modelInput } from '../../src/catalog/shapes.js';
import { getModel } from '../../src/catalog/models.js';
import { InfeasibleError } from '../../src/core/errors.js';
import { isOrdered } from '../../src/core/range.js';
import type { Boundary } from '../../src/core/trace.js';
import type { Precision } from '../../src/core/precision.js';

/** GPU-only J per output token, prefill included, as ML.ENERGY measures it. */
function gpuJPerOutputToken(
  model: string,
  gpus: number,
  batch: number,
  outTok: number,
  precision?: Precision,
  hardware = 'h100-sxm',
): number {
  const { deployment } = resolveInferenceDeployment({
    model,
    hardware,
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
];

/** B200 points of the same campaign (mlenergy-v3-b200-chat.json). */
const MEASURED_B200: Array<[string, number, number, number, number, Precision?]> = [
  ['meta-llama/Llama-3.1-8B-Instruct', 1, 8, 388, 0.3905],
  ['meta-llama/Llama-3.1-8B-Instruct', 1, 1021, 396, 0.0549],
  ['meta-llama/Llama-3.1-70B-Instruct', 2, 64, 346, 0.6971],
  ['meta-llama/Llama-3.1-405B-Instruct', 8, 255, 366, 2.1307],
  ['deepseek-ai/DeepSeek-V3.1', 8, 64, 849, 2.9197, 'fp8'],
  ['deepseek-ai/DeepSeek-V3.1', 8, 1022, 844, 0.7721, 'fp8'],
];

test('known miss stays bounded: Llama-4-Maverick FP8 on 8×H100 at batch 64 (measured 0.944 J/token) within ×2', () => {
  // One FP8 weight-streaming factor serves both block-scaled FP8 checkpoints (Qwen3-235B-FP8, DeepSeek-V3.1:
  // under-predicted) and Meta's per-channel FP8 (Maverick: over-predicted ×1.2–1.6); docs/methodology/inference.md.
  const ratio = gpuJPerOutputToken('meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8', 8, 64, 406, 'fp8') / 0.944;
  assert.ok(ratio > 1 / 2 && ratio < 2, `ratio ${ratio.toFixed(2)}`);
});

test('known miss stays bounded: Qwen3-30B-A3B on 1×H100 at batch 64 (measured 0.222 J/token) within ×2', () => {
  // Small-expert MoE on one GPU is the model's largest systematic over-prediction (×1.4–1.8 across batch sizes;
  // docs/methodology/inference.md, per-model table). This guards against it getting worse.
  const ratio = gpuJPerOutputToken('Qwen/Qwen3-30B-A3B-Instruct-2507', 1, 64, 919) / 0.222;
  assert.ok(ratio > 1 / 2 && ratio < 2, `ratio ${ratio.toFixed(2)}`);
});

for (const [hardware, points] of [['h100-sxm', MEASURED], ['b200', MEASURED_B200]] as const) {
  for (const [model, gpus, batch, out, measured, precision] of points) {
    test(`${model} on ${gpus}×${hardware} at batch ${batch} is within ×1.5 of ML.ENERGY's ${measured} J/token`, () => {
      const predicted = gpuJPerOutputToken(model, gpus, batch, out, precision, hardware);
      const ratio = predicted / measured;
      assert.ok(ratio > 1 / 1.5 && ratio < 1.5, `predicted ${predicted.toFixed(3)} J, ratio ${ratio.toFixed(2)}`);
    });
  }
}

test('high-batch regime: J/token on 1×H100 stops falling above batch ≈ 256 (ML.ENERGY v3: 0.077 → 0.070 J, 256 → 511)', () => {
  // Measured 256 → 511 falls 9 %; a pure weight-streaming model would fall ≈ 40 %. Per-sequence overhead and KV
  // reads keep the floor: the predicted fall must stay under 25 %.
  const m = 'meta-llama/Llama-3.1-8B-Instruct';
  const fall = 1 - gpuJPerOutputToken(m, 1, 511, 397) / gpuJPerOutputToken(m, 1, 255, 404);
  assert.ok(fall > 0 && fall < 0.25, `fall ${(fall * 100).toFixed(0)} %`);
});

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

test('property: the per-row numbers equal the impacts.ts formulas applied to GPU energy and replica time (1e-12 relative)', () => {
  // The row function writes the formulas out on plain locals for speed; this holds it to the named functions:
  // serverEnergyJ → facilityEnergy (× PUE) → carbonG (location, market) → waterL, and amortisedEmbodied.
  const models = ['llama-3.1-8b-instruct', 'qwen3-30b-a3b-instruct-2507'];
  const hw = ['h100-sxm', 'b200', 'a100-80gb'];
  fc.assert(
    fc.property(
      fc.constantFrom(...models),
      fc.constantFrom(...hw),
      fc.constantFrom<Boundary>('gpu', 'server', 'facility'),
      fc.constantFrom('vllm', 'sglang', 'transformers'),
      fc.integer({ min: 1, max: 512 }),
      fc.integer({ min: 0, max: 50000 }),
      fc.integer({ min: 1, max: 8000 }),
      (model, hardware, boundary, engine, batch, input, output) => {
        const { deployment: d } = resolveInferenceDeployment({ model, hardware, boundary, batch, gpus: 8, engine, region: 'DE' });
        const e = prepareInference(d)({ inputTokens: input, outputTokens: output });
        const gpuJ = e.perRequest.gpuEnergyWh!;
        const t = e.perRequest.replicaTimeS;
        const at = (w: 'value' | 'low' | 'high') => {
          const g = gpuJ[w] * 3600;
          return boundary === 'gpu'
            ? g
            : serverEnergyJ(g, d.count * d.hardware.hostPowerW, d.hostUtilisation.range[w], t[w], d.idleShare.range[w]);
        };
        const itJ = range(at('value'), at('low'), at('high'));
        const facJ = boundary === 'facility' ? facilityEnergy(itJ, d.site.pue.range) : itJ;
        const kwh = (j: typeof itJ) => ({ value: j.value / 3.6e6, low: j.low / 3.6e6, high: j.high / 3.6e6 });
        const life = d.lifetimeYears.range;
        const yearS = 365.25 * 24 * 3600;
        const emb = d.hardware.embodiedKg.range;
        const hostEmb = d.hardware.hostEmbodiedKg.range;
        const footprintG = range(
          (emb.value + hostEmb.value) * 1000 * d.count,
          (emb.low + hostEmb.low) * 1000 * d.count,
          (emb.high + hostEmb.high) * 1000 * d.count,
        );
        const want = {
          energyWh: { value: facJ.value / 3600, low: facJ.low / 3600, high: facJ.high / 3600 },
          location: carbonG(kwh(facJ), d.site.locationIntensityGPerKWh.range),
          market: carbonG(kwh(facJ), d.site.marketIntensityGPerKWh.range),
          waterMl: waterL(kwh(itJ), kwh(facJ), d.site.wueOnsiteLPerKWh.range, d.site.offsiteWaterLPerKWh.range),
          embodied: amortisedEmbodied(footprintG, t, range(life.value * yearS, life.low * yearS, life.high * yearS)),
        };
        const got = {
          energyWh: e.perRequest.energyWh,
          location: e.perRequest.carbonG.location,
          market: e.perRequest.carbonG.market,
          waterMl: { value: e.perRequest.waterMl.value / 1000, low: e.perRequest.waterMl.low / 1000, high: e.perRequest.waterMl.high / 1000 },
          embodied: e.perRequest.embodiedCarbonG,
        };
        for (const k of Object.keys(want) as (keyof typeof want)[]) {
          for (const w of ['value', 'low', 'high'] as const) {
            const a = got[k][w];
            const b = want[k][w];
            assert.ok(Math.abs(a - b) <= 1e-12 * Math.abs(b) + 1e-300, `${k}.${w}: ${a} vs ${b}`);
          }
        }
      },
    ),
    { numRuns: 150 },
  );
});

test('MoE: expected distinct experts per step grow from k at batch 1 towards E (top-k routing over the batch)', () => {
  // Qwen3-30B-A3B routes 8 of 128 experts: batch 1 → 8; batch 64 → 128·(1 − (120/128)^64) ≈ 125.
  assert.equal(expectedExpertsTouched(128, 8, 1), 8);
  assert.ok(Math.abs(expectedExpertsTouched(128, 8, 64) - 128 * (1 - (120 / 128) ** 64)) < 1e-9);
  assert.ok(expectedExpertsTouched(128, 8, 64) > 124 && expectedExpertsTouched(128, 8, 64) < 128);
  assert.ok(expectedExpertsTouched(128, 1, 16) < expectedExpertsTouched(128, 1, 64));
});

test('engine: transformers costs more J per output token than vLLM on the same deployment; the range carries the factor', () => {
  const est = (engine: string) =>
    prepareInference(resolveInferenceDeployment({ model: 'llama-3.1-8b-instruct', hardware: 'h100-sxm', batch: 1, boundary: 'gpu', engine }).deployment)({
      inputTokens: 300,
      outputTokens: 300,
    });
  const v = est('vllm');
  const t = est('transformers');
  // catalog/engines.ts: transformers 3× (2–6×) vLLM at the same batch.
  assert.ok(Math.abs(t.perRequest.energyWh.value / v.perRequest.energyWh.value - 3) < 1e-9);
  assert.ok(t.perRequest.energyWh.high / t.perRequest.energyWh.value > v.perRequest.energyWh.high / v.perRequest.energyWh.value);
  assert.equal(t.engine, 'transformers');
  assert.throws(() => resolveInferenceDeployment({ model: 'llama-3.1-8b-instruct', hardware: 'h100-sxm', engine: 'llama.cpp' }), /unknown engine/);
});
