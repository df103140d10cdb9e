/**
 * The request of the inference estimate (`tokenprint estimate inference`, the coming HTTP API): a deployment by ids
 * plus one request's tokens, as a zod schema (one definition for CLI, API validation and OpenAPI).
 */
import { z } from 'zod';
import { BOUNDARIES, type Boundary } from '../core/trace.js';
import { PRECISIONS, type Precision } from '../core/precision.js';
import type { InferenceRequest } from '../core/inference.js';
import type { InferenceDeploymentOptions } from './inference-deployment.js';
import { type Assert, type SameShape, rangeInput, siteRequestShape } from './site-request.js';

const tokens = z.number().int().nonnegative();

export const InferenceDeploymentRequestSchema = z
  .object({
    ...siteRequestShape,
    model: z.string().min(1).describe('catalog model id or Hugging Face name'),
    hardware: z.string().min(1).describe('accelerator id (h100-sxm, mi300x, …)'),
    gpus: z.number().int().positive().optional().describe('accelerators per replica; default: the fewest that hold the weights'),
    precision: z.enum(PRECISIONS as [Precision, ...Precision[]]).optional(),
    batch: z.union([z.number().positive(), rangeInput]).optional().describe('average concurrent sequences'),
    boundary: z.enum(BOUNDARIES as [Boundary, ...Boundary[]]).optional(),
    typicalInputTokens: tokens.optional(),
    typicalOutputTokens: tokens.optional(),
    engine: z.string().min(1).optional().describe('serving engine: vllm (default, the calibration\'s), sglang, tensorrt-llm, tgi, transformers'),
  })
  .strict();

export const InferenceTokensSchema = z
  .object({
    inputTokens: tokens,
    cachedInputTokens: tokens.optional(),
    outputTokens: tokens.describe('generated tokens, reasoning ones excluded (they go in reasoningTokens)'),
    reasoningTokens: tokens.optional(),
  })
  .strict();

export const InferenceEstimateRequestSchema = z.object({ deployment: InferenceDeploymentRequestSchema, request: InferenceTokensSchema }).strict();
export type InferenceEstimateRequest = z.infer<typeof InferenceEstimateRequestSchema>;

/** The API shape is the library's (minus `method` and `modelSpec`, which only tokenprint's own callers set). */
export type _DeploymentRequestMatches = Assert<SameShape<z.infer<typeof InferenceDeploymentRequestSchema>, Omit<InferenceDeploymentOptions, 'method' | 'modelSpec'>>>;
export type _TokensMatch = Assert<SameShape<z.infer<typeof InferenceTokensSchema>, InferenceRequest>>;
