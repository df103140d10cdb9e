/**
 * Anthropic Admin API messages usage report (`GET /v1/organizations/usage_report/messages`): pages
 * `{"data": [{"starting_at", "ending_at", "results": [...]}], "has_more", "next_page"}`, as `tokenprint pull
 * anthropic` writes them (one page per line). Results carry `uncached_input_tokens`, `cache_read_input_tokens`,
 * `cache_creation.{ephemeral_5m_input_tokens, ephemeral_1h_input_tokens}`, `output_tokens` and the `group_by` keys
 * (`model`, `workspace_id`, `api_key_id`, `service_tier`, `context_window`, `inference_geo`…).
 * https://platform.claude.com/docs/en/api/admin-api/usage-cost/get-messages-usage-report
 *
 * Token convention: input = uncached + cache creation (5 m and 1 h) + cache read; cached = cache read; output as
 * given. The report has no request count: the aggregate's `requests` is unknown, and the ledger says so (its
 * per-request terms rest on an assumed request size, flagged on the row).
 */
import { RecordError } from '../normalize.js';
import { aggregateFormat, apiCount, type Bucket } from '../aggregate-format.js';
import { isObject } from '../sniff.js';
import { byWindow, DAY_MS, type AggregateWriter } from '../bucket-writer.js';

/** One page per day, one result per model and workspace (tokenprint's team as the workspace id); no request count. */
const writer: AggregateWriter = {
  windowMs: DAY_MS,
  represents: (e) => e.provider === 'anthropic',
  drops: ['reasoningTokens'],
  lines: (buckets) =>
    byWindow(buckets).map((day) =>
      JSON.stringify({
        data: [
          {
            starting_at: new Date(day[0].startMs).toISOString().replace('.000Z', 'Z'),
            ending_at: new Date(day[0].endMs).toISOString().replace('.000Z', 'Z'),
            results: day.map((b) => ({
              uncached_input_tokens: b.inputTokens - b.cachedInputTokens,
              cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 0 },
              cache_read_input_tokens: b.cachedInputTokens,
              output_tokens: b.outputTokens,
              server_tool_use: { web_search_requests: 0 },
              api_key_id: b.app ?? null,
              workspace_id: b.team ?? null,
              model: b.model,
              service_tier: 'standard',
              context_window: null,
            })),
          },
        ],
        has_more: false,
        next_page: null,
      }),
    ),
};

function time(v: unknown, field: string): number {
  const ms = typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) throw new RecordError(`${field}: expected an RFC 3339 time, got '${String(v).slice(0, 40)}'`);
  return ms;
}

export const anthropicUsageReader = aggregateFormat({
  format: 'anthropic-usage',
  title: 'Anthropic Admin API messages usage report buckets (tokenprint pull anthropic)',
  provider: 'anthropic',
  groupKeys: ['workspace_id', 'api_key_id', 'account_id', 'service_account_id', 'service_tier', 'context_window', 'inference_geo', 'speed'],
  detect(s) {
    if (s.layout !== 'lines' && s.layout !== 'document') return false;
    const v = s.value;
    if (!isObject(v) || !Array.isArray(v.data)) return false;
    const b = v.data[0];
    return isObject(b) && 'starting_at' in b && 'results' in b;
  },
  buckets(page, bad) {
    if (!isObject(page) || !Array.isArray(page.data)) throw new RecordError('not a usage report page (no data array of buckets)');
    const out: Bucket[] = [];
    for (const b of page.data) {
      try {
        if (!isObject(b) || !Array.isArray(b.results)) throw new RecordError('bucket: expected starting_at, ending_at and a results array');
        out.push({ startMs: time(b.starting_at, 'starting_at'), endMs: time(b.ending_at, 'ending_at'), results: b.results });
      } catch (e) {
        if (e instanceof RecordError) bad(e, b);
        else throw e;
      }
    }
    return out;
  },
  counts(r) {
    const cc = isObject(r.cache_creation) ? r.cache_creation : {};
    const creation =
      apiCount(cc.ephemeral_5m_input_tokens, 'cache_creation.ephemeral_5m_input_tokens') +
      apiCount(cc.ephemeral_1h_input_tokens, 'cache_creation.ephemeral_1h_input_tokens') +
      // The same figures under their flat names (older report shape).
      apiCount(r.cache_creation_5m_input_tokens, 'cache_creation_5m_input_tokens') +
      apiCount(r.cache_creation_1h_input_tokens, 'cache_creation_1h_input_tokens');
    const read = apiCount(r.cache_read_input_tokens, 'cache_read_input_tokens');
    return {
      // No request count in the report.
      requests: undefined,
      inputTokens: apiCount(r.uncached_input_tokens, 'uncached_input_tokens') + creation + read,
      cachedInputTokens: read,
      outputTokens: apiCount(r.output_tokens, 'output_tokens'),
      reasoningTokens: 0,
    };
  },
  aggregateWriter: writer,
});
