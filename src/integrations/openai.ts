/**
 * `withFootprint(client)` for the official `openai` package: `chat.completions.create` and `responses.create`,
 * streaming included, return what they always did plus a non-enumerable `footprint` (energy, carbon, water with
 * ranges; see docs/integrations.md). No extra network calls; the SDK is imported as types only.
 *
 * Streaming chat completions report usage only when the request sets `stream_options.include_usage`. When the caller
 * did not, the wrapper asks for it (`streamUsage: 'inject'`, the default) and hides the extra usage-only chunk and the
 * `usage: null` fields it adds, so the caller sees the same chunks as without the wrapper. Servers that reject
 * `stream_options` need `streamUsage: 'respect'`; their streams then carry a footprint flagged `missingUsage`.
 */
import type OpenAI from 'openai';
import type { APIPromise } from 'openai';
import type { Stream } from 'openai/streaming';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsBase,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from 'openai/resources/chat/completions';
import type {
  Response as OpenAIResponse,
  ResponseCreateParamsBase,
  ResponseCreateParamsNonStreaming,
  ResponseCreateParamsStreaming,
  ResponseStreamEvent,
  ResponseUsage,
} from 'openai/resources/responses/responses';
import type { CompletionUsage } from 'openai/resources/completions';
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

export interface OpenAIFootprintOptions extends FootprintOptions {
  /** `inject` (default): request usage on chat streams and hide the extra chunk; `respect`: never touch the request. */
  readonly streamUsage?: 'inject' | 'respect';
}

/** A response with its footprint (undefined only if estimating failed, which onError reports). */
export type WithFootprint<T> = T & { readonly footprint: CallEstimate | undefined };
/** A stream whose `footprint` is set when it ends (also passed to `onFootprint`). */
export type FootprintStream<T> = Stream<T> & { readonly footprint: CallEstimate | undefined };

type RequestOptions = Parameters<OpenAI['chat']['completions']['create']>[1];

export interface FootprintChatCompletions {
  create(body: ChatCompletionCreateParamsNonStreaming, options?: RequestOptions): APIPromise<WithFootprint<ChatCompletion>>;
  create(body: ChatCompletionCreateParamsStreaming, options?: RequestOptions): APIPromise<FootprintStream<ChatCompletionChunk>>;
  create(
    body: ChatCompletionCreateParamsBase,
    options?: RequestOptions,
  ): APIPromise<FootprintStream<ChatCompletionChunk> | WithFootprint<ChatCompletion>>;
}

export interface FootprintResponses {
  create(body: ResponseCreateParamsNonStreaming, options?: RequestOptions): APIPromise<WithFootprint<OpenAIResponse>>;
  create(body: ResponseCreateParamsStreaming, options?: RequestOptions): APIPromise<FootprintStream<ResponseStreamEvent>>;
  create(
    body: ResponseCreateParamsBase,
    options?: RequestOptions,
  ): APIPromise<FootprintStream<ResponseStreamEvent> | WithFootprint<OpenAIResponse>>;
}

/** The client, unchanged except that these two methods add footprints (their signatures come first). */
export type OpenAIWithFootprint<C> = { chat: { completions: FootprintChatCompletions }; responses: FootprintResponses } & C;

/** The part of the client the wrapper touches (structural, so OpenAI, AzureOpenAI and look-alikes all fit). */
interface ClientLike {
  baseURL?: string;
  chat: { completions: { create(body: never, options?: never): PromiseLike<unknown> } };
  responses?: { create(body: never, options?: never): PromiseLike<unknown> };
}

type AnyCreate = (body: Record<string, unknown>, options?: unknown) => PromiseLike<unknown>;

export function chatUsage(u: CompletionUsage | null | undefined): ReportedUsage | undefined {
  if (!u) return undefined;
  return {
    inputTokens: u.prompt_tokens,
    cachedInputTokens: u.prompt_tokens_details?.cached_tokens ?? undefined,
    outputTokens: u.completion_tokens,
    reasoningTokens: u.completion_tokens_details?.reasoning_tokens ?? undefined,
  };
}

export function responsesUsage(u: ResponseUsage | null | undefined): ReportedUsage | undefined {
  if (!u) return undefined;
  return {
    inputTokens: u.input_tokens,
    cachedInputTokens: u.input_tokens_details?.cached_tokens ?? undefined,
    outputTokens: u.output_tokens,
    reasoningTokens: u.output_tokens_details?.reasoning_tokens ?? undefined,
  };
}

