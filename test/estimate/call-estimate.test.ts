import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type CallEstimator, estimateCall, prepareCallEstimator, providerAcceleratorCount } from '../../src/estimate/call-estimate.js';
import { EstimatorCache } from '../../src/estimate/estimator-cache.js';
import { getAnyModel } from '../../src/catalog/model-lookup.js';
import { getAccelerator } from '../../src/catalog/accelerators.js';
import { getOperator } from '../../src/catalog/operators.js';
import { ecologitsImpacts } from '../../src/core/ecologits.js';
import { exact, isOrdered, range } from '../../src/core/range.js';
import { ConflictingInputError, InvalidInputError, UnknownIdError } from '../../src/core/errors.js';

const call = { provider: 'openai', model: 'gpt-4o-2024-08-06', inputTokens: 1000, outputTokens: 500 };

test('a call to a closed model: tier modeled:provider, estimated architecture, ordered ranges', () => {
  const e = estimateCall(call);
  assert.equal(e.method, 'modeled:provider');
  assert.equal(e.provider, 'openai');
  assert.equal(e.estimator, 'tokenprint');
  assert.equal(e.model, 'gpt-4o');
  assert.equal(e.estimatedArchitecture, true);
  assert.equal(e.boundary, 'facility');
  for (const r of [e.perRequest.energyWh, e.perRequest.carbonG.location, e.perRequest.waterMl, e.perRequest.embodiedCarbonG]) {
    assert.ok(isOrdered(r) && r.low > 0, JSON.stringify(r));
  }
  // The parameter range flows into the bounds: at least a 3× spread for 44–132B active.
  assert.ok(e.perRequest.energyWh.high / e.perRequest.energyWh.low > 3);
  assert.ok(e.trace.some((f) => f.name === 'modelActiveParams' && f.assumed && f.low === 44e9 && f.high === 132e9));
  assert.ok(e.warnings.some((w) => w.includes('architecture not published')));
});

test('sanity band: GPT-4o, 500 output tokens overlaps the disclosed 0.3–0.42 Wh per query (Epoch 2025, Jegham et al. 2025)', () => {
  const e = estimateCall({ ...call, inputTokens: 100, outputTokens: 500 });
  assert.ok(e.perRequest.energyWh.low <= 0.42 && e.perRequest.energyWh.high >= 0.3, JSON.stringify(e.perRequest.energyWh));
  // ×5 around 0.3 Wh: the centre may not drift to another order of magnitude.
  assert.ok(e.perRequest.energyWh.value > 0.06 && e.perRequest.energyWh.value < 1.5, String(e.perRequest.energyWh.value));
});

test('input tokens cost prefill energy, cached input less; reasoning tokens cost like output', () => {
  const small = estimateCall({ ...call, inputTokens: 1000 }).perRequest.energyWh.value;
  const big = estimateCall({ ...call, inputTokens: 20_000 }).perRequest.energyWh.value;
  const cached = estimateCall({ ...call, inputTokens: 20_000, cachedInputTokens: 19_000 }).perRequest.energyWh.value;
  assert.ok(big > small * 1.5, `${big} vs ${small}`);
  assert.ok(cached < big && cached > small, `${cached}`);
  const withReasoning = estimateCall({ ...call, outputTokens: 1500, reasoningTokens: 1000 });
  const plain = estimateCall({ ...call, outputTokens: 1500 });
  assert.ok(Math.abs(withReasoning.perRequest.energyWh.value / plain.perRequest.energyWh.value - 1) < 1e-12);
  // The echoed request has `estimate inference`'s shape: outputTokens excludes the reasoning reported beside it
  // (it used to echo the API total, so the CLI printed "1500 output + 1000 reasoning" for 1,500 generated tokens).
  assert.deepEqual(withReasoning.request, { inputTokens: 1000, cachedInputTokens: 0, outputTokens: 500, reasoningTokens: 1000 });
  const eco = estimateCall({ ...call, outputTokens: 1500, reasoningTokens: 1000 }, { method: 'ecologits' });
  assert.deepEqual(eco.request, withReasoning.request);
});

