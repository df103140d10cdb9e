/**
 * Open-weight model architectures, from each model's Hugging Face `config.json` and model card.
 *
 * Parameter counts marked "counted" are summed from the tensor shapes in config.json (embeddings, attention, MLP or
 * experts, norms); they agree with the model card's rounded figure, which the source also names. Variants that
 * share an architecture (FP8 re-releases, Instruct/Thinking, 3.1/3.3) spread one `Arch` so each fact is written once.
 */
import type { ModelSpec } from './types.js';
import { exact } from '../core/range.js';
import { TokenprintError, UnknownIdError } from '../core/errors.js';
import { listClosedModels } from './closed-models.js';
import { suggest } from '../core/suggest.js';

/** The facts a family shares; each released checkpoint adds its names, precision, context and source. */
type ReleaseField = 'id' | 'hfId' | 'aliases' | 'name' | 'nativePrecision' | 'contextLength' | 'source' | 'notes';
type Arch = Omit<ModelSpec, Exclude<ReleaseField, 'notes'> | 'openWeights' | 'architectureEstimated'>;
type Release = Pick<ModelSpec, ReleaseField>;

function release(arch: Arch, r: Release): ModelSpec {
  const notes = [arch.notes, r.notes].filter((n) => n !== undefined).join(' ');
  return { ...arch, ...r, openWeights: true, architectureEstimated: false, ...(notes ? { notes } : {}) };
}

const HF = 'https://huggingface.co/';

// ---------------------------------------------------------------------------------------------------------- Meta

const LLAMA_31_8B: Arch = {
  developer: 'Meta',
  architecture: 'dense',
  totalParams: exact(8_030_261_248), // counted: vocab 128256, d 4096, ffn 14336, untied; card: 8B
  activeParams: exact(8_030_261_248),
  layers: 32,
  hiddenSize: 4096,
  attentionHeads: 32,
  kvHeads: 8,
  headDim: 128,
};

const LLAMA_3X_70B: Arch = {
  developer: 'Meta',
  architecture: 'dense',
  totalParams: exact(70_553_706_496), // counted: d 8192, ffn 28672; card: 70B
  activeParams: exact(70_553_706_496),
  layers: 80,
  hiddenSize: 8192,
  attentionHeads: 64,
  kvHeads: 8,
  headDim: 128,
};

const LLAMA_31_405B: Arch = {
  developer: 'Meta',
  architecture: 'dense',
  totalParams: exact(405_853_388_800), // counted: d 16384, ffn 53248; card: 405B
  activeParams: exact(405_853_388_800),
  layers: 126,
  hiddenSize: 16384,
  attentionHeads: 128,
  kvHeads: 8,
  headDim: 128,
};

const LLAMA_32_1B: Arch = {
  developer: 'Meta',
  architecture: 'dense',
  totalParams: exact(1_235_814_400), // counted: d 2048, ffn 8192, tied embeddings; card: 1.23B
  activeParams: exact(1_235_814_400),
  layers: 16,
  hiddenSize: 2048,
  attentionHeads: 32,
  kvHeads: 8,
  headDim: 64,
};

const LLAMA_32_3B: Arch = {
  developer: 'Meta',
  architecture: 'dense',
  totalParams: exact(3_212_749_824), // counted: d 3072, ffn 8192, tied embeddings; card: 3.21B
  activeParams: exact(3_212_749_824),
  layers: 28,
  hiddenSize: 3072,
  attentionHeads: 24,
  kvHeads: 8,
  headDim: 128,
};

/**
 * Llama 4 (iRoPE): every 4th layer is a NoPE layer with global attention; the other 36 of 48 use chunked local
 * attention over 8192-token chunks (`attention_chunk_size`), so they never hold more than 8192 tokens of KV.
 */
const LLAMA_4_ATTENTION = {
  layers: 48,
  hiddenSize: 5120,
  attentionHeads: 40,
  kvHeads: 8,
  headDim: 128,
  globalAttentionLayers: 12,
  kvElementsPerToken: 2 * 12 * 8 * 128,
  localAttention: { layers: 36, windowTokens: 8192 },
} as const;
const LLAMA_4_NOTE =
  'iRoPE: 12 of 48 layers (every 4th, NoPE) attend globally; 36 use chunked attention over 8192-token chunks. ' +
  'kvElementsPerToken counts the 12 global layers (long-context rate); below 8192 tokens all 48 layers cache ' +
  'every token (4× more). Params are the card figures (its totals may include the vision encoder); text decoder ' +
  'counted from config.json: ';

const LLAMA_4_SCOUT: Arch = {
  developer: 'Meta',
  architecture: 'moe',
  totalParams: exact(109e9), // card: 109B total, 17B active
  activeParams: exact(17e9),
  ...LLAMA_4_ATTENTION,
  experts: { total: 16, active: 1, shared: 1 },
  notes: `${LLAMA_4_NOTE}107.8B total, 17.17B active. MoE in all 48 layers.`,
};

const LLAMA_4_MAVERICK: Arch = {
  developer: 'Meta',
  architecture: 'moe',
  totalParams: exact(400e9), // card: 400B total, 17B active
  activeParams: exact(17e9),
  ...LLAMA_4_ATTENTION,
  experts: { total: 128, active: 1, shared: 1 },
  notes:
    `${LLAMA_4_NOTE}400.7B total, 17.19B active. MoE only in every 2nd layer (interleave_moe_layer_step 2); ` +
    'the other 24 are dense (ffn 16384).',
};

const LLAMA_31_CARD = 'Llama 3.1 model card (2024-07); Llama 3 Herd of Models, arXiv 2407.21783';
const LLAMA_4_CARD = 'Llama 4 model card (2025-04)';

