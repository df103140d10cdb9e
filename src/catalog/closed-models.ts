/**
 * Closed (API-only) models: parameter counts are not published, so each entry carries a total and an active
 * parameter range with its provenance, and `architectureEstimated: true`. The ranges flow into `low`/`high` of every
 * estimate that uses them.
 *
 * Sources of the parameter ranges:
 * - EcoLogits `ecologits/data/models.json` (genai-impact/ecologits v0.9.1 @ 2d0a1c7 and mlco2/ecologits @ 5be90da,
 *   2026-03), methodology `docs/methodology/proprietary_models.md` (CC BY-SA 4.0): estimates from leaks, benchmark
 *   parity and price ratios; MoE models get an activation ratio of 10–30 % of total parameters.
 * - Ben Abacha et al., "MEDEC", arXiv:2412.19260 (Microsoft, Dec 2024), which lists approximate sizes: GPT-4 ~1.76T,
 *   GPT-4o ~200B, GPT-4o-mini ~8B, o1-preview ~300B, o1-mini ~100B, Claude 3.5 Sonnet ~175B ("estimates").
 * Central values: the EcoLogits total; the geometric mean of the active bounds (a range spanning 3× has no better
 * centre).
 *
 * Layers, heads and KV cache are not published either; `estimatedShape` derives them from the active parameter count
 * by a documented rule (see below and docs/methodology/api-calls.md). They matter only for the context-length terms.
 */
import type { ModelSpec } from './types.js';
import { type Range, range, exact } from '../core/range.js';

const ECOLOGITS =
  'EcoLogits models.json (genai-impact/ecologits v0.9.1 @ 2d0a1c7; mlco2/ecologits @ 5be90da, 2026-03), ' +
  'proprietary-model estimates (leaks, benchmark parity, price ratios; MoE active 10–30 %)';
const MEDEC = 'Ben Abacha et al., MEDEC, arXiv:2412.19260 (Dec 2024), approximate sizes';
const ECO093 = 'EcoLogits 0.9.3 models.json (mlco2/ecologits @ 5be90da, 13 Mar 2026)';

/** Aspect ratio d_model / layers of recent dense decoders: Llama-3.1-8B 4096/32 = 128, 405B 16384/126 = 130. */
export const ASPECT_RATIO = 128;
/** Head dimension and KV heads of the open frontier families (Llama 3, Qwen3, Mistral): 128 and GQA-8. */
export const HEAD_DIM = 128;
export const KV_HEADS = 8;

/**
 * Plausible shape for an undisclosed decoder with `activeParams` parameters per token. Kaplan et al. 2020 (Table 1):
 * N ≈ 12·L·d²; with d = A·L (A = 128) this gives d = (N·A/12)^(1/3), rounded to a multiple of 128, and L = d/A.
 * The rule reproduces DeepSeek-V3 (37B active → d 7,296 vs 7,168, L 57 vs 61) and Llama-3.1-70B (d 9,088 vs 8,192,
 * L 71 vs 80) to ~10 %. Attention scales with the active (not total) parameters, so MoE models use their active count.
 */
export function estimatedShape(activeParams: number): {
  layers: number;
  hiddenSize: number;
  attentionHeads: number;
  kvHeads: number;
  headDim: number;
} {
  const d = Math.max(HEAD_DIM, Math.round(Math.cbrt((activeParams * ASPECT_RATIO) / 12) / HEAD_DIM) * HEAD_DIM);
  return {
    layers: Math.max(1, Math.round(d / ASPECT_RATIO)),
    hiddenSize: d,
    attentionHeads: d / HEAD_DIM,
    kvHeads: KV_HEADS,
    headDim: HEAD_DIM,
  };
}

/**
 * Routed experts assumed for undisclosed MoE models: 128 routed, 8 active (k/E = 6.25 %, as Qwen3-235B-A22B and close
 * to DeepSeek-V3's 8 of 256). It sets how many expert weights a decode step streams at small batch; a ratio below the
 * 10 % lower bound of the active share keeps the shared/expert split of the physics non-negative at every corner.
 */
