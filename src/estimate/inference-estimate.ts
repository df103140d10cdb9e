/**
 * The inference estimate use case for a validated `InferenceEstimateRequest` (inference-request.ts): the tokens
 * checked against each other, the deployment resolved (typical tokens default to this request's), one estimate.
 * The HTTP API calls it; the CLI's `estimate inference` builds the same request from its flags.
 */
import { ConflictingInputError } from '../core/errors.js';
import type { InferenceEstimate } from '../core/inference.js';
import { estimateDeploymentRequest, resolveInferenceDeployment } from './inference-deployment.js';
import type { InferenceEstimateRequest } from './inference-request.js';

export function estimateInferenceRequest(r: InferenceEstimateRequest): InferenceEstimate {
  const t = r.request;
  const cached = t.cachedInputTokens ?? 0;
  if (cached > t.inputTokens) {
    throw new ConflictingInputError(`cachedInputTokens (${cached}) cannot exceed inputTokens (${t.inputTokens}): cached tokens are part of the prompt.`, { field: 'request.cachedInputTokens' });
  }
  const { deployment } = resolveInferenceDeployment({
    typicalInputTokens: Math.max(t.inputTokens, 1),
    typicalOutputTokens: Math.max(t.outputTokens + (t.reasoningTokens ?? 0), 1),
    ...r.deployment,
  });
  return estimateDeploymentRequest(deployment, t);
}
