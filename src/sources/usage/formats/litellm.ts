/**
 * LiteLLM proxy spend logs: rows of the `LiteLLM_SpendLogs` table, exported as CSV (a SQL `COPY … TO … CSV HEADER`
 * or the UI's export) or as JSON (`/spend/logs`, an array of rows). Columns as in LiteLLM's schema.prisma
 * (`request_id`, `startTime`, `endTime`, `model`, `custom_llm_provider`, `prompt_tokens`, `completion_tokens`,
 * `team_id`, `metadata`…); https://docs.litellm.ai/docs/proxy/cost_tracking. Conventions: litellm-usage.ts.
 */
import { objectFormat, spanMs } from '../object-format.js';
import { litellmCommonFields } from './litellm-usage.js';
import { csvCell } from './csv.js';

const COLUMNS = ['request_id', 'call_type', 'startTime', 'endTime', 'model', 'model_group', 'custom_llm_provider', 'prompt_tokens', 'completion_tokens', 'total_tokens', 'spend', 'team_id', 'end_user', 'metadata'];

export const litellmReader = objectFormat({
  format: 'litellm',
  title: 'LiteLLM proxy spend logs (LiteLLM_SpendLogs rows, CSV or JSON)',
  isRecord: (o) => typeof o.request_id === 'string' && 'startTime' in o && 'prompt_tokens' in o && 'spend' in o,
  isHeader: (c) => c.has('request_id') && c.has('startTime') && c.has('prompt_tokens') && c.has('spend'),
  fields(o) {
    const dur = o.request_duration_ms;
    // Filled in place (no spread): this runs for every row.
    const f = litellmCommonFields(o, o.metadata);
    f.id = o.request_id;
    f.latency_ms = dur !== undefined && dur !== null && dur !== '' ? Number(dur) : spanMs(f.timestamp, o.endTime);
    f.team = o.team_id;
    f.app = o.end_user;
    return f;
  },
  writer: {
    header: COLUMNS.join(','),
    line(e) {
      const start = new Date(e.timestampMs).toISOString();
      const end = new Date(e.timestampMs + (e.latencyMs ?? 0)).toISOString();
      const metadata = JSON.stringify({ usage_object: { prompt_tokens_details: { cached_tokens: e.cachedInputTokens }, completion_tokens_details: { reasoning_tokens: e.reasoningTokens } } });
      const provider = e.provider === 'self-hosted' ? 'hosted_vllm' : e.provider;
      return [e.id, 'acompletion', start, end, e.model, e.deployment ?? e.model, provider, e.inputTokens, e.outputTokens, e.inputTokens + e.outputTokens, 0, e.team, e.app, metadata].map(csvCell).join(',');
    },
  },
});