export function withFootprint<C extends ClientLike>(client: C, opts: OpenAIFootprintOptions = {}): OpenAIWithFootprint<C> {
  const provider = opts.provider ?? providerFromBaseUrl(client.baseURL, 'openai');
  const estimators = newEstimatorCache();
  const completions = client.chat.completions;
  const chatCreate = (completions.create as unknown as AnyCreate).bind(completions);
  const wrappedChat = (body: Record<string, unknown>, options?: unknown): unknown => {
    const start = performance.now();
    if (body?.stream === true) {
      const so = body.stream_options as { include_usage?: boolean } | null | undefined;
      const callerAsked = so?.include_usage === true;
      const inject = !callerAsked && opts.streamUsage !== 'respect';
      const sent = inject ? { ...body, stream_options: { ...(so ?? {}), include_usage: true } } : body;
      return mapSdkPromise(chatCreate(sent, options), (s) => tapChatStream(s as Stream<ChatCompletionChunk>, provider, String(body.model), start, inject, opts, estimators));
    }
    return mapSdkPromise(chatCreate(body, options), (r) => {
      const c = r as ChatCompletion;
      return attachFootprint(c, footprintFor(provider, c?.model ?? String(body?.model), chatUsage(c?.usage), elapsedMs(start), opts, estimators));
    });
  };
  const chat = proxyWith(client.chat, { completions: proxyWith(completions, { create: wrappedChat }) });
  const overrides: Record<string, unknown> = { chat };
  const responses = client.responses;
  if (responses) {
    const respCreate = (responses.create as unknown as AnyCreate).bind(responses);
    const wrappedResponses = (body: Record<string, unknown>, options?: unknown): unknown => {
      const start = performance.now();
      if (body?.stream === true) {
        return mapSdkPromise(respCreate(body, options), (s) => tapResponseStream(s as Stream<ResponseStreamEvent>, provider, String(body.model), start, opts, estimators));
      }
      return mapSdkPromise(respCreate(body, options), (r) => {
        const res = r as OpenAIResponse;
        return attachFootprint(res, footprintFor(provider, res?.model ?? String(body?.model), responsesUsage(res?.usage), elapsedMs(start), opts, estimators));
      });
    };
    overrides.responses = proxyWith(responses, { create: wrappedResponses });
  }
  return proxyWith(client, overrides) as unknown as OpenAIWithFootprint<C>;
}

function tapChatStream(
  stream: Stream<ChatCompletionChunk>,
  provider: string,
  requestModel: string,
  start: number,
  injected: boolean,
  opts: FootprintOptions,
  estimators: EstimatorCache<CallEstimator>,
): Stream<ChatCompletionChunk> {
  if (!stream || typeof stream !== 'object' || !(Symbol.asyncIterator in stream)) return stream;
  attachFootprint(stream, undefined);
  let usage: ReportedUsage | undefined;
  let model = requestModel;
  let usageChunk: ChatCompletionChunk | undefined;
  tapStream<ChatCompletionChunk>(
    stream,
    (chunk) => {
      if (chunk?.model) model = chunk.model;
      if (chunk?.usage) {
        usage = chatUsage(chunk.usage);
        usageChunk = chunk;
        // The usage-only chunk exists because we asked for it: the caller never sees it.
        if (injected && (chunk.choices?.length ?? 0) === 0) return false;
      } else if (injected && chunk && 'usage' in chunk && chunk.usage === null) {
        delete (chunk as { usage?: unknown }).usage;
      }
      return true;
    },
    () => {
      const fp = footprintFor(provider, model, usage, elapsedMs(start), opts, estimators);
      attachFootprint(stream, fp);
      if (usageChunk && !injected) attachFootprint(usageChunk, fp);
    },
  );
  return stream;
}

function tapResponseStream(
  stream: Stream<ResponseStreamEvent>,
  provider: string,
  requestModel: string,
  start: number,
  opts: FootprintOptions,
  estimators: EstimatorCache<CallEstimator>,
): Stream<ResponseStreamEvent> {
  if (!stream || typeof stream !== 'object' || !(Symbol.asyncIterator in stream)) return stream;
  attachFootprint(stream, undefined);
  let final: OpenAIResponse | undefined;
  tapStream<ResponseStreamEvent>(
    stream,
    (ev) => {
      if (ev && (ev.type === 'response.completed' || ev.type === 'response.incomplete' || ev.type === 'response.failed')) {
        final = ev.response;
        // Attach before the caller sees the event, so `event.response.footprint` is there when it arrives.
        const fp = footprintFor(provider, final?.model ?? requestModel, responsesUsage(final?.usage), elapsedMs(start), opts, estimators);
        attachFootprint(final, fp);
        attachFootprint(stream, fp);
      }
      return true;
    },
    () => {
      if (!final) attachFootprint(stream, footprintFor(provider, requestModel, undefined, elapsedMs(start), opts, estimators));
    },
  );
  return stream;
}
