import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MODELS,
  getModel,
  listModels,
  kvBytesPerToken,
  kvBytesPerSequence,
  lookupKeys,
} from '../../src/catalog/models.js';
import { UnknownIdError } from '../../src/core/errors.js';

// Every model_id in ML.ENERGY v3 (H100, lm-arena-chat), copied from shared/data/mlenergy-v3-h100-chat.json.
const ML_ENERGY_V3 = [
  'Qwen/Qwen3-14B',
  'Qwen/Qwen3-235B-A22B-Instruct-2507',
  'Qwen/Qwen3-235B-A22B-Instruct-2507-FP8',
  'Qwen/Qwen3-30B-A3B-Instruct-2507',
  'Qwen/Qwen3-32B',
  'Qwen/Qwen3-8B',
  'google/gemma-3-12b-it',
  'google/gemma-3-27b-it',
  'meta-llama/Llama-3.1-405B-Instruct-FP8',
  'meta-llama/Llama-3.1-70B-Instruct',
  'meta-llama/Llama-3.1-8B-Instruct',
  'meta-llama/Llama-3.3-70B-Instruct',
  'meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8',
  'meta-llama/Llama-4-Scout-17B-16E-Instruct',
  'nvidia/NVIDIA-Nemotron-Nano-12B-v2',
  'nvidia/NVIDIA-Nemotron-Nano-9B-v2',
];

// Further ML.ENERGY v3 models, not in the shared H100 chat extract.
const ML_ENERGY_WIDER = [
  'meta-llama/Llama-3.1-405B-Instruct',
  'meta-llama/Llama-4-Maverick-17B-128E-Instruct',
  'Qwen/Qwen3-30B-A3B-Thinking-2507',
  'Qwen/Qwen3-235B-A22B-Thinking-2507',
  'Qwen/Qwen3-235B-A22B-Thinking-2507-FP8',
  'Qwen/Qwen3-Coder-30B-A3B-Instruct',
  'Qwen/Qwen3-Coder-480B-A35B-Instruct',
  'Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8',
  'deepseek-ai/DeepSeek-V3.1',
  'deepseek-ai/DeepSeek-R1-0528',
  'openai/gpt-oss-20b',
  'openai/gpt-oss-120b',
];

test('every ML.ENERGY v3 model resolves by its exact HF id', () => {
  for (const hf of [...ML_ENERGY_V3, ...ML_ENERGY_WIDER]) assert.equal(getModel(hf).hfId, hf, hf);
});

test('lookup is case-insensitive, with or without the org prefix, and by alias', () => {
  assert.equal(getModel('META-LLAMA/LLAMA-3.1-8B-INSTRUCT').id, 'llama-3.1-8b-instruct');
  assert.equal(getModel('Llama-3.1-8B-Instruct').id, 'llama-3.1-8b-instruct');
  assert.equal(getModel('meta-llama/llama-3.1-8b-instruct').id, 'llama-3.1-8b-instruct');
  assert.equal(getModel(' llama3.1:8b ').id, 'llama-3.1-8b-instruct');
  assert.equal(getModel('gemma3-27b').id, 'gemma-3-27b-it');
});

test('FP8 checkpoints are their own entries with FP8 weights; gpt-oss is MXFP4', () => {
  for (const hf of ML_ENERGY_V3.filter((h) => h.endsWith('-FP8'))) {
    assert.equal(getModel(hf).nativePrecision, 'fp8', hf);
  }
  assert.equal(getModel('meta-llama/Llama-3.1-405B-Instruct').nativePrecision, 'bf16');
  assert.equal(getModel('gpt-oss-120b').nativePrecision, 'mxfp4');
  assert.equal(getModel('deepseek-v3.1').nativePrecision, 'fp8');
});

// KV bytes/token = 2·layers·kvHeads·headDim·2 in BF16; the research notes give 128, 320 and 504 KiB.
test('Llama 3.1 KV cache per token in BF16', () => {
  assert.equal(kvBytesPerToken(getModel('llama-3.1-8b-instruct'), 2), 131_072);
  assert.equal(kvBytesPerToken(getModel('llama-3.1-70b-instruct'), 2), 327_680);
  assert.equal(kvBytesPerToken(getModel('llama-3.1-405b-instruct'), 2), 516_096);
  assert.equal(kvBytesPerToken(getModel('llama-3.1-405b-instruct-fp8'), 1), 258_048);
});

test('non-GQA KV: MLA latent, hybrid and sliding-window models count what they cache', () => {
  // DeepSeek MLA: 61 layers × (512 + 64) latent elements.
  assert.equal(kvBytesPerToken(getModel('deepseek-v3.1'), 2), 61 * 576 * 2);
  // Nemotron Nano 9B v2: 4 attention layers of 56.
  assert.equal(kvBytesPerToken(getModel('nvidia-nemotron-nano-9b-v2'), 2), 2 * 4 * 8 * 128 * 2);
  // gemma-3-27b: 10 global layers of 62.
  assert.equal(kvBytesPerToken(getModel('gemma-3-27b-it'), 2), 2 * 10 * 16 * 128 * 2);
  // gpt-oss-120b: 18 full-attention layers of 36.
  assert.equal(kvBytesPerToken(getModel('gpt-oss-120b'), 2), 2 * 18 * 8 * 64 * 2);
});

