import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadShares, peakShare, shiftDeferrable, weightedIntensity } from '../../src/plan/hourly.js';
import { operatingPoint, replicasForPeak } from '../../src/plan/capacity.js';
import { servingStep, maxBatchForMemory } from '../../src/core/inference-physics.js';
import { resolveInferenceDeployment } from '../../src/estimate/inference-deployment.js';

test('shifting deferrable load keeps the total, never exceeds the peak, and lowers the weighted intensity', () => {
  const shares = loadShares([1, 1, 1, 1, 1, 1, 2, 3, 4, 4, 4, 4, 4, 4, 4, 4, 3, 3, 2, 2, 2, 1, 1, 1]);
  const intensity = Array.from({ length: 24 }, (_, h) => (h >= 10 && h <= 14 ? 100 : 400));
  const shifted = shiftDeferrable(shares, 0.3, intensity);
  assert.ok(Math.abs(shifted.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  assert.ok(peakShare(shifted) <= peakShare(shares) + 1e-15);
  const before = weightedIntensity(shares, intensity);
  const after = weightedIntensity(shifted, intensity);
  // The clean hours 10–14 are already at the peak (4 of 56), so nothing fits there: the deferred load lands in
  // other 400 g hours and the weighted intensity does not change (valley filling never adds hardware).
  assert.ok(Math.abs(after - before) < 1e-9);
  // Low demand in the clean hours leaves room: weights 1 in hours 10–14, 2 elsewhere (total 43). After deferring
  // 30%, the clean hours fill up to the peak 2/43, so their load goes from 5/43 to 10/43 and the weighted
  // intensity falls by 5/43 × (400 − 100) = 34.88 g/kWh.
  const dip = loadShares(Array.from({ length: 24 }, (_, h) => (h >= 10 && h <= 14 ? 1 : 2)));
  const s2 = shiftDeferrable(dip, 0.3, intensity);
  assert.ok(Math.abs(weightedIntensity(dip, intensity) - weightedIntensity(s2, intensity) - (5 / 43) * 300) < 1e-9);
  assert.ok(Math.abs(peakShare(s2) - 2 / 43) < 1e-15);
});

test('operating point: the largest batch meeting latency and memory, from the same physics as the estimator', () => {
  const { deployment } = resolveInferenceDeployment({ model: 'llama-3.1-70b-instruct', hardware: 'h100-sxm', gpus: 4, batch: 1 });
  const shape = { ...deployment.model, totalParams: deployment.model.totalParams.value, activeParams: deployment.model.activeParams.value };
  const base = { hw: deployment.hardware, count: 4, shape, constants: deployment.calibration.constants, decodeCtx: 1150, kvCtx: 3400, promptTokens: 800 };
  const op = operatingPoint({ ...base, maxBatch: 512, maxInterTokenS: 0.024 }); // step 19 ms at batch 1, 24.3 ms at 64, memory holds 131
  assert.ok(!('reason' in op));
  if ('reason' in op) return;
  assert.equal(op.limitedBy, 'latency target');
  const step = (b: number) => servingStep(base.hw, 4, shape, base.constants, b, 1150, 800).stepS;
  assert.ok(step(op.batch) <= 0.024 && step(op.batch + 1) > 0.024, 'largest batch under the target');
  assert.ok(op.batch > 32 && op.batch < 64);
  const mem = operatingPoint({ ...base, maxBatch: 100000, maxInterTokenS: 10 });
  assert.ok(!('reason' in mem) && mem.batch === maxBatchForMemory(base.hw, 4, shape, 3400) && mem.limitedBy.startsWith('memory'));
  const tooFast = operatingPoint({ ...base, maxBatch: 64, maxInterTokenS: 0.001 });
  assert.ok('reason' in tooFast && /even batch 1/.test(tooFast.reason));
  assert.equal(replicasForPeak(10, 0.8, 0.8), 10); // exactly 10 replica-seconds per second
  assert.equal(replicasForPeak(10, 0.81, 0.8), 11);
});
