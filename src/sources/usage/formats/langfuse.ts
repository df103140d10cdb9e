/**
 * Langfuse observations (the public API's `GET /api/public/observations` pages, `{"data": [...]}`, or the same
 * objects one per line), generations only: spans, events and other types are not usage and are counted as ignored.
 * Fields as in Langfuse's ObservationsView (`id`, `traceId`, `type`, `startTime`, `endTime`, `model`,
 * `usageDetails`, `metadata`); https://api.reference.langfuse.com and https://langfuse.com/docs/model-usage-and-cost.
 *
 * Token convention: `usageDetails` keys are disjoint usage types that add up to the total ("if no total usage type
 * is ingested, Langfuse sums up all usage type units"), and keys containing `input` / `output` are input / output
 * types. So input = the sum of input-side keys (cache reads and writes included), cached = the cache-read key,
 * output = the sum of output-side keys (reasoning included). Keys are read through USAGE_KEYS; a key that is neither
 * input nor output nor total rejects the row (its tokens would otherwise be lost).
 */
import { RecordError } from '../normalize.js';
import { at, objectFormat, objectOf, spanMs, startOf, sumTokens } from '../object-format.js';
import { isObject } from '../sniff.js';

/** usageDetails keys by role. Sources: Langfuse's OpenAI and Anthropic integrations' key names. */
const USAGE_KEYS: Record<string, 'input' | 'cached' | 'output' | 'reasoning' | 'total'> = {
  input: 'input',
  prompt_tokens: 'input',
  input_tokens: 'input',
  input_cached_tokens: 'cached',
  input_cache_read: 'cached',
  cache_read_input_tokens: 'cached',
  cached_tokens: 'cached',
  cache_creation_input_tokens: 'input',
  input_cache_creation: 'input',
  output: 'output',
  completion_tokens: 'output',
  output_tokens: 'output',
  output_reasoning_tokens: 'reasoning',
  output_reasoning: 'reasoning',
  reasoning_tokens: 'reasoning',
  total: 'total',
  total_tokens: 'total',
};

type Role = 'input' | 'cached' | 'output' | 'reasoning' | 'total' | undefined;

/** Roles of the keys seen so far: a file repeats a handful of keys on every row. */
const ROLE_CACHE = new Map<string, Role>();

function roleOf(key: string): Role {
  let r = ROLE_CACHE.get(key);
  if (r === undefined && !ROLE_CACHE.has(key)) {
    r = placeKey(key);
    if (ROLE_CACHE.size < 1024) ROLE_CACHE.set(key, r);
  }
  return r;
}

function placeKey(key: string): Role {
  const k = key.toLowerCase();
  const r = USAGE_KEYS[k];
  if (r !== undefined) return r;
  if (k.includes('input')) return k.includes('cache_read') || k.includes('cached') ? 'cached' : 'input';
  if (k.includes('output')) return k.includes('reasoning') ? 'reasoning' : 'output';
  return undefined;
}

type Parts = Record<'input' | 'cached' | 'output' | 'reasoning', unknown[]>;

/**
 * The usage counts of `usageDetails` by role, for sumTokens (which validates and sums each role). The common case,
 * every count a plain whole number, is summed as the keys come: one number per role, no array per part (this runs
 * for every row); otherwise every part is kept for sumTokens to read or refuse. A key of no role is refused.
 */
function roleSums(details: Readonly<Record<string, unknown>>): Parts {
  const n = { input: 0, cached: 0, output: 0, reasoning: 0 };
  let plain = true;
  for (const k in details) {
    const role = roleOf(k);
    if (role === undefined) throw new RecordError(`usageDetails.${k}: neither an input nor an output usage type (tokenprint cannot place it)`);
    if (role === 'total') continue;
    const v = details[k];
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) n[role] += v;
    else plain = false;
  }
  if (plain) return { input: [n.input], cached: [n.cached], output: [n.output], reasoning: [n.reasoning] };
  const parts: Parts = { input: [], cached: [], output: [], reasoning: [] };
  for (const k in details) {
    const role = roleOf(k);
    if (role !== 'total' && role !== undefined) parts[role].push(details[k]);
  }
  return parts;
}

/** Langfuse stores no provider: the model's family names it (an assumption, listed in docs/usage-events.md). */
function providerOf(model: unknown, metadata: unknown): unknown {
  const p = at(metadata, 'provider') ?? at(metadata, 'ls_provider');
  if (p !== undefined) return p;
  if (typeof model !== 'string') return undefined;
  const m = model.toLowerCase();
  if (/^(gpt-|o\d|chatgpt|text-embedding)/.test(m)) return 'openai';
  if (m.startsWith('claude')) return 'anthropic';
  if (m.startsWith('gemini')) return 'google';
  if (/^(mistral|mixtral|codestral|magistral)/.test(m)) return 'mistral';
  if (m.startsWith('command')) return 'cohere';
  return undefined;
}

export const langfuseReader = objectFormat({
  format: 'langfuse',
  title: 'Langfuse observations (API pages or JSON lines; generations only)',
  isRecord: (o) => typeof o.traceId === 'string' && typeof o.type === 'string' && 'startTime' in o && ('usageDetails' in o || 'usage' in o),
  fields(o) {
    if (String(o.type).toUpperCase() !== 'GENERATION') return null;
    const details = isObject(o.usageDetails) ? o.usageDetails : {};
    const sums = roleSums(details);
    const cached = sumTokens('usageDetails (cache read)', ...sums.cached);
    const reasoning = sumTokens('usageDetails (reasoning)', ...sums.reasoning);
    const meta = objectOf(o.metadata); // parsed once when it is JSON text: five keys are read from it
    const provider = providerOf(o.model, meta);
    if (provider === undefined) throw new RecordError(`provider: Langfuse does not store it and model '${String(o.model).slice(0, 60)}' does not name one; put "provider" in the observation's metadata`);
    const start = startOf(o.startTime);
    return {
      id: o.id,
      timestamp: start,
      model: o.model,
      provider,
      deployment: at(meta, 'deployment'),
      region: at(meta, 'region'),
      input_tokens: sumTokens('usageDetails (input)', ...sums.input) + cached,
      cached_input_tokens: cached,
      output_tokens: sumTokens('usageDetails (output)', ...sums.output) + reasoning,
      reasoning_tokens: reasoning,
      latency_ms: typeof o.endTime === 'string' ? spanMs(start, o.endTime) : undefined,
      team: at(meta, 'team'),
      app: at(meta, 'app') ?? o.name,
    };
  },
  writer: {
    line(e) {
      const usageDetails: Record<string, number> = { input: e.inputTokens - e.cachedInputTokens, output: e.outputTokens - e.reasoningTokens };
      if (e.cachedInputTokens) usageDetails.input_cached_tokens = e.cachedInputTokens;
      if (e.reasoningTokens) usageDetails.output_reasoning_tokens = e.reasoningTokens;
      usageDetails.total = e.inputTokens + e.outputTokens;
      return JSON.stringify({
        id: e.id,
        traceId: `trace-${e.id ?? e.timestampMs}`,
        type: 'GENERATION',
        name: e.app,
        startTime: new Date(e.timestampMs).toISOString(),
        endTime: new Date(e.timestampMs + (e.latencyMs ?? 0)).toISOString(),
        model: e.model,
        usageDetails,
        metadata: { provider: e.provider, deployment: e.deployment, region: e.region, team: e.team, app: e.app },
      });
    },
  },
});