// ---------------------------------------------------------------------------------------------------------- Qwen

const QWEN3_8B: Arch = {
  developer: 'Alibaba Qwen',
  architecture: 'dense',
  totalParams: exact(8_190_735_360), // counted: vocab 151936, d 4096, ffn 12288, untied; card: 8.2B
  activeParams: exact(8_190_735_360),
  layers: 36,
  hiddenSize: 4096,
  attentionHeads: 32,
  kvHeads: 8,
  headDim: 128,
};

const QWEN3_14B: Arch = {
  developer: 'Alibaba Qwen',
  architecture: 'dense',
  totalParams: exact(14_768_307_200), // counted: d 5120, ffn 17408; card: 14.8B
  activeParams: exact(14_768_307_200),
  layers: 40,
  hiddenSize: 5120,
  attentionHeads: 40,
  kvHeads: 8,
  headDim: 128,
};

const QWEN3_32B: Arch = {
  developer: 'Alibaba Qwen',
  architecture: 'dense',
  totalParams: exact(32_762_123_264), // counted: d 5120, ffn 25600; card: 32.8B
  activeParams: exact(32_762_123_264),
  layers: 64,
  hiddenSize: 5120,
  attentionHeads: 64,
  kvHeads: 8,
  headDim: 128,
};

const QWEN3_30B_A3B: Arch = {
  developer: 'Alibaba Qwen',
  architecture: 'moe',
  totalParams: exact(30_532_122_624), // counted: d 2048, 128 experts × ffn 768; card: 30.5B total
  activeParams: exact(3_353_032_704), // counted with 8 of 128 experts; card: 3.3B activated
  layers: 48,
  hiddenSize: 2048,
  attentionHeads: 32,
  kvHeads: 4,
  headDim: 128,
  experts: { total: 128, active: 8 },
};

const QWEN3_235B_A22B: Arch = {
  developer: 'Alibaba Qwen',
  architecture: 'moe',
  totalParams: exact(235_093_634_560), // counted: d 4096, 128 experts × ffn 1536; card: 235B total
  activeParams: exact(22_190_763_520), // card: 22B activated
  layers: 94,
  hiddenSize: 4096,
  attentionHeads: 64,
  kvHeads: 4,
  headDim: 128,
  experts: { total: 128, active: 8 },
};

const QWEN3_CODER_480B: Arch = {
  developer: 'Alibaba Qwen',
  architecture: 'moe',
  totalParams: exact(480_154_875_392), // counted: d 6144, 160 experts × ffn 2560; card: 480B total
  activeParams: exact(35_474_765_312), // card: 35B activated
  layers: 62,
  hiddenSize: 6144,
  attentionHeads: 96,
  kvHeads: 8,
  headDim: 128,
  experts: { total: 160, active: 8 },
};

const QWEN25_7B: Arch = {
  developer: 'Alibaba Qwen',
  architecture: 'dense',
  totalParams: exact(7_615_616_512), // counted: vocab 152064, d 3584, ffn 18944, QKV bias; card: 7.61B
  activeParams: exact(7_615_616_512),
  layers: 28,
  hiddenSize: 3584,
  attentionHeads: 28,
  kvHeads: 4,
  headDim: 128,
};

const QWEN25_72B: Arch = {
  developer: 'Alibaba Qwen',
  architecture: 'dense',
  totalParams: exact(72_706_203_648), // counted: d 8192, ffn 29568, QKV bias; card: 72.7B
  activeParams: exact(72_706_203_648),
  layers: 80,
  hiddenSize: 8192,
  attentionHeads: 64,
  kvHeads: 8,
  headDim: 128,
};

const QWEN3_NATIVE_32K =
  'Context 32,768 native (config max_position_embeddings 40960 leaves room for output); 131,072 with YaRN.';
const QWEN25_NATIVE_32K = 'Context 32,768 in config.json; the card allows 131,072 with YaRN rope scaling.';
const QWEN_FP8 = 'Fine-grained FP8 (128×128 blocks) re-release of the same weights.';
const qwenSource = (card: string): string => `${card} model card and config.json`;

// -------------------------------------------------------------------------------------------------------- Google

/**
 * Gemma 3: 5 sliding-window layers (1024 tokens) for every global layer (`sliding_window_pattern` 6). Totals
 * include the 0.42B SigLIP vision encoder that a text token never runs through; active = the text decoder.
 */
const GEMMA_NOTE =
  'Layers alternate 5 sliding-window (1024 tokens) : 1 global. kvElementsPerToken counts the global layers only ' +
  '(long-context rate); the local layers add at most 1024 tokens of KV each. totalParams includes the 0.42B SigLIP ' +
  'vision encoder (HF safetensors count); activeParams is the text decoder, counted from config.json.';

const GEMMA_3_12B: Arch = {
  developer: 'Google',
  architecture: 'dense',
  totalParams: exact(12.19e9), // counted text 11.77B + vision 0.42B; card: 12B
  activeParams: exact(11.77e9),
  layers: 48,
  hiddenSize: 3840,
  attentionHeads: 16,
  kvHeads: 8,
  headDim: 256,
  globalAttentionLayers: 8,
  kvElementsPerToken: 2 * 8 * 8 * 256,
  localAttention: { layers: 40, windowTokens: 1024 },
  notes: GEMMA_NOTE,
};

