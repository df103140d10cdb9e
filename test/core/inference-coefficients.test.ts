/**
 * inferenceCoefficients (core/inference.ts) is the closed form the warehouse view evaluates in SQL: evaluated by the
 * formula its doc comment states, it gives prepareInferenceNumbers' central energy, carbon, water and embodied for
 * any deployment and request (property test), and a long context costs more per token than a short one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../helpers/property-seed.js';
import { inferenceCoefficients, prepareInferenceNumbers, type RequestCoefficients } from '../../src/core/inference.js';
import { resolveInferenceDeployment } from '../../src/estimate/inference-deployment.js';
import type { Boundary } from '../../src/core/trace.js';

/** The doc comment's formula, written out independently: energy Wh, loc g, mkt g, water mL, on-site mL, embodied g. */
function closedForm(q: RequestCoefficients, i: number, c: number, o: number): number[] {
  const inEff = i - c * (1 - q.cachedInputFactor);
  const gpuJ = o * (q.gpuJPerOutputToken + q.gpuJPerOutputTokenCtx * (i + o / 2)) + inEff * (q.gpuJPerInputToken + q.gpuJPerInputTokenCtx * (i / 2));
  const s = o * (q.replicaSPerOutputToken + q.replicaSPerOutputTokenCtx * (i + o / 2)) + inEff * (q.replicaSPerInputToken + q.replicaSPerInputTokenCtx * (i / 2));
  const itWh = ((gpuJ + q.hostW * s) * (1 + q.idleShare)) / 3600;
  const wh = itWh * q.pue;
  return [wh, (wh / 1000) * q.locationGPerKWh, (wh / 1000) * q.marketGPerKWh, itWh * q.wueOnsiteLPerKWh + wh * q.offsiteWaterLPerKWh, itWh * q.wueOnsiteLPerKWh, s * q.embodiedGPerReplicaS];
}

/** Float rounding of the same sums in another order: 1e-12 relative. */
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b), 1e-300);

test('property: the closed form equals the per-request numbers (central values) for any deployment and request', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('llama-3.1-8b-instruct', 'qwen3-30b-a3b-instruct-2507', 'gemma-3-27b-it', 'llama-3.1-70b-instruct'),
      fc.constantFrom('h100-sxm', 'a100-80gb', 'mi300x', 'h200'),
      fc.constantFrom<Boundary>('gpu', 'server', 'facility'),
      fc.integer({ min: 1, max: 256 }),
      fc.integer({ min: 0, max: 60_000 }),
      fc.integer({ min: 0, max: 8_000 }),
      fc.integer({ min: 0, max: 2_000 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (model, hardware, boundary, batch, input, output, reasoning, cachedShare) => {
        const { deployment } = resolveInferenceDeployment({ model, hardware, boundary, batch, gpus: 8, region: 'DE' });
        const cached = Math.floor(input * cachedShare);
        const out = new Float64Array(15);
        prepareInferenceNumbers(deployment)(input, cached, output, reasoning, out, 0);
        const onsite = out[9] - out[0] * deployment.site.offsiteWaterLPerKWh.range.value;
        const want = [out[0], out[3], out[6], out[9], onsite, out[12]];
        const got = closedForm(inferenceCoefficients(deployment), input, cached, output + reasoning);
        return want.every((w, k) => close(w, got[k]));
      },
    ),
    { numRuns: 200 },
  );
});

test('the context terms: a 32k-token prompt costs more per output token than a 1k one', () => {
  const { deployment } = resolveInferenceDeployment({ model: 'llama-3.1-70b-instruct', hardware: 'h100-sxm' });
  const q = inferenceCoefficients(deployment);
  const [short] = closedForm(q, 1000, 0, 500);
  const [long] = closedForm(q, 32_000, 0, 500);
  const [prefillShort] = closedForm(q, 1000, 0, 0);
  const [prefillLong] = closedForm(q, 32_000, 0, 0);
  assert.ok(long - prefillLong > 1.05 * (short - prefillShort), `decode of 500 tokens: ${long - prefillLong} Wh at 32k vs ${short - prefillShort} Wh at 1k`);
});
