/**
 * An aggregate usage record: what a provider's organisation usage API or a gateway's daily table reports — token
 * totals for a time window and a set of grouping keys (project, workspace, API key, model…), with a request count
 * when the source has one. It is never expanded into invented per-request rows; the ledger estimates it at the
 * bucket's mean request with a range widened for the unknown spread of request sizes (ledger/aggregate-footprint.ts).
 */

export interface UsageAggregate {
  /** Identity of the bucket: source, window and grouping keys; a re-pulled bucket has the same key. */
  readonly key: string;
  /** Window [startMs, endMs), ms since the epoch (UTC). */
  readonly startMs: number;
  readonly endMs: number;
  readonly provider: string;
  readonly model: string;
  readonly region?: string;
  /** Name of a self-hosted deployment in the config (provider `self-hosted`: vLLM metrics joined to a deployment). */
  readonly deployment?: string;
  /** Requests in the bucket; undefined where the source does not count them (Anthropic's usage report). */
  readonly requests: number | undefined;
  /** All input tokens, cached and cache-written ones included (as UsageEvent.inputTokens). */
  readonly inputTokens: number;
  /** Subset of inputTokens read from the prompt cache. */
  readonly cachedInputTokens: number;
  /** All output tokens, reasoning included. */
  readonly outputTokens: number;
  readonly reasoningTokens: number;
  /** The grouping keys as the source names them (`project_id`, `workspace_id`, `api_key_id`, `service_tier`…). */
  readonly groups: Readonly<Record<string, string>>;
  readonly team?: string;
  readonly app?: string;
}

/** One aggregate read from a file, or the reason it was refused; `line` is 1-based. */
export type ParsedAggregate = { readonly ok: true; readonly line: number; readonly aggregate: UsageAggregate; readonly raw: string };

/** Bucket identity: the same bucket pulled twice gets the same key (idempotent re-pulls). */
export function aggregateKey(source: string, startMs: number, endMs: number, groups: Readonly<Record<string, string>>, model: string): string {
  const g = Object.keys(groups)
    .sort()
    .map((k) => `${k}=${groups[k]}`)
    .join('&');
  return `agg:${source}:${startMs}-${endMs}:${model}${g ? '?' + g : ''}`;
}