export const ASSUMED_EXPERTS = { total: 128, active: 8 } as const;

const B = 1e9;

/** A parameter range in billions: `bil(lo, hi)` → geometric-mean centre; `bil(lo, hi, v)` → explicit centre. */
function bil(lo: number, hi: number, v?: number): Range {
  return range((v ?? Math.sqrt(lo * hi)) * B, lo * B, hi * B);
}

interface Closed {
  readonly id: string;
  readonly name: string;
  readonly developer: string;
  readonly aliases: readonly string[];
  readonly architecture: 'dense' | 'moe';
  readonly totalParams: Range;
  readonly activeParams: Range;
  readonly contextLength: number;
  readonly source: string;
  readonly notes?: string;
}

function closed(c: Closed): ModelSpec {
  const shape = estimatedShape(c.activeParams.value);
  return {
    id: c.id,
    aliases: c.aliases,
    name: c.name,
    developer: c.developer,
    openWeights: false,
    architecture: c.architecture,
    totalParams: c.totalParams,
    activeParams: c.activeParams,
    ...shape,
    ...(c.architecture === 'moe' ? { experts: ASSUMED_EXPERTS } : {}),
    nativePrecision: 'bf16',
    contextLength: c.contextLength,
    architectureEstimated: true,
    source: c.source,
    notes:
      (c.notes ? c.notes + ' ' : '') +
      'Layers/heads/KV estimated from the active parameters (estimatedShape); serving precision assumed BF16 as in EcoLogits.',
  };
}

/** A dense model of `lo`–`hi` billion parameters (EcoLogits range). */
function dense(lo: number, hi: number, centre?: number): Pick<Closed, 'architecture' | 'totalParams' | 'activeParams'> {
  const r = bil(lo, hi, centre);
  return { architecture: 'dense', totalParams: r, activeParams: r };
}

/** A MoE model: total (with optional lower bound from another estimate) and active bounds, billions. */
function moe(total: number, activeLo: number, activeHi: number, totalLo = total): Pick<Closed, 'architecture' | 'totalParams' | 'activeParams'> {
  return { architecture: 'moe', totalParams: range(total * B, totalLo * B, total * B), activeParams: bil(activeLo, activeHi) };
}

/**
 * A model whose parameter count is published (open weights, or a model card) but whose layer shape is not
 * transcribed here: an exact count, the shape from `estimatedShape`, flagged in `notes` (as mistral-large-2).
 * Counts as EcoLogits 0.9.3 lists them (from the Hugging Face model cards where it cites one).
 */
function published(id: string, name: string, developer: string, aliases: readonly string[], paramsB: number, contextLength: number, hf?: string): Closed {
  return {
    id,
    name,
    developer,
    aliases,
    architecture: 'dense',
    totalParams: exact(paramsB * B),
    activeParams: exact(paramsB * B),
    contextLength,
    source: `${ECO093}: ${paramsB}B dense${hf ? ` (Hugging Face ${hf})` : ''}`,
    notes: `Parameter count published${hf ? ' (open weights)' : ''}; layer shape not taken from a released config here. Context length from the provider's model list.`,
  };
}

/** Built on first use: no work at import time. */
let cache: readonly ModelSpec[] | undefined;

export function listClosedModels(): readonly ModelSpec[] {
  cache ??= entries().map(closed);
  return cache;
}

