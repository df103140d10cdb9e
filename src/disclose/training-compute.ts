/**
 * Training compute the two ways the Commission guidelines accept (C(2025) 5045, Annex A.2), and their
 * reconciliation against the ±30 % margin (para 123). Pure functions; inputs carry their units in their names.
 */
import { trainingFlopsPerToken } from '../core/metrics.js';

/** Hardware-based (A.2.1): C = N · L · H · U, with N·L given as accelerator-hours. */
export function hardwareBasedFlop(acceleratorHours: number, peakTflopsPerAccelerator: number, utilisation: number): number {
  return acceleratorHours * 3600 * peakTflopsPerAccelerator * 1e12 * utilisation;
}

/** Architecture-based (A.2.2) for large dense transformers: C ≈ 6 · P · D (P = parameters active per token). */
export function architectureBasedFlop(paramsActive: number, tokens: number): number {
  return trainingFlopsPerToken(paramsActive).value * tokens;
}

/** The guidelines' accuracy margin: an estimate is acceptable within ±30 % of the reported value (para 123). */
export const MARGIN = 0.3;

export interface Reconciliation {
  /** other / reported − 1. */
  readonly relativeDifference: number;
  readonly withinMargin: boolean;
}

export function reconcile(reported: number, other: number): Reconciliation {
  const relativeDifference = other / reported - 1;
  return { relativeDifference, withinMargin: Math.abs(relativeDifference) <= MARGIN };
}

/** GPAI presumption: training compute above 10²³ FLOP and the model generates language, images or video (para 17). */
export const GPAI_THRESHOLD_FLOP = 1e23;
/** Presumption of high-impact capabilities, Art. 51(2): cumulative training compute above 10²⁵ FLOP. */
export const SYSTEMIC_RISK_THRESHOLD_FLOP = 1e25;

/**
 * Modifier-becomes-provider threshold (paras 63–64): one third of the original's training compute; when that is
 * unknown, one third of 10²⁵ (systemic-risk original) or of 10²³.
 */
export function modificationThresholdFlop(baseTrainingFlop: number | undefined, baseIsSystemicRisk: boolean): { flop: number; basis: string } {
  if (baseTrainingFlop !== undefined) return { flop: baseTrainingFlop / 3, basis: 'one third of the original model’s training compute (Guidelines para 63)' };
  return baseIsSystemicRisk
    ? { flop: SYSTEMIC_RISK_THRESHOLD_FLOP / 3, basis: 'original compute unknown, systemic-risk original: ⅓ · 10^25 (Guidelines para 64)' }
    : { flop: GPAI_THRESHOLD_FLOP / 3, basis: 'original compute unknown: ⅓ · 10^23 (Guidelines para 64)' };
}