test('kvBytesPerSequence adds the sliding-window layers up to their window', () => {
  const g = getModel('gemma-3-12b-it');
  const perLocalToken = 2 * 40 * 8 * 256 * 2;
  // Below the window every layer caches every token: the full 48-layer rate.
  assert.equal(kvBytesPerSequence(g, 2, 512), 512 * 2 * 48 * 8 * 256 * 2);
  // Past the window the local layers stop growing.
  assert.equal(kvBytesPerSequence(g, 2, 8192), 8192 * kvBytesPerToken(g, 2) + 1024 * perLocalToken);
  // Plain GQA models: per-token rate × context.
  const l = getModel('llama-3.1-8b-instruct');
  assert.equal(kvBytesPerSequence(l, 2, 1000), 1000 * 131_072);
});

test('global/local layer split adds up and matches kvElementsPerToken', () => {
  for (const m of MODELS) {
    const global = m.globalAttentionLayers ?? m.layers;
    assert.ok(global >= 1 && global <= m.layers, m.id);
    if (m.localAttention) assert.equal(global + m.localAttention.layers, m.layers, m.id);
    // Where global layers are plain GQA, the per-token elements are exactly theirs.
    if (m.globalAttentionLayers !== undefined && m.kvElementsPerToken !== undefined) {
      assert.equal(m.kvElementsPerToken, 2 * m.globalAttentionLayers * m.kvHeads * m.headDim, m.id);
    }
  }
});

test('Mamba-2 state of Nemotron Nano v2: fp32 SSM + bf16 conv state per Mamba layer', () => {
  const perLayer = 128 * 80 * 128 * 4 + (128 * 80 + 2 * 8 * 128) * 3 * 2;
  assert.equal(getModel('nvidia-nemotron-nano-9b-v2').recurrentStateBytesPerSequence, 27 * perLayer);
  assert.equal(getModel('nvidia-nemotron-nano-12b-v2').recurrentStateBytesPerSequence, 28 * perLayer);
});

test('params: active ≤ total, MoE has experts, dense has none; published counts', () => {
  for (const m of MODELS) {
    assert.ok(m.activeParams.value > 0 && m.activeParams.value <= m.totalParams.value, m.id);
    assert.equal(m.openWeights, true, m.id);
    assert.equal(m.architectureEstimated, false, m.id);
    if (m.architecture === 'moe') {
      assert.ok(m.experts && m.experts.active < m.experts.total, m.id);
      assert.ok(m.activeParams.value < m.totalParams.value / 2, m.id);
    } else {
      assert.equal(m.experts, undefined, m.id);
    }
  }
  assert.equal(getModel('llama-3.1-8b-instruct').totalParams.value, 8_030_261_248);
  // Model-card figures: the counted value must lie within one unit of the card's last digit (cards truncate or
  // round: Qwen3-30B-A3B counts 3.353B active, its card says 3.3B).
  const card: Array<[string, number, number, number]> = [
    // id, total, active, unit of the card's last digit
    ['qwen3-235b-a22b-instruct-2507', 235e9, 22e9, 1e9],
    ['qwen3-30b-a3b-instruct-2507', 30.5e9, 3.3e9, 0.1e9],
    ['qwen3-coder-480b-a35b-instruct', 480e9, 35e9, 1e9],
    ['mixtral-8x7b-instruct-v0.1', 46.7e9, 12.9e9, 0.1e9],
    ['gemma-3-27b-it', 27e9, 27e9, 1e9],
  ];
  for (const [id, total, active, unit] of card) {
    const m = getModel(id);
    assert.ok(Math.abs(m.totalParams.value - total) < unit, `${id} total`);
    assert.ok(Math.abs(m.activeParams.value - active) < unit, `${id} active`);
  }
});

test('a typo suggests the nearest id', () => {
  assert.throws(
    () => getModel('lama-3.1-8b'),
    (e: unknown) =>
      e instanceof UnknownIdError && e.code === 'UNKNOWN_ID' && e.suggestions[0] === 'llama-3.1-8b-instruct',
  );
  assert.throws(
    () => getModel('qwen3-235b-a22b-instruct-2507-fp9'),
    (e: unknown) => e instanceof UnknownIdError && e.suggestions.includes('qwen3-235b-a22b-instruct-2507-fp8'),
  );
});

test('ids are unique lower-case slugs of the HF name; no name points at two models', () => {
  const ids = listModels().map((m) => m.id);
  assert.equal(new Set(ids).size, ids.length);
  const owner = new Map<string, string>();
  for (const m of MODELS) {
    assert.match(m.id, /^[a-z0-9][a-z0-9.-]*$/, m.id);
    if (m.hfId) assert.equal(m.id, m.hfId.slice(m.hfId.indexOf('/') + 1).toLowerCase(), m.id);
    for (const k of lookupKeys(m)) {
      const prev = owner.get(k);
      assert.ok(prev === undefined || prev === m.id, `'${k}' names both ${prev} and ${m.id}`);
      owner.set(k, m.id);
    }
  }
});
