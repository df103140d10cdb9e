/**
 * tokenprint library entry point. Import what you need:
 *   import { resolveInferenceDeployment, prepareInference, estimateCall, getModel } from 'tokenprint';
 */
export * from './core/range.js';
export * from './core/trace.js';
export * from './core/errors.js';
export * from './core/precision.js';
export * from './core/quantity.js';
export * from './core/impacts.js';
export { prepareInference, estimateInference } from './core/inference.js';
export type {
  InferenceDeployment,
  InferenceRequest,
  InferenceEstimate,
  InferenceEstimator,
  HardwareInput,
  ModelInput,
  Calibration,
} from './core/inference.js';
export type { PhysicsConstants, AcceleratorSpecs, ModelShape } from './core/inference-physics.js';
export * from './catalog/types.js';
export { getAccelerator, listAccelerators } from './catalog/accelerators.js';
export { getModel, listModels } from './catalog/models.js';
export { getZone, listZones, resolveRegion } from './catalog/grid.js';
export { resolveSite } from './catalog/site.js';
export { resolveInferenceDeployment } from './estimate/inference-deployment.js';
export type { InferenceDeploymentOptions } from './estimate/inference-deployment.js';
export { currentCalibration } from './catalog/calibration.js';
export { estimateCall, prepareCallEstimator } from './estimate/call-estimate.js';
export type { CallInput, CallOptions, CallEstimate, CallEstimator } from './estimate/call-estimate.js';
export { EstimatorCache } from './estimate/estimator-cache.js';
export { getAnyModel } from './catalog/model-lookup.js';
export { estimateTraining, defaultMfuRange } from './core/training.js';
export type { TrainingInput, TrainingEstimate } from './core/training.js';
export { resolveTrainingInput } from './estimate/training-deployment.js';
export { lossOf, chinchillaOptimal, inferenceAwareOptimal } from './core/scaling.js';
export * from './core/metrics.js';
export { Tracker } from './measure/tracker.js';
export { VERSION } from './version.js';
