/**
 * Vertex AI inference request-metadata logs: one Cloud Logging `LogEntry` per Gemini `generateContent` (or Claude
 * `rawPredict`) request, exported one JSON object per line (`gcloud logging read --format=json`, a log sink to
 * Cloud Storage, or Log Analytics). The log records the model, the region, token counts (input, output, cached,
 * thought), latency, error code and the request's labels, never prompts or responses
 * (https://docs.cloud.google.com/gemini-enterprise-agent-platform/models/capabilities/inference-metadata-logging).
 * The entry is a LogEntry (`insertId`, `timestamp`, `resource.labels.location`, `labels`, `jsonPayload`,
 * https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry); the counts are read from
 * `jsonPayload.usageMetadata`, named as in Vertex's UsageMetadata message (camelCase as the REST API writes them,
 * snake_case as Log Analytics and BigQuery exports do). The page does not list the payload's keys one by one, so
 * this reader takes the UsageMetadata names (an assumption, listed in docs/usage-events.md).
 *
 * Token convention (UsageMetadata,
 * https://docs.cloud.google.com/ruby/docs/reference/google-cloud-ai_platform-v1/latest/Google-Cloud-AIPlatform-V1-UsageMetadata):
 * `promptTokenCount` includes the cached content ("when cached_content is set, this is still the total effective
 * prompt size"), so input = promptTokenCount + toolUsePromptTokenCount and cached = cachedContentTokenCount.
 * `candidatesTokenCount` counts the response without the thoughts, and `thoughtsTokenCount` comes beside it
 * (`totalTokenCount` = prompt + tool-use prompt + candidates + thoughts), so output = candidates + thoughts and
 * reasoning = thoughts. The entry's own `totalTokenCount` checks this: a total without the thoughts reads them as
 * already inside the candidates, and a total matching neither refuses the entry. Claude entries carry Anthropic's
 * usage object (`input_tokens` uncached, `cache_read_input_tokens` and `cache_creation_input_tokens` beside it).
 */
import { RecordError } from '../normalize.js';
import { at, objectFormat, sumTokens } from '../object-format.js';
import { isObject } from '../sniff.js';
import { placeSubset } from '../token-parts.js';

/** A count under its camelCase or snake_case name (direct reads: this runs for every entry). */
const count = (u: Readonly<Record<string, unknown>>, camel: string, snake: string): unknown => u[camel] ?? u[snake];

/** `publishers/google/models/gemini-2.5-flash` (or with `projects/…/locations/…/` before it) → `gemini-2.5-flash`. */
const PUBLISHER_MODEL = /^(?:projects\/[^/]+\/locations\/[^/]+\/)?publishers\/([^/]+)\/models\//;

/** A protobuf Duration as JSON (`"1.250s"`) or milliseconds, in ms. */
function durationMs(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || v.charCodeAt(v.length - 1) !== 115) return undefined; // 's'
  const n = Number(v.slice(0, -1));
  return Number.isFinite(n) && n >= 0 ? n * 1000 : undefined;
}

function addLabels(tags: Record<string, string>, src: unknown): void {
  if (!isObject(src)) return;
  for (const k in src) {
    const v = src[k];
    if (typeof v === 'string') tags[k] = v;
  }
}

