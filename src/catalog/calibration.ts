/** The committed inference calibration, wrapped as the core's `Calibration` (constants + error band + provenance). */
import type { Calibration } from '../core/inference.js';
import {
  INFERENCE_CONSTANTS,
  INFERENCE_FIT_ERROR,
  INFERENCE_ERROR_BAND,
  INFERENCE_CALIBRATION_VERSION,
} from './data/inference-calibration.js';

export function currentCalibration(): Calibration {
  const n = Object.values(INFERENCE_FIT_ERROR).reduce((s, e) => s + e.configurations, 0);
  return {
    constants: INFERENCE_CONSTANTS,
    // Energy range: measured/predicted p10 … p90 when each accelerator is left out of the fit (out of sample).
    errorLow: INFERENCE_ERROR_BAND.low,
    errorHigh: INFERENCE_ERROR_BAND.high,
    source: `fitted on ML.ENERGY v3 H100 + B200 lm-arena-chat (${n} configurations; Chung et al. 2025)`,
    version: INFERENCE_CALIBRATION_VERSION,
  };
}
