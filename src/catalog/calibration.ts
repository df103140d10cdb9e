/** The committed inference calibration, wrapped as the core's `Calibration` (constants + error band + provenance). */
import type { Calibration } from '../core/inference.js';
import { INFERENCE_CONSTANTS, INFERENCE_FIT_ERROR, INFERENCE_CALIBRATION_VERSION } from './data/inference-calibration.js';

export function currentCalibration(): Calibration {
  return {
    constants: INFERENCE_CONSTANTS,
    // Energy range: measured/predicted spans 1/p95 … 1/p5 of predicted/measured on the fit data.
    errorLow: 1 / INFERENCE_FIT_ERROR.ratioP95,
    errorHigh: 1 / INFERENCE_FIT_ERROR.ratioP5,
    source: `fitted on ML.ENERGY v3 H100 lm-arena-chat (${INFERENCE_FIT_ERROR.configurations} configurations; Chung et al. 2025)`,
    version: INFERENCE_CALIBRATION_VERSION,
  };
}
