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
      aliases: ['gpt-4o-2024-05-13', 'gpt-4o-2024-08-06', 'gpt-4o-2024-11-20', 'chatgpt-4o-latest', 'gpt-4o-latest'],
      ...moe(440, 44, 132, 200),
      contextLength: 128_000,
      source: `${ECOLOGITS}: MoE 440B, 44–132B active; total low bound ${MEDEC} (~200B)`,
    },
    {
      id: 'gpt-4o-mini',
      name: 'GPT-4o mini',
      developer: 'OpenAI',
      aliases: ['gpt-4o-mini-2024-07-18'],
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
      aliases: ['gpt-5-2025-08-07', 'gpt-5-chat-latest', 'gpt-5.1', 'gpt-5.1-2025-11-13', 'gpt-5.1-chat-latest', 'gpt-5-codex', 'gpt-5.1-codex'],
      ...moe(300, 30, 90),
      contextLength: 400_000,
      source: `${ECOLOGITS}: GPT-5 and GPT-5.1 MoE 300B, 30–90B active`,
    },
    {
      id: 'gpt-5-mini',
      name: 'GPT-5 mini',
      developer: 'OpenAI',
      aliases: ['gpt-5-mini-2025-08-07', 'gpt-5.1-mini'],
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
      aliases: ['gpt-5.2-2025-12-11', 'gpt-5.2-chat-latest'],
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
      aliases: ['o4-mini-2025-04-16'],
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
      aliases: ['gemini-2.5-flash-preview-05-20', 'gemini-flash-latest'],
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
      aliases: ['command-a-03-2025', 'c4ai-command-a-03-2025'],
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
      aliases: ['command-r7b-12-2024', 'c4ai-command-r7b-12-2024'],
      architecture: 'dense',
      totalParams: exact(7 * B),
      activeParams: exact(7 * B),
      contextLength: 128_000,
      source: 'Cohere model card on Hugging Face: c4ai-command-r7b-12-2024, 7B',
    },
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
};
