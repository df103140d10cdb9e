/**
 * What the SDK integrations share: options, a never-throwing estimate, and the way a footprint is attached to an
 * SDK object (a non-enumerable `footprint` property, so `JSON.stringify(response)` and the caller's types stay as
 * they were). No SDK is imported here.
 */
import type { Boundary } from '../core/trace.js';
import { type CallEstimate, type CallEstimator, type CallMethod, type CallTokens, prepareCallEstimator } from '../estimate/call-estimate.js';
import { EstimatorCache } from '../estimate/estimator-cache.js';

export type { CallEstimate } from '../estimate/call-estimate.js';

export interface FootprintOptions {
  /** Provider profile (`openai`, `azure-openai`, `together`…); default: guessed from the client's base URL. */
  readonly provider?: string;
  /** Grid zone or cloud region where the calls run (`azure:swedencentral`, `FR`); default: the provider's. */
  readonly region?: string;
  readonly method?: CallMethod;
  readonly boundary?: Boundary;
  /** Called with every footprint (streams: when the stream ends). Errors thrown here are swallowed. */
  readonly onFootprint?: (footprint: CallEstimate) => void;
  /** Called if estimating fails (it should not); default: ignored, the response is returned untouched. */
  readonly onError?: (error: unknown) => void;
}

/** Token counts as an SDK reported them; `undefined` = not reported (flagged as missing usage, never invented). */
export interface ReportedUsage {
  readonly inputTokens?: number;
  readonly cachedInputTokens?: number;
  readonly outputTokens?: number;
  readonly reasoningTokens?: number;
}

/** The prepared estimators of one wrapped client, middleware or span processor (each owns its own). */
export function newEstimatorCache(): EstimatorCache<CallEstimator> {
  return new EstimatorCache<CallEstimator>();
}

/**
 * Lenient estimate that never throws: `undefined` only if the estimator itself failed (reported to onError).
 * `estimators` is the caller's cache, so repeated calls to one model pay a few multiplications.
 */
export function footprintFor(
  provider: string,
  model: string | undefined,
  usage: ReportedUsage | undefined,
  latencyMs: number | undefined,
  opts: FootprintOptions,
  estimators: EstimatorCache<CallEstimator>,
): CallEstimate | undefined {
  try {
    const est = prepareCallEstimator(
      { provider, model: model ?? 'unknown', region: opts.region },
      { mode: 'lenient', method: opts.method, boundary: opts.boundary },
      estimators,
    );
    const tokens: CallTokens = {
      inputTokens: usage?.inputTokens ?? Number.NaN,
      outputTokens: usage?.outputTokens ?? Number.NaN,
      cachedInputTokens: usage?.cachedInputTokens,
      reasoningTokens: usage?.reasoningTokens,
      latencyMs,
    };
    const fp = est(tokens);
    if (opts.onFootprint) {
      try {
        opts.onFootprint(fp);
      } catch {
        // A callback error must not reach the caller's request.
      }
    }
    return fp;
  } catch (e) {
    try {
      opts.onError?.(e);
    } catch {
      // An error handler that throws must not reach the caller's request either.
    }
    return undefined;
  }
}

/** Adds a non-enumerable `footprint` to an object the SDK returned (objects only; primitives are left alone). */
export function attachFootprint<T>(target: T, footprint: CallEstimate | undefined): T {
  if (target !== null && typeof target === 'object' && Object.isExtensible(target)) {
    Object.defineProperty(target, 'footprint', { value: footprint, enumerable: false, configurable: true, writable: true });
  }
  return target;
}

/** An SDK promise that can be transformed without losing its helpers (`withResponse()`, `asResponse()`). */
interface Unwrappable<T> {
  _thenUnwrap<U>(transform: (data: T) => U): unknown;
}

function isUnwrappable<T>(p: PromiseLike<T>): p is PromiseLike<T> & Unwrappable<T> {
  return typeof (p as Partial<Unwrappable<T>>)._thenUnwrap === 'function';
}

/**
 * Transforms the resolved value of an SDK promise. The official OpenAI and Anthropic SDKs return an `APIPromise`
 * whose `_thenUnwrap` keeps `.withResponse()`/`.asResponse()`; anything else falls back to `.then`.
 */
export function mapSdkPromise<T>(p: PromiseLike<T>, transform: (data: T) => T): unknown {
  if (isUnwrappable(p)) return p._thenUnwrap(transform);
  return Promise.resolve(p).then(transform);
}

/**
 * Taps an SDK stream in place: the caller iterates the same object, seeing every item `onItem` keeps (returns true
 * for), and `onEnd` runs once when iteration stops (completed, broken off, or failed). The SDKs themselves decorate
 * `[Symbol.asyncIterator]` the same way (openai `normalizeChatCompletionStream`).
 */
export function tapStream<I>(stream: AsyncIterable<I>, onItem: (item: I) => boolean, onEnd: () => void): void {
  const source = stream[Symbol.asyncIterator].bind(stream);
  let ended = false;
  const end = () => {
    if (!ended) {
      ended = true;
      onEnd();
    }
  };
  Object.defineProperty(stream, Symbol.asyncIterator, {
    configurable: true,
    writable: true,
    value: async function* tapped(): AsyncGenerator<I> {
      try {
        for await (const item of { [Symbol.asyncIterator]: source }) if (onItem(item)) yield item;
      } finally {
        end();
      }
    },
  });
}

/** Base URL → provider profile for OpenAI-compatible endpoints. */
export function providerFromBaseUrl(baseURL: string | undefined, fallback: string): string {
  const u = (baseURL ?? '').toLowerCase();
  const hosts: [string, string][] = [
    ['openai.azure.com', 'azure-openai'],
    ['azure', 'azure-openai'],
    ['api.anthropic.com', 'anthropic'],
    ['generativelanguage.googleapis.com', 'google'],
    ['aiplatform.googleapis.com', 'google'],
    ['api.mistral.ai', 'mistral'],
    ['api.cohere', 'cohere'],
    ['bedrock', 'aws-bedrock'],
    ['together', 'together'],
    ['groq.com', 'together'],
    ['fireworks.ai', 'together'],
    ['deepinfra', 'together'],
    ['openrouter.ai', 'together'],
  ];
  for (const [h, p] of hosts) if (u.includes(h)) return p;
  return fallback;
}

/** Milliseconds since `start` (performance.now()). */
export function elapsedMs(start: number): number {
  return performance.now() - start;
}

/** Only the public surface of a resource goes through the proxy; everything else is the original, bound to it. */
export function proxyWith<T extends object>(target: T, overrides: Record<string, unknown>): T {
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(t, prop) {
      if (typeof prop === 'string' && Object.hasOwn(overrides, prop)) return overrides[prop];
      const v: unknown = Reflect.get(t, prop, t);
      if (typeof v !== 'function') return v;
      let b = bound.get(prop);
      if (b === undefined) {
        b = (v as (...a: unknown[]) => unknown).bind(t);
        bound.set(prop, b);
      }
      return b;
    },
  });
}
