/**
 * What every call method shares: the token checks (strict: invalid counts throw; lenient: treated as unknown and
 * flagged), the echoed request, and the fields and warnings that come from resolution (fallbacks, estimated
 * architecture).
 */
import { ConflictingInputError, InvalidInputError } from '../core/errors.js';
import type { CallEstimate, CallMethod, CallMode, CallTokens } from './call-types.js';
import type { ResolvedCall } from './call-resolution.js';

export function baseFields(r: ResolvedCall, estimator: CallMethod): {
  fields: Pick<CallEstimate, 'provider' | 'estimator' | 'estimatedArchitecture' | 'fallback'>;
  warnings: string[];
} {
  const fallback = r.fallbacks.length ? r.fallbacks.join('; ') : undefined;
  const warnings = [...r.fallbacks.map((f) => `fallback: ${f}`)];
  if (r.model.architectureEstimated) {
    const p = r.model.totalParams;
    warnings.push(
      p.low === p.high
        ? `${r.model.id}: parameter count published (${p.value / 1e9}B), layer shape estimated from it; source: ${r.model.source}.`
        : `${r.model.id}: architecture not published; parameter ranges from ${r.model.source}.`,
    );
  }
  return {
    fields: {
      provider: r.provider.id,
      estimator,
      estimatedArchitecture: r.model.architectureEstimated,
      ...(fallback ? { fallback } : {}),
    },
    warnings,
  };
}

export interface CheckedTokens {
  readonly input: number;
  readonly cached: number;
  readonly output: number;
  readonly reasoning: number;
  readonly missing: boolean;
  readonly notes: readonly string[];
}

const NO_NOTES: readonly string[] = [];

/**
 * The echoed request in the shape of `estimate inference`: `outputTokens` there excludes the reasoning tokens, which
 * are reported beside it (core InferenceRequest). The API convention of the input (output includes reasoning) is
 * converted here, so output + reasoning is the number of generated tokens in both commands' JSON.
 */
export function requestOf(tok: CheckedTokens): CallEstimate['request'] {
  return { inputTokens: tok.input, cachedInputTokens: tok.cached, outputTokens: tok.output - tok.reasoning, reasoningTokens: tok.reasoning };
}

function okCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0;
}

/** Strict: invalid counts throw. Lenient: an unusable count is treated as unknown (0, flagged `missingUsage`). */
export function checkTokens(t: CallTokens, mode: CallMode): CheckedTokens {
  const cachedRaw = t.cachedInputTokens ?? 0;
  const reasoningRaw = t.reasoningTokens ?? 0;
  if (okCount(t.inputTokens) && okCount(t.outputTokens) && okCount(cachedRaw) && okCount(reasoningRaw)) {
    if (cachedRaw <= t.inputTokens && reasoningRaw <= t.outputTokens) {
      return { input: t.inputTokens, cached: cachedRaw, output: t.outputTokens, reasoning: reasoningRaw, missing: false, notes: NO_NOTES };
    }
  }
  if (mode === 'strict') {
    for (const [name, v] of [
      ['inputTokens', t.inputTokens],
      ['outputTokens', t.outputTokens],
      ['cachedInputTokens', cachedRaw],
      ['reasoningTokens', reasoningRaw],
    ] as const) {
      if (!okCount(v)) throw new InvalidInputError(name, `must be a token count ≥ 0, got ${String(v)}`);
    }
    if (cachedRaw > t.inputTokens) {
      throw new ConflictingInputError(
        `cachedInputTokens (${cachedRaw}) exceeds inputTokens (${t.inputTokens}): cached tokens are part of the input tokens.`,
      );
    }
    throw new ConflictingInputError(
      `reasoningTokens (${reasoningRaw}) exceeds outputTokens (${t.outputTokens}): reasoning tokens are part of the output tokens (as OpenAI and Anthropic report them).`,
    );
  }
  const notes: string[] = [];
  const input = okCount(t.inputTokens) ? t.inputTokens : 0;
  const output = okCount(t.outputTokens) ? t.outputTokens : 0;
  if (!okCount(t.inputTokens)) notes.push('input token count missing or invalid: counted as 0 (the estimate is a lower bound).');
  if (!okCount(t.outputTokens)) notes.push('output token count missing or invalid: counted as 0 (the estimate is a lower bound).');
  const cached = okCount(cachedRaw) ? Math.min(cachedRaw, input) : 0;
  const reasoning = okCount(reasoningRaw) ? Math.min(reasoningRaw, output) : 0;
  if (cached !== cachedRaw || reasoning !== reasoningRaw) notes.push('cached/reasoning token counts were inconsistent with the totals and were clamped.');
  return { input, cached, output, reasoning, missing: !okCount(t.inputTokens) || !okCount(t.outputTokens), notes };
}
