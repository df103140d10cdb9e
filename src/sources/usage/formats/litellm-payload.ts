/**
 * LiteLLM `StandardLoggingPayload` objects, one per line, as a custom callback, the s3/GCS bucket loggers or a
 * generic API logger write them (https://docs.litellm.ai/docs/proxy/logging_spec): `id`, `startTime`/`endTime`
 * (epoch seconds), `model`, `custom_llm_provider`, `prompt_tokens`, `completion_tokens`, `metadata`
 * (`user_api_key_team_alias`, `user_api_key_alias`, `usage_object`…). Conventions: litellm-usage.ts.
 */
import { at, objectOf, objectFormat, spanMs } from '../object-format.js';
import { litellmCommonFields } from './litellm-usage.js';

export const litellmPayloadReader = objectFormat({
  format: 'litellm-payload',
  title: 'LiteLLM StandardLoggingPayload JSON lines (callbacks, bucket loggers)',
  isRecord: (o) => typeof o.id === 'string' && 'call_type' in o && 'prompt_tokens' in o && 'startTime' in o && ('model_group' in o || 'response_cost' in o),
  fields(o) {
    const m = objectOf(o.metadata); // parsed once when it is JSON text: three keys are read from it
    // Filled in place (no spread): this runs for every row.
    const f = litellmCommonFields(o, m);
    f.id = o.id;
    f.latency_ms = spanMs(f.timestamp, o.endTime);
    f.team = at(m, 'user_api_key_team_alias') ?? at(m, 'user_api_key_team_id');
    f.app = at(m, 'user_api_key_alias');
    return f;
  },
  writer: {
    line(e) {
      const start = e.timestampMs / 1000;
      return JSON.stringify({
        id: e.id,
        trace_id: e.id,
        call_type: 'acompletion',
        response_cost: 0,
        status: 'success',
        total_tokens: e.inputTokens + e.outputTokens,
        prompt_tokens: e.inputTokens,
        completion_tokens: e.outputTokens,
        startTime: start,
        endTime: start + (e.latencyMs ?? 0) / 1000,
        model: e.model,
        model_group: e.deployment ?? e.model,
        custom_llm_provider: e.provider === 'self-hosted' ? 'hosted_vllm' : e.provider,
        metadata: {
          user_api_key_team_alias: e.team,
          user_api_key_alias: e.app,
          usage_object: { prompt_tokens_details: { cached_tokens: e.cachedInputTokens }, completion_tokens_details: { reasoning_tokens: e.reasoningTokens } },
        },
      });
    },
  },
});
