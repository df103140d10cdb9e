/**
 * A usage event: one LLM request as an enterprise's logs record it (docs/usage-events.md). Parsers (JSONL, CSV,
 * OTLP-JSON) turn their records into this shape, validated once at the edge; everything downstream trusts it.
 */
export interface UsageEvent {
  /** Provider request id (`chatcmpl-…`, `msg_…`, `gen_ai.response.id`); the idempotency key when present. */
  readonly id?: string;
  /** ms since the Unix epoch (UTC). */
  readonly timestampMs: number;
  readonly model: string;
  /** An API provider (`openai`, `anthropic`…) or `self-hosted`. */
  readonly provider: string;
  /** Name of a self-hosted deployment in the config. */
  readonly deployment?: string;
  /** Grid zone or cloud region (`FR`, `aws:us-east-1`) where the request ran, when known. */
  readonly region?: string;
  /** All prompt tokens, cached ones included (OpenTelemetry GenAI semantics). */
  readonly inputTokens: number;
  /** Subset of inputTokens served from the prefix cache. */
  readonly cachedInputTokens: number;
  /** All generated tokens, reasoning included (OpenAI `completion_tokens`, OTel `gen_ai.usage.output_tokens`). */
  readonly outputTokens: number;
  /** Subset of outputTokens spent on reasoning/thinking. */
  readonly reasoningTokens: number;
  readonly latencyMs?: number;
  readonly team?: string;
  readonly app?: string;
  /** Free tags, kept as given. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** One record read from a file: a valid event, or the reason it was refused. `line` is 1-based. */
export type ParsedRecord =
  | { readonly ok: true; readonly line: number; readonly event: UsageEvent; readonly raw: string }
  | { readonly ok: false; readonly line: number; readonly reason: string; readonly raw: string };

/** A format name in the usage-reader registry (formats/registry.ts: `USAGE_FORMAT_NAMES`). */
export type UsageFormat = string;

/** Longest accepted line, bytes; a longer one is refused as oversized (and never held whole in memory). */
export const MAX_LINE_BYTES = 1 << 20;