const GEMMA_3_27B: Arch = {
  developer: 'Google',
  architecture: 'dense',
  totalParams: exact(27.43e9), // counted text 27.01B + vision 0.42B; card: 27B
  activeParams: exact(27.01e9),
  layers: 62,
  hiddenSize: 5376,
  attentionHeads: 32,
  kvHeads: 16,
  headDim: 128,
  // Layer i is global when (i + 1) % 6 == 0: 10 of 62.
  globalAttentionLayers: 10,
  kvElementsPerToken: 2 * 10 * 16 * 128,
  localAttention: { layers: 52, windowTokens: 1024 },
  notes: GEMMA_NOTE,
};

// -------------------------------------------------------------------------------------------------------- NVIDIA

/**
 * Nemotron-H hybrid: `hybrid_override_pattern` mixes Mamba-2 (M), MLP (-) and attention (*) layers; only the `*`
 * layers hold a KV cache. Mamba-2 state per layer: heads 128 × head_dim 80 × d_state 128 = 1,310,720 SSM elements
 * in fp32 (the card serves with `--mamba_ssm_cache_dtype float32`) plus conv state (conv_dim 10240 + 2·8·128) × 3
 * = 36,864 elements in bf16: 5,316,608 bytes per Mamba layer per sequence.
 */
const MAMBA2_STATE_BYTES_PER_LAYER = 128 * 80 * 128 * 4 + (128 * 80 + 2 * 8 * 128) * (4 - 1) * 2;
const NEMOTRON_NOTE =
  'Hybrid Mamba-2/Transformer: kvElementsPerToken counts only the attention layers; each sequence also carries ' +
  'a fixed Mamba-2 state (SSM in fp32, conv in bf16), read and written every decode step. Params counted from ' +
  'config.json shapes.';

const NEMOTRON_NANO_9B: Arch = {
  developer: 'NVIDIA',
  architecture: 'dense',
  totalParams: exact(8.89e9), // counted: d 4480, 27 Mamba + 25 MLP (ffn 15680) + 4 attention layers; name: 9B
  activeParams: exact(8.89e9),
  layers: 56, // pattern M-M-M-MM-M-M-M*-M-M-M*-M-M-M-M*-M-M-M-M*-M-MM-M-M-M-M-M-: 27 M, 25 -, 4 *
  hiddenSize: 4480,
  attentionHeads: 40,
  kvHeads: 8,
  headDim: 128,
  globalAttentionLayers: 4,
  kvElementsPerToken: 2 * 4 * 8 * 128,
  recurrentStateBytesPerSequence: 27 * MAMBA2_STATE_BYTES_PER_LAYER,
  notes: NEMOTRON_NOTE,
};

const NEMOTRON_NANO_12B: Arch = {
  developer: 'NVIDIA',
  architecture: 'dense',
  totalParams: exact(12.31e9), // counted: d 5120, 28 Mamba + 28 MLP (ffn 20480) + 6 attention layers; name: 12B
  activeParams: exact(12.31e9),
  layers: 62, // pattern M-M-M-M*-M-M-M-M*-… : 28 M, 28 -, 6 *
  hiddenSize: 5120,
  attentionHeads: 40,
  kvHeads: 8,
  headDim: 128,
  globalAttentionLayers: 6,
  kvElementsPerToken: 2 * 6 * 8 * 128,
  recurrentStateBytesPerSequence: 28 * MAMBA2_STATE_BYTES_PER_LAYER,
  notes: NEMOTRON_NOTE,
};

const NEMOTRON_SOURCE =
  'config.json (hybrid_override_pattern, mamba_num_heads 128, mamba_head_dim 80, ssm_state_size 128, n_groups 8, ' +
  'conv_kernel 4); NVIDIA Nemotron Nano 2, arXiv 2508.14444 (2025-08)';

// ------------------------------------------------------------------------------------------------------ DeepSeek

/**
 * DeepSeek-V3 family (V3, V3.1, R1, R1-0528 share it). Multi-head latent attention caches one compressed latent
 * per layer: kv_lora_rank 512 + qk_rope_head_dim 64 = 576 elements, × 61 layers.
 */
const DEEPSEEK_V3: Arch = {
  developer: 'DeepSeek',
  architecture: 'moe',
  totalParams: exact(671e9), // card: 671B total, 37B activated (HF repo 685B includes the 14B MTP module)
  activeParams: exact(37e9),
  layers: 61,
  hiddenSize: 7168,
  attentionHeads: 128,
  kvHeads: 128,
  headDim: 192,
  experts: { total: 256, active: 8, shared: 1 },
  kvElementsPerToken: 61 * (512 + 64),
  notes:
    'MLA: KV cache is the 576-element latent per layer (kv_lora_rank 512 + qk_rope_head_dim 64), not ' +
    '2·kvHeads·headDim. kvHeads/headDim are config num_key_value_heads 128 and qk_nope 128 + qk_rope 64 ' +
    '(v_head_dim 128). First 3 layers dense (first_k_dense_replace 3), 58 MoE. Native block-wise FP8 ' +
    '(128×128, e4m3); config max_position_embeddings 163840, card context 128K. The MTP (next-token prediction) ' +
    'module is excluded.',
};
const DEEPSEEK_SOURCE = 'DeepSeek-V3 Technical Report, arXiv 2412.19437; config.json';

// -------------------------------------------------------------------------------------------------------- OpenAI

/** gpt-oss: layers alternate a 128-token sliding window with full attention (`layer_types`). */
const GPT_OSS_NOTE =
  'Layers alternate 128-token sliding-window and full attention: kvElementsPerToken counts the full-attention half. ' +
  'MXFP4 applies to the MoE expert weights only; attention, router, embeddings and unembedding stay BF16. ' +
  'activeParams follows the model card, which leaves out the input embedding table.';

