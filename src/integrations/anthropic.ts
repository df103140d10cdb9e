/**
 * `withFootprint(client)` for `@anthropic-ai/sdk`: `messages.create`, streaming included, returns what it always did
 * plus a non-enumerable `footprint`. Streams: usage comes from `message_start` (input and cache counts) and
 * `message_delta` (cumulative output); the footprint is set on the stream and on the `message_delta` event before
 * the caller sees it. Imported as types only.
 *
 * Anthropic's `input_tokens` excludes cache reads and writes; the footprint counts all three as input, cache reads as
 * cached input. `output_tokens` includes thinking tokens (`output_tokens_details.thinking_tokens`).
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { APIPromise } from '@anthropic-ai/sdk/core/api-promise';
import type { Stream } from '@anthropic-ai/sdk/streaming';
import type {
  Message,
  MessageCreateParamsBase,
  MessageCreateParamsNonStreaming,
  MessageCreateParamsStreaming,
  RawMessageStreamEvent,
} from '@anthropic-ai/sdk/resources/messages/messages';
import type { CallEstimator } from '../estimate/call-estimate.js';
import type { EstimatorCache } from '../estimate/estimator-cache.js';
import {
  type CallEstimate,
  type FootprintOptions,
  type ReportedUsage,
  attachFootprint,
  elapsedMs,
  footprintFor,
  newEstimatorCache,
  mapSdkPromise,
  providerFromBaseUrl,
  tapStream,
  proxyWith,
} from './footprint.js';

export type { CallEstimate, FootprintOptions } from './footprint.js';

export type WithFootprint<T> = T & { readonly footprint: CallEstimate | undefined };
export type FootprintStream<T> = Stream<T> & { readonly footprint: CallEstimate | undefined };

type RequestOptions = Parameters<Anthropic['messages']['create']>[1];

export interface FootprintMessages {
  create(body: MessageCreateParamsNonStreaming, options?: RequestOptions): APIPromise<WithFootprint<Message>>;
  create(body: MessageCreateParamsStreaming, options?: RequestOptions): APIPromise<FootprintStream<RawMessageStreamEvent>>;
  create(body: MessageCreateParamsBase, options?: RequestOptions): APIPromise<FootprintStream<RawMessageStreamEvent> | WithFootprint<Message>>;
}

export type AnthropicWithFootprint<C> = { messages: FootprintMessages } & C;

interface ClientLike {
  baseURL?: string;
  messages: { create(body: never, options?: never): PromiseLike<unknown> };
}

type AnyCreate = (body: Record<string, unknown>, options?: unknown) => PromiseLike<unknown>;

/** The usage fields both `Message.usage` and `message_delta.usage` may carry (nullable in newer SDKs). */
interface UsageLike {
  input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  output_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number | null } | null;
}

export function anthropicUsage(u: UsageLike | null | undefined): ReportedUsage | undefined {
  if (!u) return undefined;
  const fresh = u.input_tokens ?? undefined;
  const read = u.cache_read_input_tokens ?? 0;
  const write = u.cache_creation_input_tokens ?? 0;
  return {
    inputTokens: fresh === undefined ? undefined : fresh + read + write,
    cachedInputTokens: read,
    outputTokens: u.output_tokens ?? undefined,
    reasoningTokens: u.output_tokens_details?.thinking_tokens ?? undefined,
  };
}

export function withFootprint<C extends ClientLike>(client: C, opts: FootprintOptions = {}): AnthropicWithFootprint<C> {
  const provider = opts.provider ?? providerFromBaseUrl(client.baseURL, 'anthropic');
  const estimators = newEstimatorCache();
  const messages = client.messages;
  const create = (messages.create as unknown as AnyCreate).bind(messages);
  const wrapped = (body: Record<string, unknown>, options?: unknown): unknown => {
    const start = performance.now();
    if (body?.stream === true) {
      return mapSdkPromise(create(body, options), (s) => tapMessageStream(s as Stream<RawMessageStreamEvent>, provider, String(body.model), start, opts, estimators));
    }
    return mapSdkPromise(create(body, options), (r) => {
      const m = r as Message;
      return attachFootprint(m, footprintFor(provider, m?.model ?? String(body?.model), anthropicUsage(m?.usage), elapsedMs(start), opts, estimators));
    });
  };
  return proxyWith(client, { messages: proxyWith(messages, { create: wrapped }) }) as unknown as AnthropicWithFootprint<C>;
}

function tapMessageStream(
  stream: Stream<RawMessageStreamEvent>,
  provider: string,
  requestModel: string,
  start: number,
  opts: FootprintOptions,
  estimators: EstimatorCache<CallEstimator>,
): Stream<RawMessageStreamEvent> {
  if (!stream || typeof stream !== 'object' || !(Symbol.asyncIterator in stream)) return stream;
  attachFootprint(stream, undefined);
  let model = requestModel;
  let usage: UsageLike | undefined;
  let done = false;
  const finish = (ev?: object) => {
    const fp = footprintFor(provider, model, anthropicUsage(usage), elapsedMs(start), opts, estimators);
    attachFootprint(stream, fp);
    if (ev) attachFootprint(ev, fp);
    done = true;
  };
  tapStream<RawMessageStreamEvent>(
    stream,
    (ev) => {
      if (ev?.type === 'message_start') {
        model = ev.message?.model ?? model;
        usage = { ...(ev.message?.usage as UsageLike | undefined) };
      } else if (ev?.type === 'message_delta') {
        // message_delta usage is cumulative; later fields win, absent ones keep the message_start values.
        const d = ev.usage as UsageLike | undefined;
        if (d) {
          const merged: UsageLike = { ...usage };
          for (const [k, v] of Object.entries(d) as [keyof UsageLike, UsageLike[keyof UsageLike]][]) {
            if (v !== null && v !== undefined) (merged as Record<string, unknown>)[k] = v;
          }
          usage = merged;
        }
        finish(ev);
      }
      return true;
    },
    () => {
      if (!done) finish();
    },
  );
  return stream;
}
