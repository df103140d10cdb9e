/**
 * What the two LiteLLM shapes share: LiteLLM reports every provider's usage in OpenAI's convention —
 * `prompt_tokens` include cached (and cache-written) ones, `completion_tokens` include reasoning ones — and keeps the
 * provider's usage object (`usage_object`: `prompt_tokens_details.cached_tokens`,
 * `completion_tokens_details.reasoning_tokens`) in the metadata when it has one
 * (https://docs.litellm.ai/docs/proxy/logging_spec, https://docs.litellm.ai/docs/completion/usage).
 */
import { at, startOf } from '../object-format.js';

/** Cached and reasoning subsets from a LiteLLM metadata's `usage_object` (absent: 0). */
export function litellmSubsets(metadata: unknown): { cached: unknown; reasoning: unknown } {
  const u = at(metadata, 'usage_object');
  return {
    cached: at(u, 'prompt_tokens_details', 'cached_tokens') ?? at(u, 'cache_read_input_tokens') ?? 0,
    reasoning: at(u, 'completion_tokens_details', 'reasoning_tokens') ?? 0,
  };
}

/** LiteLLM `custom_llm_provider` values → tokenprint provider ids (others pass through). */
const PROVIDERS: Record<string, string> = {
  azure: 'azure-openai',
  azure_ai: 'azure-openai',
  bedrock: 'aws-bedrock',
  bedrock_converse: 'aws-bedrock',
  vertex_ai: 'google',
  'vertex_ai-language-models': 'google',
  gemini: 'google',
  together_ai: 'together',
  mistral: 'mistral',
  cohere: 'cohere',
  cohere_chat: 'cohere',
  hosted_vllm: 'self-hosted',
};

/** Provider values seen so far and their ids: a file repeats a handful (trim and lower-case once each, not per row). */
const SEEN = new Map<string, string>();

export function litellmProvider(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  let p = SEEN.get(v);
  if (p === undefined) {
    p = PROVIDERS[v.trim().toLowerCase()] ?? v;
    if (SEEN.size < 1024) SEEN.set(v, p);
  }
  return p;
}

/** The fields both LiteLLM shapes map alike: time, model, provider (a self-hosted model group is the deployment), counts. */
export function litellmCommonFields(o: Readonly<Record<string, unknown>>, metadata: unknown): Record<string, unknown> {
  const { cached, reasoning } = litellmSubsets(metadata);
  const provider = litellmProvider(o.custom_llm_provider);
  return {
    timestamp: startOf(o.startTime),
    model: o.model,
    provider,
    deployment: provider === 'self-hosted' ? (o.model_group ?? o.model) : undefined,
    input_tokens: o.prompt_tokens,
    cached_input_tokens: cached,
    output_tokens: o.completion_tokens,
    reasoning_tokens: reasoning,
  };
}
