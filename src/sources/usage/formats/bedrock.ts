/**
 * AWS Bedrock model-invocation logs (`schemaType: "ModelInvocationLog"`), one JSON object per line as CloudWatch
 * Logs exports and the S3 delivery (`AWSLogs/<account>/BedrockModelInvocationLogs/…json.gz`) write them.
 * Shape: https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html (field list as in
 * Panther's AWS.BedrockModelInvocation schema, https://docs.panther.com/data-onboarding/supported-logs/aws/bedrock-model-invocation).
 *
 * Token convention: `input.inputTokenCount` counts the uncached input only; `cacheReadInputTokenCount` and
 * `cacheWriteInputTokenCount` come on top (Bedrock prompt caching,
 * https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html). So input = uncached + cache read +
 * cache write and cached = cache read. Request and response bodies are never read into the event (only counts).
 */
import { RecordError } from '../normalize.js';
import { objectFormat, at, sumTokens } from '../object-format.js';

export const bedrockReader = objectFormat({
  format: 'bedrock',
  title: 'AWS Bedrock model-invocation logs (CloudWatch Logs / S3 JSON lines)',
  isRecord: (o) => o.schemaType === 'ModelInvocationLog',
  fields(o) {
    const read = at(o, 'input', 'cacheReadInputTokenCount');
    const out = at(o, 'output', 'outputTokenCount');
    if (out === undefined && o.errorCode !== undefined) {
      throw new RecordError(`failed invocation (errorCode ${String(o.errorCode).slice(0, 60)}): no output token count`);
    }
    const region = o.inferenceRegion ?? o.region;
    const arn = at(o, 'identity', 'arn');
    const tags: Record<string, string> = {};
    if (typeof arn === 'string') tags['aws.arn'] = arn;
    if (typeof o.accountId === 'string') tags['aws.account'] = o.accountId;
    if (typeof o.operation === 'string') tags['aws.operation'] = o.operation;
    return {
      id: o.requestId,
      timestamp: o.timestamp,
      model: o.modelId,
      provider: 'aws-bedrock',
      region: typeof region === 'string' && region !== '' ? `aws:${region}` : undefined,
      input_tokens: sumTokens('input.inputTokenCount', at(o, 'input', 'inputTokenCount'), read, at(o, 'input', 'cacheWriteInputTokenCount')),
      cached_input_tokens: read ?? 0,
      output_tokens: out,
      latency_ms: at(o, 'output', 'outputBodyJson', 'metrics', 'latencyMs'),
      tags: Object.keys(tags).length ? tags : undefined,
    };
  },
  writer: {
    // Bedrock's log has no reasoning count: reasoning tokens are inside outputTokenCount.
    drops: ['reasoningTokens'],
    // Of the providers tokenprint knows, Bedrock serves Anthropic's models (and its own, `aws-bedrock`).
    represents: (e) => e.provider === 'aws-bedrock' || e.provider === 'anthropic',
    line(e) {
      const region = e.region?.replace(/^aws:/, '');
      const cacheRead = e.cachedInputTokens;
      return JSON.stringify({
        schemaType: 'ModelInvocationLog',
        schemaVersion: '1.0',
        timestamp: new Date(e.timestampMs).toISOString(),
        accountId: '123456789012',
        identity: { arn: `arn:aws:sts::123456789012:assumed-role/${e.team ?? 'app'}/${e.app ?? 'session'}` },
        region,
        requestId: e.id,
        operation: 'Converse',
        modelId: e.provider === 'anthropic' ? `anthropic.${e.model}-v1:0` : e.model,
        input: { inputContentType: 'application/json', inputTokenCount: e.inputTokens - cacheRead, cacheReadInputTokenCount: cacheRead, cacheWriteInputTokenCount: 0 },
        output: { outputContentType: 'application/json', outputTokenCount: e.outputTokens, outputBodyJson: { metrics: { latencyMs: e.latencyMs } } },
      });
    },
  },
});