const GPT_OSS_20B: Arch = {
  developer: 'OpenAI',
  architecture: 'moe',
  totalParams: exact(20.91e9), // model card Table 1: 20.91B total, 3.61B active
  activeParams: exact(3.61e9),
  layers: 24,
  hiddenSize: 2880,
  attentionHeads: 64,
  kvHeads: 8,
  headDim: 64,
  experts: { total: 32, active: 4 },
  globalAttentionLayers: 12,
  kvElementsPerToken: 2 * 12 * 8 * 64,
  localAttention: { layers: 12, windowTokens: 128 },
  notes: GPT_OSS_NOTE,
};

const GPT_OSS_120B: Arch = {
  developer: 'OpenAI',
  architecture: 'moe',
  totalParams: exact(116.83e9), // model card Table 1: 116.83B total, 5.13B active
  activeParams: exact(5.13e9),
  layers: 36,
  hiddenSize: 2880,
  attentionHeads: 64,
  kvHeads: 8,
  headDim: 64,
  experts: { total: 128, active: 4 },
  globalAttentionLayers: 18,
  kvElementsPerToken: 2 * 18 * 8 * 64,
  localAttention: { layers: 18, windowTokens: 128 },
  notes: GPT_OSS_NOTE,
};
const GPT_OSS_SOURCE = 'gpt-oss-120b & gpt-oss-20b Model Card (OpenAI, 2025-08), Table 1; config.json';

// ------------------------------------------------------------------------------------------- Mistral, Microsoft

const MISTRAL_7B: Arch = {
  developer: 'Mistral AI',
  architecture: 'dense',
  totalParams: exact(7_248_023_552), // counted: vocab 32768, d 4096, ffn 14336; card: 7.3B
  activeParams: exact(7_248_023_552),
  layers: 32,
  hiddenSize: 4096,
  attentionHeads: 32,
  kvHeads: 8,
  headDim: 128,
};

const MIXTRAL_8X7B: Arch = {
  developer: 'Mistral AI',
  architecture: 'moe',
  totalParams: exact(46_702_792_704), // counted: 8 experts × ffn 14336; Mixtral of Experts: 47B total, 13B active
  activeParams: exact(12_879_925_248),
  layers: 32,
  hiddenSize: 4096,
  attentionHeads: 32,
  kvHeads: 8,
  headDim: 128,
  experts: { total: 8, active: 2 },
};

const MISTRAL_SMALL_24B: Arch = {
  developer: 'Mistral AI',
  architecture: 'dense',
  totalParams: exact(23_572_403_200), // counted: vocab 131072, d 5120, ffn 32768; card: 24B
  activeParams: exact(23_572_403_200),
  layers: 40,
  hiddenSize: 5120,
  attentionHeads: 32,
  kvHeads: 8,
  headDim: 128,
};

const PHI_4: Arch = {
  developer: 'Microsoft',
  architecture: 'dense',
  totalParams: exact(14_659_507_200), // counted: vocab 100352, d 5120, ffn 17920; card: 14B
  activeParams: exact(14_659_507_200),
  layers: 40,
  hiddenSize: 5120,
  attentionHeads: 40,
  kvHeads: 10,
  headDim: 128,
};

// ------------------------------------------------------------------------------------------------------ Catalog

