/**
 * OpenAI organisation Usage API, completions: pages of time buckets (`GET /v1/organization/usage/completions`,
 * `{"object": "page", "data": [{"object": "bucket", "start_time", "end_time", "results": [...]}], "has_more",
 * "next_page"}`), as `tokenprint pull openai` writes them (one page per line). Results are
 * `organization.usage.completions.result` with `input_tokens`, `input_cached_tokens`, `output_tokens`,
 * `num_model_requests` and the `group_by` keys (`model`, `project_id`, `api_key_id`, `user_id`, `batch`,
 * `service_tier`). https://platform.openai.com/docs/api-reference/usage/completions (shape as in the API reference
 * mirrored at https://share.apidog.com/apidoc/docs-site/370474/api-12401171 and openai-client-base 0.16's
 * UsageCompletionsResult).
 *
 * Token convention: `input_tokens` include cached and cache-write tokens ("The aggregated number of input tokens
 * used, including cached and cache-write tokens"), `input_cached_tokens` is their cached subset; `output_tokens`
 * include reasoning tokens (the API reports no separate reasoning count). Request count: `num_model_requests`.
 */
import { RecordError } from '../normalize.js';
import { aggregateFormat, apiCount, type Bucket } from '../aggregate-format.js';
import { isObject } from '../sniff.js';
import { byWindow, DAY_MS, type AggregateWriter } from '../bucket-writer.js';

/** One page per day, one result per model and project (tokenprint's team as the project id), as the API pages them. */
const writer: AggregateWriter = {
  windowMs: DAY_MS,
  represents: (e) => e.provider === 'openai',
  drops: ['reasoningTokens'],
  lines: (buckets) =>
    byWindow(buckets).map((day) =>
      JSON.stringify({
        object: 'page',
        data: [
          {
            object: 'bucket',
            start_time: day[0].startMs / 1000,
            end_time: day[0].endMs / 1000,
            results: day.map((b) => ({
              object: 'organization.usage.completions.result',
              input_tokens: b.inputTokens,
              output_tokens: b.outputTokens,
              input_cached_tokens: b.cachedInputTokens,
              input_audio_tokens: 0,
              output_audio_tokens: 0,
              num_model_requests: b.requests,
              project_id: b.team ?? null,
              user_id: null,
              api_key_id: b.app ?? null,
              model: b.model,
              batch: null,
            })),
          },
        ],
        has_more: false,
        next_page: null,
      }),
    ),
};

export const openaiUsageReader = aggregateFormat({
  format: 'openai-usage',
  title: 'OpenAI organisation Usage API completions buckets (tokenprint pull openai)',
  provider: 'openai',
  groupKeys: ['project_id', 'api_key_id', 'user_id', 'batch', 'service_tier'],
  detect(s) {
    if (s.layout !== 'lines' && s.layout !== 'document') return false;
    const v = s.value;
    if (!isObject(v) || !Array.isArray(v.data)) return false;
    const b = v.data[0];
    if (v.object === 'page' && isObject(b) && b.object === 'bucket') {
      const r = Array.isArray(b.results) ? b.results[0] : undefined;
      return r === undefined || (isObject(r) && (r.object === undefined || String(r.object).startsWith('organization.usage.completions')));
    }
    return false;
  },
  buckets(page, bad) {
    if (!isObject(page) || !Array.isArray(page.data)) throw new RecordError('not a Usage API page (no data array of buckets)');
    const out: Bucket[] = [];
    for (const b of page.data) {
      if (!isObject(b) || typeof b.start_time !== 'number' || typeof b.end_time !== 'number' || !Array.isArray(b.results)) {
        bad(new RecordError('bucket: expected start_time and end_time (epoch seconds) and a results array'), b);
        continue;
      }
      out.push({ startMs: b.start_time * 1000, endMs: b.end_time * 1000, results: b.results });
    }
    return out;
  },
  counts: (r) => ({
    requests: apiCount(r.num_model_requests, 'num_model_requests'),
    inputTokens: apiCount(r.input_tokens, 'input_tokens'),
    cachedInputTokens: apiCount(r.input_cached_tokens, 'input_cached_tokens'),
    outputTokens: apiCount(r.output_tokens, 'output_tokens'),
    reasoningTokens: 0,
  }),
  aggregateWriter: writer,
});
