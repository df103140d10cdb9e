import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { InvalidInputError } from '../../src/core/errors.js';
import { range } from '../../src/core/range.js';
import {
  carbonGPer1kTokens,
  forwardFlopsPerToken,
  mfuFromThroughput,
  sciGPerUnit,
  tokensPerJ,
  tokensPerKWh,
  trainingFlopsPerToken,
} from '../../src/core/metrics.js';

function near(actual: number, expected: number, relTol: number, what: string): void {
  assert.ok(Math.abs(actual / expected - 1) <= relTol, `${what}: ${actual} vs ${expected}`);
}

describe('FLOPs per token', () => {
  it('is 2N forward and 6N for training, with ranges carried', () => {
    assert.equal(forwardFlopsPerToken(8e9).value, 16e9);
    assert.equal(trainingFlopsPerToken(8e9).value, 48e9);
    assert.deepEqual(trainingFlopsPerToken(range(37e9, 30e9, 40e9)), { value: 222e9, low: 180e9, high: 240e9 });
  });
  it('rejects a non-positive parameter count', () => {
    assert.throws(() => forwardFlopsPerToken(0), InvalidInputError);
  });
});

describe('mfuFromThroughput', () => {
  it('gives GPT-3 the 19.7% Patterson et al. 2021 measured (300B tokens in 14.8 days on 10,000 V100s at 125 TFLOP/s)', () => {
    const tokensPerS = 300e9 / (14.8 * 86_400);
    const mfu = mfuFromThroughput({
      tokensPerS,
      paramsActive: 175e9,
      acceleratorCount: 10_000,
      peakTflopsPerAccelerator: 125,
    });
    // Patterson print 24.6 of 125 TFLOP/s = 19.7%; days are printed to 3 digits (±0.3%): 1% tolerance.
    near(mfu.value, 0.197, 0.01, 'MFU');
  });
  it('counts 2N per token for inference', () => {
    const train = mfuFromThroughput({ tokensPerS: 1000, paramsActive: 1e9, acceleratorCount: 1, peakTflopsPerAccelerator: 100 });
    const inf = mfuFromThroughput({
      tokensPerS: 1000,
      paramsActive: 1e9,
      acceleratorCount: 1,
      peakTflopsPerAccelerator: 100,
      phase: 'inference',
    });
    assert.equal(train.value, 6e12 / 100e12);
    near(inf.value, train.value / 3, 1e-12, 'inference');
  });
});

describe('tokens per energy and carbon per token', () => {
  it('divides with the bounds the right way round', () => {
    const r = tokensPerJ(1000, range(2, 1, 4));
    assert.deepEqual(r, { value: 500, low: 250, high: 1000 });
    assert.equal(tokensPerKWh(3.6e6, 1).value, 3.6e6);
  });
  it('gives gCO2e per 1,000 tokens', () => {
    assert.equal(carbonGPer1kTokens(3, 6000).value, 0.5);
  });
  it('names the field of a zero divisor', () => {
    assert.throws(() => tokensPerJ(10, 0), (e: unknown) => e instanceof InvalidInputError && /energyJ/.test(e.message));
    assert.throws(() => carbonGPer1kTokens(1, 0), /tokens/);
  });
});

describe('sciGPerUnit', () => {
  it('is (E·I + M) / R (SCI specification, ISO/IEC 21031:2024)', () => {
    // 2 Wh at 400 g/kWh = 0.8 g, plus 0.1 g embodied, over 1 request.
    near(sciGPerUnit({ energyKWh: 0.002, intensityGPerKWh: 400, embodiedG: 0.1, functionalUnits: 1 }).value, 0.9, 1e-12, 'SCI');
    const r = sciGPerUnit({ energyKWh: range(1, 0.5, 2), intensityGPerKWh: 100, embodiedG: 50, functionalUnits: 10 });
    assert.deepEqual(r, { value: 15, low: 10, high: 25 });
  });
  it('rejects zero functional units', () => {
    assert.throws(() => sciGPerUnit({ energyKWh: 1, intensityGPerKWh: 1, embodiedG: 0, functionalUnits: 0 }), /functionalUnits/);
  });
});