export const MODELS: readonly ModelSpec[] = [
  release(LLAMA_31_8B, {
    id: 'llama-3.1-8b-instruct',
    hfId: 'meta-llama/Llama-3.1-8B-Instruct',
    aliases: ['llama-3.1-8b', 'llama3.1-8b', 'llama3.1:8b', 'meta-llama-3.1-8b-instruct', 'llama-3.1-8b-instant'],
    name: 'Llama 3.1 8B Instruct',
    nativePrecision: 'bf16',
    contextLength: 131_072,
    source: `${HF}meta-llama/Llama-3.1-8B-Instruct config.json; ${LLAMA_31_CARD}`,
  }),
  release(LLAMA_3X_70B, {
    id: 'llama-3.1-70b-instruct',
    hfId: 'meta-llama/Llama-3.1-70B-Instruct',
    aliases: ['llama-3.1-70b', 'llama3.1-70b', 'llama3.1:70b', 'meta-llama-3.1-70b-instruct'],
    name: 'Llama 3.1 70B Instruct',
    nativePrecision: 'bf16',
    contextLength: 131_072,
    source: `${HF}meta-llama/Llama-3.1-70B-Instruct config.json; ${LLAMA_31_CARD}`,
  }),
  release(LLAMA_31_405B, {
    id: 'llama-3.1-405b-instruct',
    hfId: 'meta-llama/Llama-3.1-405B-Instruct',
    aliases: ['llama-3.1-405b', 'llama3.1-405b', 'llama3.1:405b', 'meta-llama-3.1-405b-instruct'],
    name: 'Llama 3.1 405B Instruct',
    nativePrecision: 'bf16',
    contextLength: 131_072,
    source: `${HF}meta-llama/Llama-3.1-405B-Instruct config.json; ${LLAMA_31_CARD}`,
  }),
  release(LLAMA_31_405B, {
    id: 'llama-3.1-405b-instruct-fp8',
    hfId: 'meta-llama/Llama-3.1-405B-Instruct-FP8',
    aliases: ['llama-3.1-405b-fp8', 'meta-llama-3.1-405b-instruct-fp8'],
    name: 'Llama 3.1 405B Instruct FP8',
    nativePrecision: 'fp8',
    contextLength: 131_072,
    source: `${HF}meta-llama/Llama-3.1-405B-Instruct-FP8 config.json; ${LLAMA_31_CARD} §6.2 (FP8 inference)`,
    notes:
      'FBGEMM row-wise FP8 on the feed-forward weights; per the Llama 3 paper §6.2 attention weights and the first ' +
      'and last layers stay BF16, so true weight bytes are somewhat above 1 byte/param.',
  }),
  release(LLAMA_3X_70B, {
    id: 'llama-3.3-70b-instruct',
    hfId: 'meta-llama/Llama-3.3-70B-Instruct',
    aliases: ['llama-3.3-70b', 'llama3.3-70b', 'llama3.3:70b', 'llama-3.3-70b-versatile'],
    name: 'Llama 3.3 70B Instruct',
    nativePrecision: 'bf16',
    contextLength: 131_072,
    source: `${HF}meta-llama/Llama-3.3-70B-Instruct config.json and model card (2024-12)`,
    notes: 'Same architecture as Llama 3.1 70B.',
  }),
  release(LLAMA_32_1B, {
    id: 'llama-3.2-1b-instruct',
    hfId: 'meta-llama/Llama-3.2-1B-Instruct',
    aliases: ['llama-3.2-1b', 'llama3.2-1b', 'llama3.2:1b'],
    name: 'Llama 3.2 1B Instruct',
    nativePrecision: 'bf16',
    contextLength: 131_072,
    source: `${HF}meta-llama/Llama-3.2-1B-Instruct config.json and model card (2024-09)`,
  }),
  release(LLAMA_32_3B, {
    id: 'llama-3.2-3b-instruct',
    hfId: 'meta-llama/Llama-3.2-3B-Instruct',
    aliases: ['llama-3.2-3b', 'llama3.2-3b', 'llama3.2:3b'],
    name: 'Llama 3.2 3B Instruct',
    nativePrecision: 'bf16',
    contextLength: 131_072,
    source: `${HF}meta-llama/Llama-3.2-3B-Instruct config.json and model card (2024-09)`,
  }),
  release(LLAMA_4_SCOUT, {
    id: 'llama-4-scout-17b-16e-instruct',
    hfId: 'meta-llama/Llama-4-Scout-17B-16E-Instruct',
    aliases: ['llama-4-scout', 'llama4-scout', 'llama4:scout'],
    name: 'Llama 4 Scout 17B-16E Instruct',
    nativePrecision: 'bf16',
    contextLength: 10_485_760,
    source: `${HF}meta-llama/Llama-4-Scout-17B-16E-Instruct config.json (text_config); ${LLAMA_4_CARD}`,
  }),
  release(LLAMA_4_MAVERICK, {
    id: 'llama-4-maverick-17b-128e-instruct',
    hfId: 'meta-llama/Llama-4-Maverick-17B-128E-Instruct',
    aliases: ['llama-4-maverick', 'llama4-maverick', 'llama4:maverick'],
    name: 'Llama 4 Maverick 17B-128E Instruct',
    nativePrecision: 'bf16',
    contextLength: 1_048_576,
    source: `${HF}meta-llama/Llama-4-Maverick-17B-128E-Instruct config.json (text_config); ${LLAMA_4_CARD}`,
  }),
  release(LLAMA_4_MAVERICK, {
    id: 'llama-4-maverick-17b-128e-instruct-fp8',
    hfId: 'meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8',
    aliases: ['llama-4-maverick-fp8', 'llama4-maverick-fp8'],
    name: 'Llama 4 Maverick 17B-128E Instruct FP8',
    nativePrecision: 'fp8',
    contextLength: 1_048_576,
    source: `${HF}meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8 config.json; ${LLAMA_4_CARD}`,
    notes: 'FP8 re-release of the same weights; which modules stay BF16 was not verified here.',
  }),

  release(QWEN3_8B, {
    id: 'qwen3-8b',
    hfId: 'Qwen/Qwen3-8B',
    aliases: ['qwen3:8b'],
    name: 'Qwen3 8B',
    nativePrecision: 'bf16',
    contextLength: 32_768,
    source: qwenSource(`${HF}Qwen/Qwen3-8B`),
    notes: QWEN3_NATIVE_32K,
  }),
  release(QWEN3_14B, {
    id: 'qwen3-14b',
    hfId: 'Qwen/Qwen3-14B',
    aliases: ['qwen3:14b'],
    name: 'Qwen3 14B',
    nativePrecision: 'bf16',
    contextLength: 32_768,
    source: qwenSource(`${HF}Qwen/Qwen3-14B`),
    notes: QWEN3_NATIVE_32K,
  }),
  release(QWEN3_32B, {
    id: 'qwen3-32b',
    hfId: 'Qwen/Qwen3-32B',
    aliases: ['qwen3:32b'],
    name: 'Qwen3 32B',
    nativePrecision: 'bf16',
    contextLength: 32_768,
    source: qwenSource(`${HF}Qwen/Qwen3-32B`),
    notes: QWEN3_NATIVE_32K,
  }),
  release(QWEN3_30B_A3B, {
    id: 'qwen3-30b-a3b',
    hfId: 'Qwen/Qwen3-30B-A3B',
    aliases: ['qwen3:30b', 'qwen3:30b-a3b'],
    name: 'Qwen3 30B-A3B',
    nativePrecision: 'bf16',
    contextLength: 32_768,
    source: qwenSource(`${HF}Qwen/Qwen3-30B-A3B`),
    notes: `Original (2025-04) hybrid-thinking release. ${QWEN3_NATIVE_32K}`,
  }),
  release(QWEN3_30B_A3B, {
    id: 'qwen3-30b-a3b-instruct-2507',
    hfId: 'Qwen/Qwen3-30B-A3B-Instruct-2507',
    aliases: ['qwen3-30b-a3b-2507', 'qwen3-30b-a3b-instruct'],
    name: 'Qwen3 30B-A3B Instruct 2507',
    nativePrecision: 'bf16',
    contextLength: 262_144,
    source: qwenSource(`${HF}Qwen/Qwen3-30B-A3B-Instruct-2507`),
  }),
  release(QWEN3_30B_A3B, {
    id: 'qwen3-30b-a3b-thinking-2507',
    hfId: 'Qwen/Qwen3-30B-A3B-Thinking-2507',
    aliases: ['qwen3-30b-a3b-thinking'],
    name: 'Qwen3 30B-A3B Thinking 2507',
    nativePrecision: 'bf16',
    contextLength: 262_144,
    source: qwenSource(`${HF}Qwen/Qwen3-30B-A3B-Thinking-2507`),
  }),
  release(QWEN3_30B_A3B, {
    id: 'qwen3-coder-30b-a3b-instruct',
    hfId: 'Qwen/Qwen3-Coder-30B-A3B-Instruct',
    aliases: ['qwen3-coder-30b', 'qwen3-coder-30b-a3b', 'qwen3-coder:30b', 'qwen3-coder-flash'],
    name: 'Qwen3 Coder 30B-A3B Instruct',
    nativePrecision: 'bf16',
    contextLength: 262_144,
    source: qwenSource(`${HF}Qwen/Qwen3-Coder-30B-A3B-Instruct`),
    notes: 'Same architecture as Qwen3-30B-A3B.',
  }),
  release(QWEN3_235B_A22B, {
    id: 'qwen3-235b-a22b',
    hfId: 'Qwen/Qwen3-235B-A22B',
    aliases: ['qwen3:235b', 'qwen3:235b-a22b'],
    name: 'Qwen3 235B-A22B',
    nativePrecision: 'bf16',
    contextLength: 32_768,
    source: qwenSource(`${HF}Qwen/Qwen3-235B-A22B`),
    notes: `Original (2025-04) hybrid-thinking release. ${QWEN3_NATIVE_32K}`,
  }),
  release(QWEN3_235B_A22B, {
    id: 'qwen3-235b-a22b-instruct-2507',
    hfId: 'Qwen/Qwen3-235B-A22B-Instruct-2507',
    aliases: ['qwen3-235b-a22b-2507', 'qwen3-235b-a22b-instruct'],
    name: 'Qwen3 235B-A22B Instruct 2507',
    nativePrecision: 'bf16',
    contextLength: 262_144,
    source: qwenSource(`${HF}Qwen/Qwen3-235B-A22B-Instruct-2507`),
  }),
  release(QWEN3_235B_A22B, {
    id: 'qwen3-235b-a22b-instruct-2507-fp8',
    hfId: 'Qwen/Qwen3-235B-A22B-Instruct-2507-FP8',
    aliases: ['qwen3-235b-a22b-2507-fp8', 'qwen3-235b-a22b-instruct-fp8'],
    name: 'Qwen3 235B-A22B Instruct 2507 FP8',
    nativePrecision: 'fp8',
    contextLength: 262_144,
    source: qwenSource(`${HF}Qwen/Qwen3-235B-A22B-Instruct-2507-FP8`),
    notes: QWEN_FP8,
  }),
  release(QWEN3_235B_A22B, {
    id: 'qwen3-235b-a22b-thinking-2507',
    hfId: 'Qwen/Qwen3-235B-A22B-Thinking-2507',
    aliases: ['qwen3-235b-a22b-thinking'],
    name: 'Qwen3 235B-A22B Thinking 2507',
    nativePrecision: 'bf16',
    contextLength: 262_144,
    source: qwenSource(`${HF}Qwen/Qwen3-235B-A22B-Thinking-2507`),
  }),
  release(QWEN3_235B_A22B, {
    id: 'qwen3-235b-a22b-thinking-2507-fp8',
    hfId: 'Qwen/Qwen3-235B-A22B-Thinking-2507-FP8',
    aliases: ['qwen3-235b-a22b-thinking-fp8'],
    name: 'Qwen3 235B-A22B Thinking 2507 FP8',
    nativePrecision: 'fp8',
    contextLength: 262_144,
    source: qwenSource(`${HF}Qwen/Qwen3-235B-A22B-Thinking-2507-FP8`),
    notes: QWEN_FP8,
  }),
  release(QWEN3_CODER_480B, {
    id: 'qwen3-coder-480b-a35b-instruct',
    hfId: 'Qwen/Qwen3-Coder-480B-A35B-Instruct',
    aliases: ['qwen3-coder-480b', 'qwen3-coder-480b-a35b'],
    name: 'Qwen3 Coder 480B-A35B Instruct',
    nativePrecision: 'bf16',
    contextLength: 262_144,
    source: qwenSource(`${HF}Qwen/Qwen3-Coder-480B-A35B-Instruct`),
  }),
  release(QWEN3_CODER_480B, {
    id: 'qwen3-coder-480b-a35b-instruct-fp8',
    hfId: 'Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8',
    aliases: ['qwen3-coder-480b-fp8', 'qwen3-coder-480b-a35b-fp8'],
    name: 'Qwen3 Coder 480B-A35B Instruct FP8',
    nativePrecision: 'fp8',
    contextLength: 262_144,
    source: qwenSource(`${HF}Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8`),
    notes: QWEN_FP8,
  }),
  release(QWEN25_7B, {
    id: 'qwen2.5-7b-instruct',
    hfId: 'Qwen/Qwen2.5-7B-Instruct',
    aliases: ['qwen2.5-7b', 'qwen2.5:7b'],
    name: 'Qwen2.5 7B Instruct',
    nativePrecision: 'bf16',
    contextLength: 32_768,
    source: qwenSource(`${HF}Qwen/Qwen2.5-7B-Instruct`),
    notes: QWEN25_NATIVE_32K,
  }),
  release(QWEN25_72B, {
    id: 'qwen2.5-72b-instruct',
    hfId: 'Qwen/Qwen2.5-72B-Instruct',
    aliases: ['qwen2.5-72b', 'qwen2.5:72b'],
    name: 'Qwen2.5 72B Instruct',
    nativePrecision: 'bf16',
    contextLength: 32_768,
    source: qwenSource(`${HF}Qwen/Qwen2.5-72B-Instruct`),
    notes: QWEN25_NATIVE_32K,
  }),

  release(GEMMA_3_12B, {
    id: 'gemma-3-12b-it',
    hfId: 'google/gemma-3-12b-it',
    aliases: ['gemma-3-12b', 'gemma3-12b', 'gemma3:12b'],
    name: 'Gemma 3 12B IT',
    nativePrecision: 'bf16',
    contextLength: 131_072,
    source: `${HF}google/gemma-3-12b-it config.json (text_config); Gemma 3 Technical Report, arXiv 2503.19786`,
  }),
  release(GEMMA_3_27B, {
    id: 'gemma-3-27b-it',
    hfId: 'google/gemma-3-27b-it',
    aliases: ['gemma-3-27b', 'gemma3-27b', 'gemma3:27b'],
    name: 'Gemma 3 27B IT',
    nativePrecision: 'bf16',
    contextLength: 131_072,
    source: `${HF}google/gemma-3-27b-it config.json (text_config); Gemma 3 Technical Report, arXiv 2503.19786`,
  }),

  release(NEMOTRON_NANO_9B, {
    id: 'nvidia-nemotron-nano-9b-v2',
    hfId: 'nvidia/NVIDIA-Nemotron-Nano-9B-v2',
    aliases: ['nemotron-nano-9b-v2', 'nemotron-nano-9b'],
    name: 'NVIDIA Nemotron Nano 9B v2',
    nativePrecision: 'bf16',
    contextLength: 131_072,
    source: `${HF}nvidia/NVIDIA-Nemotron-Nano-9B-v2 ${NEMOTRON_SOURCE}`,
  }),
  release(NEMOTRON_NANO_12B, {
    id: 'nvidia-nemotron-nano-12b-v2',
    hfId: 'nvidia/NVIDIA-Nemotron-Nano-12B-v2',
    aliases: ['nemotron-nano-12b-v2', 'nemotron-nano-12b'],
    name: 'NVIDIA Nemotron Nano 12B v2',
    nativePrecision: 'bf16',
    contextLength: 131_072,
    source: `${HF}nvidia/NVIDIA-Nemotron-Nano-12B-v2 ${NEMOTRON_SOURCE}`,
  }),

  release(DEEPSEEK_V3, {
    id: 'deepseek-v3',
    hfId: 'deepseek-ai/DeepSeek-V3',
    aliases: [],
    name: 'DeepSeek-V3',
    nativePrecision: 'fp8',
    contextLength: 131_072,
    source: `${HF}deepseek-ai/DeepSeek-V3; ${DEEPSEEK_SOURCE}`,
  }),
  release(DEEPSEEK_V3, {
    id: 'deepseek-v3.1',
    hfId: 'deepseek-ai/DeepSeek-V3.1',
    aliases: ['deepseek-v3-1'],
    name: 'DeepSeek-V3.1',
    nativePrecision: 'fp8',
    contextLength: 131_072,
    source: `${HF}deepseek-ai/DeepSeek-V3.1 model card (2025-08); ${DEEPSEEK_SOURCE}`,
  }),
  release(DEEPSEEK_V3, {
    id: 'deepseek-r1',
    hfId: 'deepseek-ai/DeepSeek-R1',
    aliases: [],
    name: 'DeepSeek-R1',
    nativePrecision: 'fp8',
    contextLength: 131_072,
    source: `${HF}deepseek-ai/DeepSeek-R1; DeepSeek-R1, arXiv 2501.12948; ${DEEPSEEK_SOURCE}`,
  }),
  release(DEEPSEEK_V3, {
    id: 'deepseek-r1-0528',
    hfId: 'deepseek-ai/DeepSeek-R1-0528',
    aliases: [],
    name: 'DeepSeek-R1-0528',
    nativePrecision: 'fp8',
    contextLength: 131_072,
    source: `${HF}deepseek-ai/DeepSeek-R1-0528 model card (2025-05); ${DEEPSEEK_SOURCE}`,
  }),

  release(GPT_OSS_20B, {
    id: 'gpt-oss-20b',
    hfId: 'openai/gpt-oss-20b',
    aliases: ['gpt-oss:20b'],
    name: 'gpt-oss-20b',
    nativePrecision: 'mxfp4',
    contextLength: 131_072,
    source: `${HF}openai/gpt-oss-20b; ${GPT_OSS_SOURCE}`,
  }),
  release(GPT_OSS_120B, {
    id: 'gpt-oss-120b',
    hfId: 'openai/gpt-oss-120b',
    aliases: ['gpt-oss:120b'],
    name: 'gpt-oss-120b',
    nativePrecision: 'mxfp4',
    contextLength: 131_072,
    source: `${HF}openai/gpt-oss-120b; ${GPT_OSS_SOURCE}`,
  }),

  release(MISTRAL_7B, {
    id: 'mistral-7b-instruct-v0.3',
    hfId: 'mistralai/Mistral-7B-Instruct-v0.3',
    aliases: ['mistral-7b', 'mistral-7b-instruct', 'mistral:7b', 'open-mistral-7b'],
    name: 'Mistral 7B Instruct v0.3',
    nativePrecision: 'bf16',
    contextLength: 32_768,
    source: `${HF}mistralai/Mistral-7B-Instruct-v0.3 config.json and model card (2024-05)`,
  }),
  release(MIXTRAL_8X7B, {
    id: 'mixtral-8x7b-instruct-v0.1',
    hfId: 'mistralai/Mixtral-8x7B-Instruct-v0.1',
    aliases: ['mixtral-8x7b', 'mixtral-8x7b-instruct', 'mixtral:8x7b', 'open-mixtral-8x7b'],
    name: 'Mixtral 8x7B Instruct v0.1',
    nativePrecision: 'bf16',
    contextLength: 32_768,
    source: `${HF}mistralai/Mixtral-8x7B-Instruct-v0.1 config.json; Mixtral of Experts, arXiv 2401.04088`,
  }),
  release(MISTRAL_SMALL_24B, {
    id: 'mistral-small-24b-instruct-2501',
    hfId: 'mistralai/Mistral-Small-24B-Instruct-2501',
    aliases: ['mistral-small-24b', 'mistral-small-2501', 'mistral-small-3', 'mistral-small:24b'],
    name: 'Mistral Small 3 24B Instruct 2501',
    nativePrecision: 'bf16',
    contextLength: 32_768,
    source: `${HF}mistralai/Mistral-Small-24B-Instruct-2501 config.json and model card (2025-01)`,
  }),
  release(PHI_4, {
    id: 'phi-4',
    hfId: 'microsoft/phi-4',
    aliases: ['phi4', 'phi-4-14b', 'phi4:14b'],
    name: 'Phi-4',
    nativePrecision: 'bf16',
    contextLength: 16_384,
    source: `${HF}microsoft/phi-4 config.json; Phi-4 Technical Report, arXiv 2412.08905`,
  }),
];

