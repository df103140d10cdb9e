/**
 * The deployment-physics method: a fully specified InferenceDeployment (known hardware, count, precision, batch,
 * site) evaluated by the core physical model. Tokens follow `estimate inference`: `outputTokens` excludes the
 * reasoning tokens, which are given beside it.
 */
import {
  type InferenceDeployment,
  type InferenceEstimate,
  type InferenceRequest,
  prepareInference,
  prepareInferenceNumbers,
  inferenceCoefficients,
} from '../../core/inference.js';
import type { EstimateMethod } from '../estimate-method.js';

export const deploymentPhysics = {
  id: 'deployment',
  prepare(deployment: InferenceDeployment) {
    const infer = prepareInference(deployment);
    return { estimate: infer, perRequest: (t) => infer(t).perRequest };
  },
  prepareNumbers: prepareInferenceNumbers,
  prepareCoefficients: inferenceCoefficients,
} satisfies EstimateMethod<InferenceDeployment, InferenceRequest, InferenceEstimate, InferenceEstimate['perRequest']>;