test('an open model through a host is not flagged estimated and has a narrower range than a closed one', () => {
  const open = estimateCall({ provider: 'together', model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', inputTokens: 1000, outputTokens: 500 });
  assert.equal(open.model, 'llama-3.3-70b-instruct');
  assert.equal(open.estimatedArchitecture, false);
  const closed = estimateCall(call);
  const spread = (r: { low: number; high: number }) => r.high / r.low;
  assert.ok(spread(open.perRequest.energyWh) < spread(closed.perRequest.energyWh));
});

test('GPU count: smallest power of two holding FP8 weights with 25% for KV cache (gpt-4o 440B → 16 × H100)', () => {
  assert.equal(providerAcceleratorCount(getAnyModel('gpt-4o'), getAccelerator('h100-sxm'), 'fp8'), 16);
  assert.equal(estimateCall(call).count, 16);
});

test('region: a bare Azure region uses its published PUE and its grid; a zone keeps the provider fleet PUE', () => {
  const sweden = estimateCall({ ...call, provider: 'azure-openai', region: 'swedencentral' });
  assert.ok(sweden.trace.some((f) => f.name === 'pue' && f.value === getOperator('azure:swedencentral').pue.value));
  const us = estimateCall({ ...call, provider: 'azure-openai' });
  assert.ok(sweden.perRequest.carbonG.location.value < us.perRequest.carbonG.location.value / 5);
  const fr = estimateCall({ ...call, region: 'FR' });
  assert.ok(fr.trace.some((f) => f.name === 'pue' && f.value === getOperator('azure').pue.value));
  const loc = us.trace.find((f) => f.name === 'locationIntensity');
  assert.ok(loc?.assumed && /no region given/.test(loc.note ?? ''));
});

test('ecologits method reproduces EcoLogits 0.9.3 for gpt-4o (speed 37.8 tok/s): 0.8014–1.2825 Wh, inputs ignored', () => {
  const e = estimateCall({ ...call, model: 'gpt-4o', inputTokens: 50_000 }, { method: 'ecologits' });
  const ref = ecologitsImpacts({
    activeParamsB: range(76, 44, 132),
    totalParamsB: exact(440),
    outputTokens: 500,
    speed: { tps: 37.8, ttftS: 0.52 },
    pue: exact(1.2),
    wueOnsite: exact(0.569),
    mixGwpKgPerKWh: 0.38355,
    mixWueLPerKWh: 3.1321,
  });
  assert.ok(Math.abs(e.perRequest.energyWh.low / (ref.min.energyKWh * 1000) - 1) < 1e-9);
  assert.ok(Math.abs(e.perRequest.energyWh.high / (ref.max.energyKWh * 1000) - 1) < 1e-9);
  assert.ok(Math.abs(e.perRequest.energyWh.low - 0.8014) < 0.0008 && Math.abs(e.perRequest.energyWh.high - 1.2825) < 0.0013);
  assert.equal(e.perInputToken.energyJ.value, 0);
  assert.equal(e.count, 16);
  assert.equal(e.estimator, 'ecologits');
  assert.equal(e.methodVersion, 'ecologits@0.9.3');
  assert.ok(e.warnings.some((w) => w.includes('input tokens are not counted')));
  // A dated snapshot is its own EcoLogits model with its own speed (models.json: gpt-4o-2024-08-06 24 tok/s, 1.22 s).
  const dated = estimateCall(call, { method: 'ecologits' });
  assert.equal(dated.model, 'gpt-4o-2024-08-06');
  assert.ok(Math.abs((dated.ecologits?.latencyS.min ?? 0) - (500 / 24 + 1.22)) < 1e-9);
});

test('strict mode: unknown provider or model throws UnknownIdError with suggestions; bad counts throw', () => {
  assert.throws(() => estimateCall({ ...call, model: 'gpt-4oo' }), (e: unknown) => e instanceof UnknownIdError && e.suggestions.includes('gpt-4o'));
  // The error says what to do about a model the catalog lacks.
  assert.throws(() => estimateCall({ ...call, model: 'gpt-9-ultra' }), (e: unknown) => e instanceof UnknownIdError && /--lenient/.test(e.message));
  assert.throws(() => estimateCall({ ...call, provider: 'opena1' }), (e: unknown) => e instanceof UnknownIdError && e.suggestions.includes('openai'));
  assert.throws(() => estimateCall({ ...call, region: 'XX-NOWHERE' }), UnknownIdError);
  assert.throws(() => estimateCall({ ...call, cachedInputTokens: 2000 }), ConflictingInputError);
  assert.throws(() => estimateCall({ ...call, reasoningTokens: 600 }), ConflictingInputError);
  assert.throws(() => estimateCall({ ...call, outputTokens: -1 }), InvalidInputError);
});

test('lenient mode: a flagged, wide class default instead of an error', () => {
  const e = estimateCall({ ...call, model: 'gpt-9-ultra' }, { mode: 'lenient' });
  assert.match(e.fallback ?? '', /unknown model 'gpt-9-ultra': openai class default/);
  assert.equal(e.estimatedArchitecture, true);
  const known = estimateCall(call);
  assert.ok(e.perRequest.energyWh.low < known.perRequest.energyWh.low && e.perRequest.energyWh.high > known.perRequest.energyWh.high);
  const g = estimateCall({ ...call, provider: 'some-new-cloud', region: 'NOWHERE' }, { mode: 'lenient' });
  assert.equal(g.provider, 'generic');
  assert.match(g.fallback ?? '', /unknown provider/);
  assert.match(g.fallback ?? '', /unknown region/);
});

test('lenient mode: missing usage is flagged, never invented', () => {
  const est = prepareCallEstimator({ provider: 'anthropic', model: 'claude-haiku-4-5' }, { mode: 'lenient' });
  const e = est({ inputTokens: 1200, outputTokens: Number.NaN });
  assert.equal(e.missingUsage, true);
  assert.equal(e.request.outputTokens, 0);
  assert.ok(e.warnings.some((w) => /lower bound/.test(w)));
  assert.ok(e.perRequest.energyWh.value > 0); // the known input tokens still count
  const ok = est({ inputTokens: 1200, outputTokens: 10 });
  assert.equal(ok.missingUsage, undefined);
});

test("prepareCallEstimator is memoised per key and options in the caller's cache, and only there", () => {
  const cache = new EstimatorCache<CallEstimator>();
  const a = prepareCallEstimator({ provider: 'openai', model: 'gpt-4o-mini' }, {}, cache);
  assert.equal(prepareCallEstimator({ provider: 'openai', model: 'gpt-4o-mini' }, {}, cache), a);
  assert.notEqual(prepareCallEstimator({ provider: 'openai', model: 'gpt-4o-mini' }, { method: 'ecologits' }, cache), a);
  assert.equal(cache.size, 2);
  assert.notEqual(prepareCallEstimator({ provider: 'openai', model: 'gpt-4o-mini' }), a); // no module-level memo
  const e = a({ inputTokens: 10, outputTokens: 10 });
  assert.equal(e.trace, a({ inputTokens: 99, outputTokens: 5 }).trace); // shared, not rebuilt per call
});

test('boundary: gpu < server < facility', () => {
  const g = estimateCall(call, { boundary: 'gpu' }).perRequest.energyWh.value;
  const s = estimateCall(call, { boundary: 'server' }).perRequest.energyWh.value;
  const f = estimateCall(call).perRequest.energyWh.value;
  assert.ok(g < s && s < f);
  const eg = estimateCall(call, { boundary: 'gpu', method: 'ecologits' }).perRequest.energyWh.value;
  const ef = estimateCall(call, { method: 'ecologits' }).perRequest.energyWh.value;
  assert.ok(eg < ef);
});