// ------------------------------------------------------------------------------------------------------- Lookup

/** Lower-cased names → model, built on first lookup (no work at import time). */
let index: Map<string, ModelSpec> | undefined;

/** Every name a model answers to: id, HF id with and without its org, aliases; lower-cased. */
export function lookupKeys(m: ModelSpec): string[] {
  const keys = [m.id, ...m.aliases];
  if (m.hfId) keys.push(m.hfId, withoutOrg(m.hfId));
  return [...new Set(keys.map((k) => k.toLowerCase()))];
}

function withoutOrg(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

function modelIndex(): Map<string, ModelSpec> {
  if (!index) {
    index = new Map();
    for (const m of MODELS) for (const k of lookupKeys(m)) if (!index.has(k)) index.set(k, m);
  }
  return index;
}

/**
 * A model by id, Hugging Face id or alias, case-insensitive, with or without an org prefix
 * (`Qwen/Qwen3-8B`, `qwen3-8b`, `meta-llama/llama-3.1-8b-instruct`). Throws UnknownIdError with the nearest ids.
 */
export function getModel(idOrHfId: string): ModelSpec {
  const q = idOrHfId.trim().toLowerCase();
  const idx = modelIndex();
  const m = idx.get(q) ?? idx.get(withoutOrg(q));
  if (m) return m;
  const closed = listClosedModels().find((c) => c.id === q || c.aliases.some((a) => a.toLowerCase() === q));
  if (closed) {
    // Listed in the catalog, but as an API-only model: there are no weights to serve on chosen hardware.
    throw new TokenprintError(
      'UNKNOWN_ID',
      `'${idOrHfId}' is ${closed.name}, a closed model (${closed.developer} API only): it has no self-hostable weights to place on hardware. ` +
        `Estimate its API calls with \`npx tokenprint estimate call --model ${closed.id} --provider …\`, or pick an open model (\`npx tokenprint catalog models\`).`,
      { kind: 'model', id: idOrHfId, closed: closed.id },
    );
  }
  // Rank every name, report each model once by its id.
  const near = suggest(withoutOrg(q), [...idx.keys()], 20).map((k) => idx.get(k)?.id ?? k);
  throw new UnknownIdError('model', idOrHfId, [...new Set(near)].slice(0, 5));
}

export function listModels(): readonly ModelSpec[] {
  return MODELS;
}

/**
 * KV-cache bytes each token adds, at `kvBytes` bytes per element (2 for BF16/FP16, 1 for FP8 KV):
 * 2·layers·kvHeads·headDim·kvBytes, or kvElementsPerToken·kvBytes where the catalog gives it (MLA latents; global
 * layers only for sliding-window and hybrid models, i.e. the long-context rate).
 */
export function kvBytesPerToken(model: ModelSpec, kvBytes: number): number {
  return (model.kvElementsPerToken ?? 2 * model.layers * model.kvHeads * model.headDim) * kvBytes;
}

/**
 * KV-cache bytes one sequence holds at `contextTokens`: the per-token rate over the whole context, plus the
 * sliding-window/chunked layers over min(context, window). Excludes recurrent (Mamba) state, which the catalog
 * gives separately as recurrentStateBytesPerSequence.
 */
export function kvBytesPerSequence(model: ModelSpec, kvBytes: number, contextTokens: number): number {
  const local = model.localAttention;
  const localBytes = local
    ? 2 * local.layers * model.kvHeads * model.headDim * kvBytes * Math.min(contextTokens, local.windowTokens)
    : 0;
  return kvBytesPerToken(model, kvBytes) * contextTokens + localBytes;
}
