/**
 * A Vercel AI SDK (`ai` package) language-model middleware: wrap any model with
 * `wrapLanguageModel({ model, middleware: footprintMiddleware() })` and every result carries
 * `providerMetadata.tokenprint` (a JSON summary of the footprint), for `generateText` and `streamText` alike
 * (streams: on the `finish` part). Imported as types only.
 */
import type { LanguageModelMiddleware } from 'ai';
import type { CallEstimate } from '../estimate/call-estimate.js';
import { type FootprintOptions, type ReportedUsage, footprintFor, newEstimatorCache } from './footprint.js';

export type { CallEstimate, FootprintOptions } from './footprint.js';

type WrapGenerate = NonNullable<LanguageModelMiddleware['wrapGenerate']>;
type GenerateResult = Awaited<ReturnType<WrapGenerate>>;
type WrapStream = NonNullable<LanguageModelMiddleware['wrapStream']>;
type StreamResult = Awaited<ReturnType<WrapStream>>;
type StreamPart = StreamResult['stream'] extends ReadableStream<infer P> ? P : never;
type Usage = GenerateResult['usage'];
type ModelLike = Parameters<WrapGenerate>[0]['model'];

/** The JSON summary put in `providerMetadata.tokenprint` (provider metadata must be plain JSON). */
export interface FootprintSummary {
  [key: string]: string | number | boolean | { [k: string]: number } | string[];
  provider: string;
  model: string;
  method: string;
  estimator: string;
  boundary: string;
  estimatedArchitecture: boolean;
  missingUsage: boolean;
  energyWh: { value: number; low: number; high: number };
  carbonG: { value: number; low: number; high: number };
  carbonMarketG: { value: number; low: number; high: number };
  waterMl: { value: number; low: number; high: number };
  embodiedCarbonG: { value: number; low: number; high: number };
  inputTokens: number;
  /** Generated tokens, reasoning included (the AI SDK's `usage.outputTokens.total`). */
  outputTokens: number;
  reasoningTokens: number;
  warnings: string[];
}

export function summarize(e: CallEstimate): FootprintSummary {
  const r = (x: { value: number; low: number; high: number }) => ({ value: x.value, low: x.low, high: x.high });
  const s: FootprintSummary = {
    provider: e.provider,
    model: e.model,
    method: e.method,
    estimator: e.estimator,
    boundary: e.boundary,
    estimatedArchitecture: e.estimatedArchitecture,
    missingUsage: e.missingUsage === true,
    energyWh: r(e.perRequest.energyWh),
    carbonG: r(e.perRequest.carbonG.location),
    carbonMarketG: r(e.perRequest.carbonG.market),
    waterMl: r(e.perRequest.waterMl),
    embodiedCarbonG: r(e.perRequest.embodiedCarbonG),
    inputTokens: e.request.inputTokens,
    outputTokens: e.request.outputTokens + e.request.reasoningTokens,
    reasoningTokens: e.request.reasoningTokens,
    warnings: [...e.warnings],
  };
  if (e.fallback) s.fallback = e.fallback;
  return s;
}

/** AI SDK usage (v5+: nested `inputTokens.total`…; v4-era flat numbers also read) → reported usage. */
export function aiSdkUsage(u: Usage | undefined): ReportedUsage | undefined {
  if (!u) return undefined;
  const flat = u as unknown as { inputTokens?: unknown; outputTokens?: unknown; cachedInputTokens?: unknown; reasoningTokens?: unknown };
  if (typeof flat.inputTokens === 'number' || typeof flat.outputTokens === 'number') {
    const num = (x: unknown) => (typeof x === 'number' ? x : undefined);
    return {
      inputTokens: num(flat.inputTokens),
      outputTokens: num(flat.outputTokens),
      cachedInputTokens: num(flat.cachedInputTokens),
      reasoningTokens: num(flat.reasoningTokens),
    };
  }
  return {
    inputTokens: u.inputTokens?.total,
    cachedInputTokens: u.inputTokens?.cacheRead,
    outputTokens: u.outputTokens?.total,
    reasoningTokens: u.outputTokens?.reasoning,
  };
}

/** `openai.chat` → `openai`; the Vercel AI Gateway (`gateway`, model `anthropic/claude-…`) → the model's prefix. */
export function providerOf(model: ModelLike): string {
  // Defensive: a custom model may leave these unset, and the middleware must never break the caller's request.
  const provider = typeof model?.provider === 'string' ? model.provider : 'unknown';
  const modelId = typeof model?.modelId === 'string' ? model.modelId : '';
  const p = provider.split('.')[0];
  if (p === 'gateway' && modelId.includes('/')) return modelId.split('/')[0];
  return p;
}

function withMetadata<T extends { providerMetadata?: Record<string, unknown> }>(x: T, fp: CallEstimate | undefined): T {
  if (!fp) return x;
  return { ...x, providerMetadata: { ...(x.providerMetadata ?? {}), tokenprint: summarize(fp) } };
}

export interface MiddlewareOptions extends FootprintOptions {}

export function footprintMiddleware(opts: MiddlewareOptions = {}): LanguageModelMiddleware {
  const estimators = newEstimatorCache();
  return {
    specificationVersion: 'v4',
    wrapGenerate: async ({ doGenerate, model }) => {
      const start = performance.now();
      const result = await doGenerate();
      const fp = footprintFor(
        opts.provider ?? providerOf(model),
        result.response?.modelId ?? model.modelId,
        aiSdkUsage(result.usage),
        performance.now() - start,
        opts,
        estimators,
      );
      return withMetadata(result, fp);
    },
    wrapStream: async ({ doStream, model }) => {
      const start = performance.now();
      const result = await doStream();
      let modelId = model.modelId;
      const tap = new TransformStream<StreamPart, StreamPart>({
        transform(part, controller) {
          if (part.type === 'response-metadata' && part.modelId) modelId = part.modelId;
          if (part.type === 'finish') {
            const fp = footprintFor(opts.provider ?? providerOf(model), modelId, aiSdkUsage(part.usage), performance.now() - start, opts, estimators);
            controller.enqueue(withMetadata(part, fp));
            return;
          }
          controller.enqueue(part);
        },
      });
      return { ...result, stream: result.stream.pipeThrough(tap) };
    },
  };
}
