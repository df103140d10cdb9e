/**
 * The request of the API-call estimate (`tokenprint estimate call`, `estimateCall`, the coming HTTP API) as a zod
 * schema: one definition for the CLI's shape, the API's validation and its OpenAPI document.
 */
import { z } from 'zod';
import { BOUNDARIES } from '../core/trace.js';
import type { Boundary } from '../core/trace.js';
import { CALL_METHODS, type CallInput, type CallMethod, type CallOptions } from './call-types.js';
import type { Assert, SameShape } from './site-request.js';

const tokens = z.number().int().nonnegative();

export const CallRequestSchema = z
  .object({
    provider: z.string().min(1).describe('API provider id (openai, anthropic, …) or an OTel gen_ai.provider.name'),
    model: z.string().min(1).describe('model name as the API reports it'),
    region: z.string().min(1).optional().describe('grid zone or cloud region; default: the provider’s'),
    inputTokens: tokens.describe('all prompt tokens, cached ones included'),
    cachedInputTokens: tokens.optional().describe('prompt tokens served from the prefix cache (≤ inputTokens)'),
    outputTokens: tokens.describe('all generated tokens, reasoning ones included'),
    reasoningTokens: tokens.optional().describe('reasoning tokens (≤ outputTokens)'),
    latencyMs: z.number().nonnegative().optional().describe('wall-clock latency of the call, ms'),
    method: z.enum(CALL_METHODS as [CallMethod, ...CallMethod[]]).optional().describe('estimation method (default tokenprint)'),
    boundary: z.enum(BOUNDARIES as [Boundary, ...Boundary[]]).optional().describe('energy boundary (default facility)'),
    mode: z.enum(['strict', 'lenient']).optional().describe('strict: unknown ids fail; lenient: flagged fallbacks'),
  })
  .strict();

export type CallRequest = z.infer<typeof CallRequestSchema>;
export type _CallRequestMatches = Assert<SameShape<CallRequest, CallInput & CallOptions>>;

/** Splits a validated request into estimateCall's two arguments. */
export function callArguments(r: CallRequest): { input: CallInput; options: CallOptions } {
  const { method, boundary, mode, ...input } = r;
  return { input, options: { ...(method ? { method } : {}), ...(boundary ? { boundary } : {}), ...(mode ? { mode } : {}) } };
}
