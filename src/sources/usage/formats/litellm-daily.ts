/**
 * LiteLLM proxy daily spend tables: rows of `LiteLLM_DailyTeamSpend`, `LiteLLM_DailyUserSpend`,
 * `LiteLLM_DailyOrganizationSpend` or `LiteLLM_DailyEndUserSpend`, exported as CSV with a header (psql's `\copy` of
 * the table, docs/usage-events.md shows the command) or JSON (an array of rows). Columns as in LiteLLM's Prisma
 * migrations (`add_daily_team_table`, `add_daily_user_table`, `add_end_user_spend_table`, github.com/BerriAI/litellm
 * `litellm-proxy-extras/litellm_proxy_extras/migrations/`): `date` (YYYY-MM-DD), `team_id` | `user_id` |
 * `organization_id` | `end_user_id`, `api_key`, `model`, `model_group`, `custom_llm_provider`, `prompt_tokens`,
 * `completion_tokens`, `cache_read_input_tokens`, `cache_creation_input_tokens`, `spend`, `api_requests`,
 * `successful_requests`, `failed_requests`; https://docs.litellm.ai/docs/proxy/cost_tracking (daily activity).
 *
 * One row is one bucket: the UTC day of `date`, grouped by the table's entity id, API key (hashed), model, model
 * group and provider. Token convention as LiteLLM's spend logs (litellm-usage.ts): `prompt_tokens` include cache-read
 * and cache-written tokens, `cache_read_input_tokens` is the cached subset; `completion_tokens` include reasoning
 * (no reasoning column). Request count: `api_requests` (successful and failed); the older `LiteLLM_DailyUserSpend`
 * has no such column, and its rows are booked with the request count unknown. The tables count the same traffic
 * per entity: ingest one of them, not several.
 */
import { RecordError } from '../normalize.js';
import { rowAggregateFormat, rowCount } from '../row-aggregate-format.js';
import { litellmProvider } from './litellm-usage.js';
import { csvCell } from './csv.js';
import { DAY_MS, type AggregateWriter } from '../bucket-writer.js';

/** The entity column of each daily table, and the label it gives (team or app). */
const ENTITIES = [
  ['team_id', 'team'],
  ['organization_id', 'team'],
  ['user_id', 'app'],
  ['end_user_id', 'app'],
] as const;
const GROUPS = ['team_id', 'organization_id', 'user_id', 'end_user_id', 'api_key', 'model_group', 'custom_llm_provider', 'endpoint', 'mcp_namespaced_tool_name'];

const COLUMNS = ['id', 'team_id', 'date', 'api_key', 'model', 'model_group', 'custom_llm_provider', 'prompt_tokens', 'completion_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens', 'spend', 'api_requests', 'successful_requests', 'failed_requests'];

function day(v: unknown): number {
  const s = typeof v === 'string' ? v.trim() : '';
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(s + 'T00:00:00Z') : NaN;
  if (!Number.isFinite(ms)) throw new RecordError(`date: expected a day like 2025-06-01, got '${String(v).slice(0, 40)}'`);
  return ms;
}

/** The sample month as LiteLLM_DailyTeamSpend rows: one per day, team, model and key (tokenprint's app). */
const writer: AggregateWriter = {
  extension: 'csv',
  windowMs: DAY_MS,
  drops: ['reasoningTokens'],
  lines: (buckets) => [
    COLUMNS.join(','),
    ...buckets.map((b, i) => {
      const provider = b.provider === 'self-hosted' ? 'hosted_vllm' : b.provider;
      return [`row-${i + 1}`, b.team ?? '', new Date(b.startMs).toISOString().slice(0, 10), b.app ?? 'key-default', b.model, b.deployment ?? b.model, provider, b.inputTokens, b.outputTokens, b.cachedInputTokens, 0, 0, b.requests, b.requests, 0]
        .map(csvCell)
        .join(',');
    }),
  ],
};

export const litellmDailyReader = rowAggregateFormat({
  format: 'litellm-daily',
  title: 'LiteLLM proxy daily spend tables (LiteLLM_DailyTeamSpend / DailyUserSpend / … rows, CSV or JSON)',
  isRecord: (o) => typeof o.date === 'string' && 'prompt_tokens' in o && 'completion_tokens' in o && 'spend' in o && 'api_key' in o && !('request_id' in o),
  isHeader: (c) => c.has('date') && c.has('prompt_tokens') && c.has('completion_tokens') && c.has('spend') && c.has('api_key') && !c.has('request_id'),
  bucket(o) {
    const start = day(o.date);
    if (typeof o.model !== 'string' || o.model.trim() === '') throw new RecordError('model: missing (a daily row without a model cannot be estimated)');
    const provider = litellmProvider(o.custom_llm_provider);
    if (typeof provider !== 'string' || provider === '') throw new RecordError('custom_llm_provider: missing');
    const groups: Record<string, string> = {};
    for (const k of GROUPS) if (o[k] !== undefined && o[k] !== null && o[k] !== '') groups[k] = String(o[k]);
    const labels: { team?: string; app?: string } = {};
    for (const [col, label] of ENTITIES) if (groups[col] !== undefined) labels[label] ??= groups[col];
    const selfHosted = provider === 'self-hosted';
    return {
      source: 'litellm',
      startMs: start,
      endMs: start + DAY_MS,
      provider,
      model: o.model,
      // A self-hosted model group is the deployment (as litellm-usage.ts reads the spend logs).
      deployment: selfHosted ? String(o.model_group ?? o.model) : undefined,
      requests: rowCount(o.api_requests, 'api_requests', undefined),
      inputTokens: rowCount(o.prompt_tokens, 'prompt_tokens', 0),
      cachedInputTokens: rowCount(o.cache_read_input_tokens, 'cache_read_input_tokens', 0),
      outputTokens: rowCount(o.completion_tokens, 'completion_tokens', 0),
      reasoningTokens: 0,
      groups,
      ...labels,
    };
  },
  aggregateWriter: writer,
});
