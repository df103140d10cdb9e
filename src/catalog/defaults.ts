/**
 * Modelling defaults that are assumptions, not facts: each says so, with the reasoning and the source it leans on.
 * Every one of them appears in the trace of an estimate that uses it.
 */
import { range } from '../core/range.js';
import { sourced } from '../core/quantity.js';

/**
 * Average concurrent sequences per replica when the serving regime is unknown. ML.ENERGY v3 shows production-like
 * vLLM serving on H100 between 8 and 512; EcoLogits fixes 64. We take 64 with a wide 16–256 range.
 */
export const DEFAULT_BATCH = sourced(
  range(64, 16, 256),
  'assumption: EcoLogits v0.9 default batch 64; range spans ML.ENERGY v3 chat configurations (Chung et al. 2025)',
  true,
);

/**
 * Host (CPU, DRAM, NIC) utilisation during serving, as a fraction of the host's full-load power share. Google's
 * 2025 Gemini serving breakdown puts host CPU/DRAM at 0.43× accelerator energy (Elsworth et al., arXiv 2508.15734);
 * 0.6 of a DGX-class host share lands near that ratio on H100.
 */
export const DEFAULT_HOST_UTILISATION = sourced(
  range(0.6, 0.4, 0.8),
  'assumption, checked against Elsworth et al. 2025 (arXiv 2508.15734) host/accelerator ratio 0.43',
  true,
);

/** Idle/provisioned capacity energy as a share of active server energy: Google 2025 reports idle ≈ 10% of 0.24 Wh (≈ 0.12× active). */
export const DEFAULT_IDLE_SHARE = sourced(
  range(0.12, 0.05, 0.2),
  'Elsworth et al. 2025 (arXiv 2508.15734): idle machines ≈ 10% of comprehensive energy; range assumed',
  true,
);

/**
 * A prefix-cache hit skips the prefill GEMMs; attention over the cached prefix and the KV copy remain. Providers
 * price cached input at 10% (OpenAI, Anthropic cache reads, 2025 price lists) — a price signal only; we assume
 * 0.1 of an uncached input token's energy, 0.05–0.25.
 */
export const DEFAULT_CACHED_INPUT_FACTOR = sourced(
  range(0.1, 0.05, 0.25),
  'assumption: prefix-cache hit skips prefill GEMMs; provider cache-read price 0.1× as a cross-check',
  true,
);

/** Typical request shape used to set batch context when the caller gives none (chat turn). */
export const DEFAULT_INPUT_TOKENS = 1000;
export const DEFAULT_OUTPUT_TOKENS = 500;
