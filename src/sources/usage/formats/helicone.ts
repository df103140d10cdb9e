/**
 * Helicone request logs, as the export tool writes them (`npx @helicone/export --format json|jsonl|csv`,
 * https://docs.helicone.ai/tools/export) or as `POST /v1/request/query-clickhouse` returns them (`{"data": [...]}`):
 * one `HeliconeRequest` per record, fields as in the API reference
 * (https://docs.helicone.ai/rest/request/post-v1requestquery-clickhouse): `request_id`, `request_created_at`,
 * `response_created_at`, `response_status`, `model` / `response_model` / `request_model`, `provider`,
 * `prompt_tokens`, `prompt_cache_read_tokens`, `prompt_cache_write_tokens`, `completion_tokens`, `total_tokens`,
 * `delay_ms`, `request_user_id`, `request_properties` / `properties` (the `Helicone-Property-*` headers).
 *
 * Token convention: Helicone prices `prompt_tokens`, `prompt_cache_read_tokens` and `prompt_cache_write_tokens` each
 * at its own rate, so the three are read as disjoint: input = prompt + cache read + cache write, cached = cache read.
 * The record's own `total_tokens` decides when it disagrees: a total equal to prompt + completion (cache counts
 * already inside the prompt count) is read that way; a total matching neither reading refuses the row rather than
 * guess. `completion_tokens` are the provider's, reasoning included (Helicone keeps no separate reasoning count).
 * Request and response bodies are never read into the event.
 */
import { RecordError } from '../normalize.js';
import { at, objectFormat, spanMs, startOf, sumTokens } from '../object-format.js';
import { isObject } from '../sniff.js';
import { placeSubset } from '../token-parts.js';

/** Helicone `provider` values → tokenprint provider ids (others pass through, lower-cased). */
const PROVIDERS: Record<string, string> = {
  OPENAI: 'openai',
  ANTHROPIC: 'anthropic',
  AZURE: 'azure-openai',
  GOOGLE: 'google',
  VERTEX: 'google',
  GEMINI: 'google',
  BEDROCK: 'aws-bedrock',
  AWS: 'aws-bedrock',
  MISTRAL: 'mistral',
  COHERE: 'cohere',
  TOGETHER: 'together',
};
const PROVIDER_OUT: Record<string, string> = { openai: 'OPENAI', anthropic: 'ANTHROPIC', 'azure-openai': 'AZURE', google: 'GOOGLE', 'aws-bedrock': 'BEDROCK', mistral: 'MISTRAL', cohere: 'COHERE', together: 'TOGETHER' };

/** Custom properties: an object, or (CSV cells) its JSON text. */
function propertiesOf(o: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined {
  for (const v of [o.properties, o.request_properties]) {
    if (isObject(v)) return v;
    if (typeof v === 'string' && v.startsWith('{')) {
      try {
        const p: unknown = JSON.parse(v);
        if (isObject(p)) return p;
      } catch {
        throw new RecordError('properties: not a JSON object');
      }
    }
  }
  return undefined;
}

export const heliconeReader = objectFormat({
  format: 'helicone',
  title: 'Helicone request logs (npx @helicone/export JSON, JSONL or CSV; query-clickhouse pages)',
  isRecord: (o) => typeof o.request_id === 'string' && 'request_created_at' in o && ('prompt_tokens' in o || 'completion_tokens' in o),
  isHeader: (c) => c.has('request_id') && c.has('request_created_at') && c.has('prompt_tokens'),
  fields(o) {
    const status = o.response_status;
    if (status !== undefined && status !== null && status !== '' && !(Number(status) >= 200 && Number(status) < 300)) {
      throw new RecordError(`response_status ${String(status).slice(0, 8)}: not a completed request (no usage to book)`);
    }
    const read = sumTokens('prompt_cache_read_tokens', o.prompt_cache_read_tokens);
    const write = sumTokens('prompt_cache_write_tokens', o.prompt_cache_write_tokens);
    const prompt = sumTokens('prompt_tokens', o.prompt_tokens);
    const completion = o.completion_tokens;
    const total = o.total_tokens === undefined || o.total_tokens === null || o.total_tokens === '' ? undefined : sumTokens('total_tokens', o.total_tokens);
    const beside = placeSubset({ base: prompt, subset: read + write, rest: sumTokens('completion_tokens', completion), total, names: ['prompt_tokens', 'prompt_cache_read_tokens + prompt_cache_write_tokens', 'completion_tokens', 'total_tokens'] });
    const props = propertiesOf(o);
    const tags: Record<string, string> = {};
    if (props) {
      for (const k in props) {
        const v = props[k];
        if (typeof v === 'string') tags[k] = v;
      }
    }
    const user = o.request_user_id ?? o.helicone_user;
    if (typeof user === 'string' && user !== '') tags['helicone.user'] = user;
    const delay = o.delay_ms;
    const start = startOf(o.request_created_at);
    const provider = typeof o.provider === 'string' ? (PROVIDERS[o.provider.trim().toUpperCase()] ?? o.provider.toLowerCase()) : o.provider;
    return {
      id: o.request_id,
      timestamp: start,
      model: o.model ?? o.response_model ?? o.request_model,
      provider,
      region: at(props, 'region'),
      input_tokens: beside ? prompt + read + write : prompt,
      cached_input_tokens: read,
      output_tokens: completion,
      latency_ms: delay !== undefined && delay !== null && delay !== '' ? Number(delay) : spanMs(start, o.response_created_at),
      team: at(props, 'team'),
      app: at(props, 'app'),
      tags: Object.keys(tags).length ? tags : undefined,
    };
  },
  writer: {
    // Helicone keeps no reasoning count: reasoning tokens are inside completion_tokens.
    drops: ['reasoningTokens'],
    // A gateway for API providers: self-hosted deployments are not logged through it.
    represents: (e) => e.provider !== 'self-hosted',
    line(e) {
      const start = new Date(e.timestampMs).toISOString();
      const properties: Record<string, string> = {};
      if (e.team !== undefined) properties.team = e.team;
      if (e.app !== undefined) properties.app = e.app;
      if (e.region !== undefined) properties.region = e.region;
      return JSON.stringify({
        request_id: e.id,
        request_created_at: start,
        response_created_at: new Date(e.timestampMs + (e.latencyMs ?? 0)).toISOString(),
        response_status: 200,
        provider: PROVIDER_OUT[e.provider] ?? e.provider.toUpperCase(),
        model: e.model,
        prompt_tokens: e.inputTokens - e.cachedInputTokens,
        prompt_cache_read_tokens: e.cachedInputTokens,
        prompt_cache_write_tokens: 0,
        completion_tokens: e.outputTokens,
        total_tokens: e.inputTokens + e.outputTokens,
        delay_ms: e.latencyMs,
        properties,
      });
    },
  },
});