function entries(): Closed[] {
  return [
    // ------------------------------------------------------------------------------------------------ OpenAI
    {
      id: 'gpt-4o',
      name: 'GPT-4o',
      developer: 'OpenAI',
      aliases: [
        'gpt-4o-2024-05-13', 'gpt-4o-2024-08-06', 'gpt-4o-2024-11-20', 'chatgpt-4o-latest', 'gpt-4o-latest',
        // Same model class in EcoLogits 0.9.3 (MoE 440B): the audio, realtime and search API variants.
        'gpt-4o-audio-preview', 'gpt-4o-realtime-preview', 'gpt-4o-search-preview',
      ],
      ...moe(440, 44, 132, 200),
      contextLength: 128_000,
      source: `${ECOLOGITS}: MoE 440B, 44–132B active; total low bound ${MEDEC} (~200B)`,
    },
    {
      id: 'gpt-4o-mini',
      name: 'GPT-4o mini',
      developer: 'OpenAI',
      aliases: [
        'gpt-4o-mini-2024-07-18',
        // Same class in EcoLogits 0.9.3 (dense 8–28B).
        'gpt-4o-mini-audio-preview', 'gpt-4o-mini-realtime-preview', 'gpt-4o-mini-search-preview', 'gpt-4o-mini-transcribe', 'gpt-4o-mini-tts',
      ],
      ...dense(8, 28),
      contextLength: 128_000,
      source: `${ECOLOGITS}: dense 8–28B; ${MEDEC} (~8B)`,
    },
    {
      id: 'gpt-4.1',
      name: 'GPT-4.1',
      developer: 'OpenAI',
      aliases: ['gpt-4.1-2025-04-14'],
      ...moe(352, 35, 106),
      contextLength: 1_047_576,
      source: `${ECOLOGITS}: MoE 352B, 35–106B active`,
    },
    {
      id: 'gpt-4.1-mini',
      name: 'GPT-4.1 mini',
      developer: 'OpenAI',
      aliases: ['gpt-4.1-mini-2025-04-14'],
      ...dense(40, 112),
      contextLength: 1_047_576,
      source: `${ECOLOGITS}: dense 40–112B`,
    },
    {
      id: 'gpt-4.1-nano',
      name: 'GPT-4.1 nano',
      developer: 'OpenAI',
      aliases: ['gpt-4.1-nano-2025-04-14'],
      ...dense(10, 37),
      contextLength: 1_047_576,
      source: `${ECOLOGITS}: dense 10–37B`,
    },
    {
      id: 'gpt-4-turbo',
      name: 'GPT-4 Turbo',
      developer: 'OpenAI',
      aliases: ['gpt-4-turbo-2024-04-09', 'gpt-4-turbo-preview', 'gpt-4-1106-preview', 'gpt-4-0125-preview'],
      ...moe(880, 88, 264),
      contextLength: 128_000,
      source: `${ECOLOGITS}: MoE 880B, 88–264B active`,
    },
    {
      id: 'gpt-4',
      name: 'GPT-4',
      developer: 'OpenAI',
      aliases: ['gpt-4-0613', 'gpt-4-0314'],
      ...moe(1760, 176, 528),
      contextLength: 8_192,
      source: `${ECOLOGITS}: MoE 1760B, 176–528B active; ${MEDEC} (~1.76T)`,
    },
    {
      id: 'gpt-5',
      name: 'GPT-5',
      developer: 'OpenAI',
      aliases: [
        'gpt-5-2025-08-07', 'gpt-5-chat-latest', 'gpt-5.1', 'gpt-5.1-2025-11-13', 'gpt-5.1-chat-latest', 'gpt-5-codex', 'gpt-5.1-codex',
        'gpt-5.1-codex-max', 'gpt-5-search-api', 'gpt-5-pro',
      ],
      ...moe(300, 30, 90),
      contextLength: 400_000,
      source: `${ECOLOGITS}: GPT-5 and GPT-5.1 MoE 300B, 30–90B active`,
    },
    {
      id: 'gpt-5-mini',
      name: 'GPT-5 mini',
      developer: 'OpenAI',
      aliases: ['gpt-5-mini-2025-08-07', 'gpt-5.1-mini', 'gpt-5.1-codex-mini'],
      ...dense(25, 70),
      contextLength: 400_000,
      source: `${ECOLOGITS}: dense 25–70B`,
    },
    {
      id: 'gpt-5-nano',
      name: 'GPT-5 nano',
      developer: 'OpenAI',
      aliases: ['gpt-5-nano-2025-08-07'],
      ...dense(5, 18.5),
      contextLength: 400_000,
      source: `${ECOLOGITS}: dense 5–18.5B`,
    },
    {
      id: 'gpt-5.2',
      name: 'GPT-5.2',
      developer: 'OpenAI',
      aliases: ['gpt-5.2-2025-12-11', 'gpt-5.2-chat-latest', 'gpt-5.2-codex', 'gpt-5.2-pro', 'gpt-5.3', 'gpt-5.3-chat-latest', 'gpt-5.3-codex'],
      ...moe(420, 42, 126),
      contextLength: 400_000,
      source: `${ECOLOGITS}: MoE 420B, 42–126B active`,
    },
    {
      id: 'o1',
      name: 'o1',
      developer: 'OpenAI',
      aliases: ['o1-2024-12-17', 'o1-preview', 'o1-preview-2024-09-12', 'o1-pro', 'o1-pro-2025-03-19'],
      ...moe(440, 44, 132, 300),
      contextLength: 200_000,
      source: `${ECOLOGITS}: as GPT-4o, MoE 440B, 44–132B active; total low bound ${MEDEC} (o1-preview ~300B)`,
      notes:
        'o1-pro is read as o1: OpenAI describes it as o1 with more compute per request (OpenAI, "Introducing ChatGPT Pro", ' +
        'Dec 2024); the extra compute is in the reasoning tokens the API reports.',
    },
    {
      id: 'o1-mini',
      name: 'o1-mini',
      developer: 'OpenAI',
      aliases: ['o1-mini-2024-09-12'],
      ...dense(8, 100, 28),
      contextLength: 128_000,
      source: `assumed: low bound and centre from the OpenAI mini class of ${ECOLOGITS} (o3-mini/o4-mini dense 8–28B); high bound ${MEDEC} (o1-mini ~100B)`,
      notes: 'No estimate of its own in EcoLogits; range spans the two published guesses (flagged).',
    },
    {
      id: 'o3',
      name: 'o3',
      developer: 'OpenAI',
      aliases: ['o3-2025-04-16', 'o3-pro', 'o3-pro-2025-06-10'],
      ...moe(440, 44, 132, 200),
      contextLength: 200_000,
      source: `assumed: same class as o1/GPT-4o (${ECOLOGITS}); no published estimate of its own`,
      notes: 'Parameter range assumed from o1 (flagged). o3-pro is read as o3 (same model, more compute per request, reported as reasoning tokens).',
    },
    {
      id: 'o3-mini',
      name: 'o3-mini',
      developer: 'OpenAI',
      aliases: ['o3-mini-2025-01-31'],
      ...dense(8, 28),
      contextLength: 200_000,
      source: `${ECOLOGITS}: dense 8–28B`,
    },
    {
      id: 'o4-mini',
      name: 'o4-mini',
      developer: 'OpenAI',
      aliases: ['o4-mini-2025-04-16', 'o4-mini-deep-research'],
      ...dense(8, 28),
      contextLength: 200_000,
      source: `${ECOLOGITS}: dense 8–28B`,
    },
    // --------------------------------------------------------------------------------------------- Anthropic
    {
      id: 'claude-3-5-sonnet',
      name: 'Claude 3.5 Sonnet',
      developer: 'Anthropic',
      aliases: ['claude-3-5-sonnet-20240620', 'claude-3-5-sonnet-20241022', 'claude-3-5-sonnet-latest', 'claude-3.5-sonnet'],
      ...moe(440, 44, 132, 175),
      contextLength: 200_000,
      source: `${ECOLOGITS}: MoE 440B, 44–132B active; total low bound ${MEDEC} (~175B)`,
    },
    {
      id: 'claude-3-7-sonnet',
      name: 'Claude 3.7 Sonnet',
      developer: 'Anthropic',
      aliases: ['claude-3-7-sonnet-20250219', 'claude-3-7-sonnet-latest', 'claude-3.7-sonnet'],
      ...moe(440, 44, 132),
      contextLength: 200_000,
      source: `${ECOLOGITS}: MoE 440B, 44–132B active`,
    },
    {
      id: 'claude-sonnet-4',
      name: 'Claude Sonnet 4',
      developer: 'Anthropic',
      aliases: ['claude-sonnet-4-20250514', 'claude-sonnet-4-0', 'claude-4-sonnet'],
      ...moe(440, 44, 132),
      contextLength: 200_000,
      source: `${ECOLOGITS}: MoE 440B, 44–132B active`,
    },
    {
      id: 'claude-sonnet-4-5',
      name: 'Claude Sonnet 4.5',
      developer: 'Anthropic',
      aliases: ['claude-sonnet-4-5-20250929', 'claude-sonnet-4.5', 'claude-sonnet-4-6'],
      ...moe(440, 44, 132),
      contextLength: 200_000,
      source: `${ECOLOGITS}: Sonnet 4.5/4.6 MoE 440B, 44–132B active`,
    },
    {
      id: 'claude-3-5-haiku',
      name: 'Claude 3.5 Haiku',
      developer: 'Anthropic',
      aliases: ['claude-3-5-haiku-20241022', 'claude-3-5-haiku-latest', 'claude-3.5-haiku'],
      ...dense(8, 28),
      contextLength: 200_000,
      source: `${ECOLOGITS}: dense 8–28B`,
    },
    {
      id: 'claude-haiku-4-5',
      name: 'Claude Haiku 4.5',
      developer: 'Anthropic',
      aliases: ['claude-haiku-4-5-20251001', 'claude-haiku-4.5'],
      ...dense(10, 35),
      contextLength: 200_000,
      source: `${ECOLOGITS}: dense 10–35B`,
    },
    {
      id: 'claude-opus-4',
      name: 'Claude Opus 4 / 4.1',
      developer: 'Anthropic',
      aliases: ['claude-opus-4-20250514', 'claude-opus-4-0', 'claude-opus-4-1', 'claude-opus-4-1-20250805', 'claude-4-opus', 'claude-3-opus', 'claude-3-opus-20240229', 'claude-3-opus-latest'],
      ...moe(2000, 200, 600),
      contextLength: 200_000,
      source: `${ECOLOGITS}: Claude 3 Opus, Opus 4 and 4.1 MoE 2000B, 200–600B active`,
    },
    {
      id: 'claude-opus-4-5',
      name: 'Claude Opus 4.5',
      developer: 'Anthropic',
      aliases: ['claude-opus-4-5-20251101', 'claude-opus-4.5', 'claude-opus-4-6'],
      ...moe(670, 67, 200),
      contextLength: 200_000,
      source: `${ECOLOGITS}: Opus 4.5/4.6 MoE 670B, 67–200B active`,
    },
    // ------------------------------------------------------------------------------------------------ Google
    {
      id: 'gemini-2.0-flash',
      name: 'Gemini 2.0 Flash',
      developer: 'Google',
      // Flash Thinking is Gemini 2.0 Flash with reasoning enabled (Google, Dec 2024); its thoughts are reasoning tokens.
      aliases: ['gemini-2.0-flash-001', 'gemini-2.0-flash-exp', 'gemini-2.0-flash-thinking', 'gemini-2.0-flash-thinking-exp-01-21'],
      ...moe(440, 44, 132),
      contextLength: 1_048_576,
      source: `${ECOLOGITS}: MoE 440B, 44–132B active`,
    },
    {
      id: 'gemini-2.5-flash',
      name: 'Gemini 2.5 Flash',
      developer: 'Google',
      aliases: ['gemini-2.5-flash-preview-05-20', 'gemini-flash-latest', 'gemini-2.5-flash-image'],
      ...moe(440, 44, 132),
      contextLength: 1_048_576,
      source: `${ECOLOGITS}: MoE 440B, 44–132B active (the Gemini 2.5 report describes sparse MoE models)`,
    },
    {
      id: 'gemini-2.0-flash-lite',
      name: 'Gemini 2.0 Flash-Lite',
      developer: 'Google',
      aliases: ['gemini-2.0-flash-lite-001'],
      ...dense(8, 28),
      contextLength: 1_048_576,
      source: `${ECOLOGITS}: dense 8–28B`,
    },
    {
      id: 'gemini-2.5-flash-lite',
      name: 'Gemini 2.5 Flash-Lite',
      developer: 'Google',
      aliases: ['gemini-2.5-flash-lite-preview-06-17', 'gemini-flash-lite-latest'],
      ...dense(8, 28),
      contextLength: 1_048_576,
      source: `${ECOLOGITS}: dense 8–28B`,
    },
    {
      id: 'gemini-2.5-pro',
      name: 'Gemini 2.5 Pro',
      developer: 'Google',
      aliases: ['gemini-2.5-pro-preview-06-05', 'gemini-pro-latest'],
      ...moe(2000, 200, 600),
      contextLength: 1_048_576,
      source: `${ECOLOGITS}: MoE 2000B, 200–600B active`,
    },
    // ----------------------------------------------------------------------------------------------- Mistral
    {
      id: 'mistral-large-2',
      name: 'Mistral Large 2 (API)',
      developer: 'Mistral AI',
      aliases: ['mistral-large-latest', 'mistral-large-2407', 'mistral-large-2411', 'mistral-large'],
      architecture: 'dense',
      totalParams: exact(123 * B),
      activeParams: exact(123 * B),
      contextLength: 131_072,
      source: 'Mistral AI, "Large Enough" announcement (Jul 2024): 123B dense; EcoLogits models.json: 123B',
      notes: 'Parameter count published; layer shape not taken from the released config here.',
    },
    {
      id: 'mistral-medium-3',
      name: 'Mistral Medium 3 (API)',
      developer: 'Mistral AI',
      aliases: ['mistral-medium-latest', 'mistral-medium-2505', 'mistral-medium-2508', 'mistral-medium-3.1', 'mistral-medium'],
      ...dense(24, 123, 70),
      contextLength: 131_072,
      source: 'assumed: between Mistral Small 3 (24B) and Mistral Large 2 (123B), the published sizes around it; not disclosed',
      notes: 'Size not disclosed (flagged).',
    },
    // ------------------------------------------------------------------------------------------------ Cohere
    {
      id: 'command-r',
      name: 'Command R',
      developer: 'Cohere',
      aliases: ['command-r-08-2024', 'command-r-03-2024', 'c4ai-command-r-v01'],
      ...dense(32, 35, 35),
      contextLength: 128_000,
      source: 'Cohere model cards on Hugging Face: c4ai-command-r-v01 35B (2024-03), c4ai-command-r-08-2024 32B',
    },
    {
      id: 'command-r-plus',
      name: 'Command R+',
      developer: 'Cohere',
      aliases: ['command-r-plus-08-2024', 'command-r-plus-04-2024', 'c4ai-command-r-plus'],
      architecture: 'dense',
      totalParams: exact(104 * B),
      activeParams: exact(104 * B),
      contextLength: 128_000,
      source: 'Cohere model card on Hugging Face: c4ai-command-r-plus 104B (2024-04)',
    },
    {
      id: 'command-a',
      name: 'Command A',
      developer: 'Cohere',
      aliases: ['command-a-03-2025', 'c4ai-command-a-03-2025', 'command-a-reasoning', 'command-a-translate', 'command-a-vision'],
      architecture: 'dense',
      totalParams: exact(111 * B),
      activeParams: exact(111 * B),
      contextLength: 256_000,
      source: 'Cohere model card on Hugging Face: c4ai-command-a-03-2025 111B (2025-03)',
    },
    {
      id: 'command-r7b',
      name: 'Command R7B',
      developer: 'Cohere',
      aliases: ['command-r7b-12-2024', 'c4ai-command-r7b-12-2024', 'command-r7b-arabic'],
      architecture: 'dense',
      totalParams: exact(7 * B),
      activeParams: exact(7 * B),
      contextLength: 128_000,
      source: 'Cohere model card on Hugging Face: c4ai-command-r7b-12-2024, 7B',
    },
    // ----------------------------------------------------- added from EcoLogits 0.9.3's registry (issue 16)
    // Each range is EcoLogits' estimate (ECO093) unless the entry says otherwise; API-only spellings (audio,
    // realtime, search, transcribe, tts, codex variants) are aliases of the model EcoLogits gives the same range.
    {
      id: 'gpt-3.5-turbo',
      name: 'GPT-3.5 Turbo',
      developer: 'OpenAI',
      aliases: ['gpt-3.5-turbo-16k', 'gpt-3.5-turbo-instruct', 'gpt-35-turbo', 'gpt-35-turbo-16k', 'gpt-35-turbo-instruct'],
      ...dense(20, 70),
      contextLength: 16_385,
      source: `${ECO093}: gpt-3.5-turbo family dense 20–70B (Azure spells it gpt-35-turbo)`,
    },
    {
      id: 'gpt-5.4',
      name: 'GPT-5.4',
      developer: 'OpenAI',
      aliases: ['gpt-5.4-pro'],
      ...moe(450, 45, 150),
      contextLength: 400_000,
      source: `${ECO093}: MoE 450B, 45–150B active`,
      notes:
        'Context length assumed as GPT-5’s. gpt-5.4-pro is read as gpt-5.4 (more compute per request, reported as reasoning ' +
        'tokens), as o1-pro and gpt-5-pro are here; EcoLogits instead gives the -pro models 12× the parameters (5400B).',
    },
    {
      id: 'claude-3-haiku',
      name: 'Claude 3 Haiku',
      developer: 'Anthropic',
      aliases: ['claude-3-haiku-20240307'],
      ...moe(300, 30, 90),
      contextLength: 200_000,
      source: `${ECO093}: MoE 300B, 30–90B active`,
    },
    {
      id: 'gemini-3-pro',
      name: 'Gemini 3 Pro / 3.1 Pro',
      developer: 'Google',
      aliases: ['gemini-3-pro-image-preview', 'gemini-3.1-pro', 'gemini-3.1-pro-preview-customtools'],
      ...moe(1200, 120, 360),
      contextLength: 1_048_576,
      source: `${ECO093}: Gemini 3 Pro, 3 Pro Image and 3.1 Pro MoE 1200B, 120–360B active`,
    },
    {
      id: 'gemini-3.1-flash-image',
      name: 'Gemini 3.1 Flash Image',
      developer: 'Google',
      aliases: [],
      ...moe(1200, 120, 360),
      contextLength: 1_048_576,
      source: `${ECO093}: gemini-3.1-flash-image-preview MoE 1200B, 120–360B active (EcoLogits gives it the Gemini 3 Pro size)`,
    },
    {
      id: 'gemini-3-flash',
      name: 'Gemini 3 Flash',
      developer: 'Google',
      aliases: [],
      ...moe(300, 100, 300),
      contextLength: 1_048_576,
      source: `${ECO093}: gemini-3-flash-preview MoE 300B, 100–300B active`,
    },
    {
      id: 'gemini-3.1-flash-lite',
      name: 'Gemini 3.1 Flash-Lite',
      developer: 'Google',
      aliases: [],
      ...dense(30, 105),
      contextLength: 1_048_576,
      source: `${ECO093}: gemini-3.1-flash-lite-preview dense 30–105B`,
    },
    published('gemma-3-1b-it', 'Gemma 3 1B IT', 'Google', ['gemma-3-1b', 'gemma3:1b'], 1, 32_768, 'google/gemma-3-1b-it'),
    published('gemma-3-4b-it', 'Gemma 3 4B IT', 'Google', ['gemma-3-4b', 'gemma3:4b'], 4.3, 131_072, 'google/gemma-3-4b-it'),
    published('gemma-3n-e2b-it', 'Gemma 3n E2B IT', 'Google', ['gemma-3n-e2b'], 5.44, 32_768, 'google/gemma-3n-E2B-it'),
    published('gemma-3n-e4b-it', 'Gemma 3n E4B IT', 'Google', ['gemma-3n-e4b'], 7.85, 32_768, 'google/gemma-3n-E4B-it'),
    published('codestral', 'Codestral', 'Mistral AI', ['codestral-2411-rc5'], 22.2, 256_000, 'mistralai/Codestral-22B-v0.1'),
    published('devstral-2', 'Devstral 2', 'Mistral AI', ['devstral', 'devstral-2512'], 125, 256_000),
    published('devstral-small', 'Devstral Small', 'Mistral AI', [], 23.6, 131_072, 'mistralai/Devstral-Small-2507'),
    published('devstral-small-2', 'Devstral Small 2', 'Mistral AI', ['labs-devstral-small'], 24, 262_144),
    published('magistral-small', 'Magistral Small', 'Mistral AI', [], 23.6, 131_072, 'mistralai/Magistral-Small-2509'),
    published('ministral-3b', 'Ministral 3 3B', 'Mistral AI', [], 3.32, 262_144),
    published('ministral-8b', 'Ministral 3 8B', 'Mistral AI', [], 8.02, 262_144),
    published('ministral-14b', 'Ministral 3 14B', 'Mistral AI', [], 14, 262_144),
    published('pixtral-12b', 'Pixtral 12B', 'Mistral AI', [], 12, 131_072, 'mistralai/Pixtral-12B-2409'),
    published('pixtral-large', 'Pixtral Large', 'Mistral AI', ['mistral-large-pixtral'], 123, 131_072, 'mistralai/Pixtral-Large-Instruct-2411'),
    published('mistral-nemo', 'Mistral NeMo 12B', 'Mistral AI', ['open-mistral-nemo'], 12.2, 131_072, 'mistralai/Mistral-Nemo-Instruct-2407'),
    published('voxtral-mini', 'Voxtral Mini', 'Mistral AI', ['voxtral-mini-transcribe'], 4.68, 32_768, 'mistralai/Voxtral-Mini-3B-2507'),
    published('voxtral-small', 'Voxtral Small', 'Mistral AI', [], 24.3, 32_768, 'mistralai/Voxtral-Small-24B-2507'),
    {
      id: 'devstral-medium',
      name: 'Devstral Medium',
      developer: 'Mistral AI',
      aliases: [],
      ...dense(70, 120),
      contextLength: 131_072,
      source: `${ECO093}: dense 70–120B (not released)`,
    },
    {
      id: 'magistral-medium',
      name: 'Magistral Medium',
      developer: 'Mistral AI',
      aliases: [],
      ...dense(70, 120),
      contextLength: 131_072,
      source: `${ECO093}: dense 70–120B (not released)`,
    },
    published('aya-expanse-8b', 'Aya Expanse 8B', 'Cohere', ['c4ai-aya-expanse-8b'], 8.03, 8_192, 'CohereLabs/aya-expanse-8b'),
    published('aya-expanse-32b', 'Aya Expanse 32B', 'Cohere', ['c4ai-aya-expanse-32b'], 32.3, 131_072, 'CohereLabs/aya-expanse-32b'),
    published('aya-vision-8b', 'Aya Vision 8B', 'Cohere', ['c4ai-aya-vision-8b'], 8.63, 16_384, 'CohereLabs/aya-vision-8b'),
    published('aya-vision-32b', 'Aya Vision 32B', 'Cohere', ['c4ai-aya-vision-32b'], 33.1, 16_384, 'CohereLabs/aya-vision-32b'),
  ];
}

/**
 * API names of open-weight models, mapped to the open catalog's ids (src/catalog/models.ts). Providers serve these
 * under their own names.
 */
export const API_NAMES_OF_OPEN_MODELS: Readonly<Record<string, string>> = {
  'mistral-small-latest': 'mistral-small-24b-instruct-2501',
  'mistral-small-2503': 'mistral-small-24b-instruct-2501',
  'mistral-small-2506': 'mistral-small-24b-instruct-2501',
  'open-mistral-7b': 'mistral-7b-instruct-v0.3',
  'open-mixtral-8x7b': 'mixtral-8x7b-instruct-v0.1',
  // EcoLogits 0.9.3 lists mistral-tiny-2407 as 7.3B (Mistral 7B) and labs-mistral-small-creative as 23.6B (Small 3.x).
  // Only the two dated names: a bare `mistral-tiny` would make any `mistral-tiny-NNNN` resolve by suffix stripping.
  'mistral-tiny-2407': 'mistral-7b-instruct-v0.3',
  'mistral-tiny-latest': 'mistral-7b-instruct-v0.3',
  'labs-mistral-small-creative': 'mistral-small-24b-instruct-2501',
};
