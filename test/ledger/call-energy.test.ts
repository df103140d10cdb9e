/**
 * The ledger's numbers-only API estimator (`prepareCallEnergy`) gives exactly the numbers of the full call estimator
 * for valid token counts, the same errors for unknown ids, and its constant metadata once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../helpers/property-seed.js';
import { prepareCallEnergy, prepareCallEstimator } from '../../src/estimate/call-estimate.js';
import { UnknownIdError } from '../../src/core/errors.js';

test('prepareCallEnergy: per-request numbers identical to prepareCallEstimator for any valid tokens', () => {
  for (const key of [{ provider: 'openai', model: 'gpt-4o-mini' }, { provider: 'anthropic', model: 'claude-sonnet-4-5', region: 'FR' }]) {
    const fast = prepareCallEnergy(key, { boundary: 'facility' });
    const full = prepareCallEstimator(key, { boundary: 'facility' });
    assert.equal(fast.meta.method, 'modeled:provider');
    assert.ok(fast.meta.trace.length > 0);
    fc.assert(
      fc.property(fc.nat(200_000), fc.nat(20_000), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (input, output, c, r) => {
        const t = { inputTokens: input, cachedInputTokens: Math.floor(input * c), outputTokens: output, reasoningTokens: Math.floor(output * r) };
        // Same code path on the same inputs: equal to the last bit.
        const want = full(t).perRequest;
        assert.deepEqual(fast.perRequest(t), want);
        // The allocation-free variant writes the same 15 numbers (computed by the same formulas: 1e-12 relative).
        const out = new Float64Array(15);
        assert.ok(fast.writeNumbers !== undefined);
        fast.writeNumbers(t.inputTokens, t.cachedInputTokens, t.outputTokens, t.reasoningTokens, out, 0);
        [want.energyWh, want.carbonG.location, want.carbonG.market, want.waterMl, want.embodiedCarbonG]
          .flatMap((x) => [x.value, x.low, x.high])
          .forEach((w, i) => assert.ok(Math.abs(out[i] - w) <= 1e-12 * Math.abs(w), `number ${i}: ${out[i]} vs ${w}`));
      }),
      { numRuns: 300 },
    );
  }
});

test('prepareCallEnergy: strict mode refuses an unknown model like the full estimator; lenient mode flags its fallback', () => {
  assert.throws(() => prepareCallEnergy({ provider: 'openai', model: 'no-such-model-xyz' }), UnknownIdError);
  const lenient = prepareCallEnergy({ provider: 'openai', model: 'no-such-model-xyz' }, { mode: 'lenient' });
  assert.match(lenient.meta.fallback ?? '', /unknown model 'no-such-model-xyz'/);
  assert.ok(lenient.perRequest({ inputTokens: 100, outputTokens: 10 }).energyWh.value > 0);
});
