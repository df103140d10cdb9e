import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ASSUMED_EXPERTS, estimatedShape, listClosedModels } from '../../src/catalog/closed-models.js';
import { getAnyModel, listAllModels, nameCandidates, resolveAnyModel } from '../../src/catalog/model-lookup.js';
import { MODELS, lookupKeys } from '../../src/catalog/models.js';
import { isOrdered } from '../../src/core/range.js';
import { UnknownIdError } from '../../src/core/errors.js';

test('every closed model is flagged estimated, with ordered ranges and active ≤ total at each corner', () => {
  const closed = listClosedModels();
  assert.ok(closed.length >= 30, `only ${closed.length} closed models`);
  for (const m of closed) {
    assert.equal(m.architectureEstimated, true, m.id);
    assert.equal(m.openWeights, false, m.id);
    assert.ok(isOrdered(m.totalParams) && isOrdered(m.activeParams), m.id);
    for (const k of ['low', 'value', 'high'] as const) {
      assert.ok(m.activeParams[k] <= m.totalParams[k], `${m.id} ${k}: active > total`);
      // The assumed expert split needs active ≥ k/E of total, else the physics' shared-parameter share turns negative.
      if (m.experts) assert.ok(m.activeParams[k] >= (m.totalParams[k] * ASSUMED_EXPERTS.active) / ASSUMED_EXPERTS.total, `${m.id} ${k}`);
    }
    assert.match(m.source, /\w/, m.id);
  }
});

test('closed ids and aliases never shadow an open model name', () => {
  const open = new Set(MODELS.flatMap(lookupKeys));
  const seen = new Set<string>();
  for (const m of listClosedModels()) {
    for (const k of lookupKeys(m)) {
      assert.ok(!open.has(k), `${k} is also an open model name`);
      assert.ok(!seen.has(k), `${k} appears twice among closed models`);
      seen.add(k);
    }
  }
});

test('EcoLogits ranges are carried: gpt-4o MoE 440B (44–132B active, MEDEC ~200B low); Claude Opus 4 2000B', () => {
  const g = getAnyModel('gpt-4o');
  assert.deepEqual([g.totalParams.low, g.totalParams.high], [200e9, 440e9]);
  assert.deepEqual([g.activeParams.low, g.activeParams.high], [44e9, 132e9]);
  const o = getAnyModel('claude-opus-4-1-20250805');
  assert.equal(o.id, 'claude-opus-4');
  assert.equal(o.totalParams.value, 2000e9);
});

test('estimatedShape: d = (12⁻¹·N·128)^(1/3) rounded to 128, L = d/128 — DeepSeek-V3 and Llama-3.1-70B within ~12 %', () => {
  const ds = estimatedShape(37e9); // DeepSeek-V3: d 7168, 61 layers
  assert.ok(Math.abs(ds.hiddenSize / 7168 - 1) < 0.05, String(ds.hiddenSize));
  assert.ok(Math.abs(ds.layers / 61 - 1) < 0.1, String(ds.layers));
  const l = estimatedShape(70.55e9); // Llama-3.1-70B: d 8192, 80 layers
  assert.ok(Math.abs(l.hiddenSize / 8192 - 1) < 0.12 && Math.abs(l.layers / 80 - 1) < 0.12, JSON.stringify(l));
  assert.equal(l.attentionHeads * l.headDim, l.hiddenSize);
});

test('API names resolve: dated snapshots, Bedrock and Vertex ids, gateway prefixes, open-model API names', () => {
  const cases: [string, string][] = [
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['GPT-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['us.anthropic.claude-3-5-sonnet-20241022-v2:0', 'claude-3-5-sonnet'],
    ['anthropic.claude-3-5-haiku-20241022-v1:0', 'claude-3-5-haiku'],
    ['claude-3-5-sonnet-v2@20241022', 'claude-3-5-sonnet'],
    ['models/gemini-2.5-flash', 'gemini-2.5-flash'],
    ['openai/gpt-4.1-mini', 'gpt-4.1-mini'],
    ['o4-mini-2025-04-16', 'o4-mini'],
    ['command-r-plus-08-2024', 'command-r-plus'],
    ['mistral-large-latest', 'mistral-large-2'],
    ['mistral-small-latest', 'mistral-small-24b-instruct-2501'],
    ['meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo', 'llama-3.1-8b-instruct'],
    ['Qwen/Qwen3-8B', 'qwen3-8b'],
  ];
  for (const [name, id] of cases) assert.equal(getAnyModel(name).id, id, name);
  assert.equal(resolveAnyModel('gpt-4o-2024-08-06')?.matchedAs, 'gpt-4o-2024-08-06'); // an alias, not a stripped name
  assert.ok(nameCandidates('us.anthropic.claude-3-5-sonnet-20241022-v2:0').includes('claude-3-5-sonnet'));
});

test('unknown names throw UnknownIdError with suggestions from both catalogs', () => {
  assert.throws(
    () => getAnyModel('gpt-4oo'),
    (e: unknown) => e instanceof UnknownIdError && e.suggestions.includes('gpt-4o'),
  );
  assert.throws(
    () => getAnyModel('llama-3.1-8b-instrct'),
    (e: unknown) => e instanceof UnknownIdError && e.suggestions.includes('llama-3.1-8b-instruct'),
  );
  assert.equal(listAllModels().length, MODELS.length + listClosedModels().length);
});

test('o-series and Gemini 2.x variants resolve; Bedrock Llama ids are read as the open model', () => {
  assert.equal(getAnyModel('o1-mini-2024-09-12').id, 'o1-mini');
  assert.equal(getAnyModel('o1-pro').id, 'o1');
  assert.equal(getAnyModel('o3-pro-2025-06-10').id, 'o3');
  assert.equal(getAnyModel('gemini-2.0-flash-thinking-exp-01-21').id, 'gemini-2.0-flash');
  assert.equal(getAnyModel('meta.llama3-1-70b-instruct-v1:0').id, 'llama-3.1-70b-instruct');
  assert.equal(getAnyModel('us.meta.llama3-3-70b-instruct-v1:0').id, 'llama-3.3-70b-instruct');
  const mini = getAnyModel('o1-mini');
  assert.equal(mini.architectureEstimated, true);
  assert.equal(mini.totalParams.low, 8e9);
  assert.equal(mini.totalParams.high, 100e9);
});