export const vertexReader = objectFormat({
  format: 'vertex',
  title: 'Vertex AI inference request-metadata log entries (Cloud Logging JSON lines)',
  isRecord: (o) => {
    const p = o.jsonPayload;
    // An AI Platform resource or Gemini's usage object: a file whose first entry is a failed request is still this format.
    return isObject(p) && (isObject(p.usageMetadata) || isObject(p.usage_metadata) || String(at(o.resource, 'type')).startsWith('aiplatform.googleapis.com'));
  },
  fields(o) {
    const p = isObject(o.jsonPayload) ? o.jsonPayload : {};
    const g = p.usageMetadata ?? p.usage_metadata;
    const gemini = isObject(g) ? g : undefined;
    if (gemini === undefined && p.usage === undefined) {
      const error = p.errorCode ?? p.error_code ?? at(p, 'status', 'code');
      throw new RecordError(error !== undefined ? `failed request (error ${String(error).slice(0, 40)}): no token counts` : 'jsonPayload: no usageMetadata');
    }
    let provider: string;
    let input: number;
    let cached: number;
    let output: number;
    let reasoning: number;
    if (gemini !== undefined) {
      provider = 'google';
      const promptCount = count(gemini, 'promptTokenCount', 'prompt_token_count');
      if (promptCount === undefined || promptCount === null) throw new RecordError('usageMetadata.promptTokenCount: missing (a whole number of tokens ≥ 0 is required)');
      const prompt = sumTokens('promptTokenCount', promptCount);
      const tool = sumTokens('toolUsePromptTokenCount', count(gemini, 'toolUsePromptTokenCount', 'tool_use_prompt_token_count'));
      const candidates = sumTokens('candidatesTokenCount', count(gemini, 'candidatesTokenCount', 'candidates_token_count'));
      const thoughts = sumTokens('thoughtsTokenCount', count(gemini, 'thoughtsTokenCount', 'thoughts_token_count'));
      const t = count(gemini, 'totalTokenCount', 'total_token_count');
      const total = t === undefined || t === null ? undefined : sumTokens('totalTokenCount', t);
      const beside = placeSubset({ base: candidates, subset: thoughts, rest: prompt + tool, total, names: ['candidatesTokenCount', 'thoughtsTokenCount', 'promptTokenCount + toolUsePromptTokenCount', 'totalTokenCount'] });
      input = prompt + tool;
      cached = sumTokens('cachedContentTokenCount', count(gemini, 'cachedContentTokenCount', 'cached_content_token_count'));
      output = beside ? candidates + thoughts : candidates;
      reasoning = thoughts;
    } else {
      // Claude on Vertex: Anthropic's convention (input_tokens exclude the cache reads and writes).
      provider = 'anthropic';
      const u = p.usage;
      cached = sumTokens('usage.cache_read_input_tokens', at(u, 'cache_read_input_tokens'));
      input = sumTokens('usage.input_tokens', at(u, 'input_tokens'), at(u, 'cache_read_input_tokens'), at(u, 'cache_creation_input_tokens'));
      output = sumTokens('usage.output_tokens', at(u, 'output_tokens'));
      reasoning = 0;
    }
    const res = at(o.resource, 'labels');
    const rl = isObject(res) ? res : {};
    const model = p.model ?? p.modelVersion ?? rl.model_id;
    const location = rl.location ?? p.location;
    const tags: Record<string, string> = {};
    if (typeof rl.project_id === 'string') tags['gcp.project'] = rl.project_id;
    addLabels(tags, o.labels);
    addLabels(tags, p.requestLabels);
    addLabels(tags, p.headerLabels);
    return {
      id: p.responseId ?? p.response_id ?? o.insertId,
      timestamp: o.timestamp,
      model: typeof model === 'string' ? model.replace(PUBLISHER_MODEL, '') : model,
      provider,
      // The global endpoint names no region: the provider's default applies (config providers.google.region).
      region: typeof location === 'string' && location !== '' && location !== 'global' ? `gcp:${location}` : undefined,
      input_tokens: input,
      cached_input_tokens: cached,
      output_tokens: output,
      reasoning_tokens: reasoning,
      latency_ms: durationMs(p.latency),
      team: tags.team,
      app: tags.app,
      tags: Object.keys(tags).length ? tags : undefined,
    };
  },
  writer: {
    // The log covers Gemini (and Claude) on Vertex; of tokenprint's providers, Google's models, in GCP regions.
    represents: (e) => e.provider === 'google' && (e.region === undefined || e.region.startsWith('gcp:')),
    line(e) {
      const labels: Record<string, string> = {};
      if (e.team !== undefined) labels.team = e.team;
      if (e.app !== undefined) labels.app = e.app;
      const location = e.region?.replace(/^gcp:/, '') ?? 'global';
      const candidates = e.outputTokens - e.reasoningTokens;
      return JSON.stringify({
        insertId: `${e.id ?? e.timestampMs}-log`,
        logName: 'projects/my-project/logs/aiplatform.googleapis.com%2Finference_request_metadata',
        resource: { type: 'aiplatform.googleapis.com/PublisherModel', labels: { project_id: 'my-project', location, model_id: e.model } },
        timestamp: new Date(e.timestampMs).toISOString(),
        severity: 'INFO',
        labels,
        jsonPayload: {
          model: `publishers/google/models/${e.model}`,
          responseId: e.id,
          latency: e.latencyMs === undefined ? undefined : `${(e.latencyMs / 1000).toFixed(3)}s`,
          usageMetadata: {
            promptTokenCount: e.inputTokens,
            cachedContentTokenCount: e.cachedInputTokens,
            candidatesTokenCount: candidates,
            thoughtsTokenCount: e.reasoningTokens,
            totalTokenCount: e.inputTokens + e.outputTokens,
          },
        },
      });
    },
  },
});
