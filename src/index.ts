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
export { estimateTraining } from './core/training.js';
export { defaultMfuRange } from './catalog/mfu-defaults.js';
export type { TrainingInput, TrainingEstimate } from './core/training.js';
export { resolveTrainingInput } from './estimate/training-deployment.js';
export { lossOf, chinchillaOptimal, inferenceAwareOptimal } from './core/scaling.js';
export * from './core/metrics.js';
export { Tracker } from './measure/tracker.js';
export { parseRunFile, loadRunFile, runSchema } from './disclose/run-file.js';
export { discloseEuAiAct } from './disclose/eu-ai-act.js';
export { discloseModelCard } from './disclose/model-card.js';
export { discloseGhg } from './disclose/ghg.js';
export { discloseEsrs } from './disclose/esrs.js';
export { discloseSciLedger, discloseSciRun } from './disclose/sci.js';
export { discloseEnergyScore } from './disclose/energy-score.js';
export { auditDeployment, auditLedgerDeployment } from './disclose/audit.js';
export type { DisclosureDocument, Figure as DisclosedFigure } from './disclose/document.js';
export { VERSION } from './version.js';
