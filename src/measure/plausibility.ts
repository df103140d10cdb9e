/**
 * Measurements that cannot be true are refused, not saved as calibrations (issue 11: −5,000 W gave a factor of
 * −48.7; 1e300 W a factor of 9.7e297 that the ledger then booked as 3.0e297 kWh). A level is refused when its
 * energy went down (a counter running backwards or reset), its mean power is not a number or is beyond what the
 * accelerators can draw, or the server reports more output tokens than the request allowed.
 */
import { TokenprintError } from '../core/errors.js';

/**
 * Most power one accelerator may draw, W: the catalog's highest board power is 1,400 W (src/catalog/accelerators.ts);
 * 2,000 W leaves room for boards the catalog lacks, and is still orders of magnitude below a broken reading.
 */
export const MAX_POWER_PER_ACCELERATOR_W = 2000;
/** Accelerators assumed on the host when the estimator target does not say (an 8-GPU server, doubled). */
const DEFAULT_ACCELERATORS = 16;

export interface LevelFigures {
  readonly concurrency: number;
  readonly energyJ?: { readonly value: number };
  readonly avgPowerW?: number;
  readonly jPerOutputToken?: { readonly value: number };
  readonly calibrationFactor?: number;
}

export interface PlausibilityContext {
  readonly maxTokens: number;
  /** Accelerators serving the model, when known. */
  readonly gpus?: number;
  /** Name of the power source, for messages. */
  readonly power?: string;
  readonly url: string;
  /** completion_tokens the server reported, one per request that sent usage. */
  readonly usage: readonly number[];
}

export class ImplausibleMeasurementError extends TokenprintError {
  constructor(message: string, details: Record<string, unknown>) {
    super('IO_ERROR', message, details);
  }
}

/** Throws ImplausibleMeasurementError when a level's figures cannot be a real measurement. */
export function plausibleLevel(l: LevelFigures, ctx: PlausibilityContext): void {
  const at = `concurrency ${l.concurrency}`;
  const refuse = (what: string, details: Record<string, unknown>) => {
    throw new ImplausibleMeasurementError(`${at}: ${what}. The measurement was refused (nothing saved); fix the source and run profile-endpoint again.`, { concurrency: l.concurrency, ...details });
  };
  const badUsage = ctx.usage.find((t) => !Number.isInteger(t) || t < 0 || t > ctx.maxTokens);
  if (badUsage !== undefined) {
    refuse(`${ctx.url} reported completion_tokens ${badUsage} for a request limited to max_tokens ${ctx.maxTokens}`, { completionTokens: badUsage });
  }
  if (l.energyJ === undefined) return;
  const e = l.energyJ.value;
  if (!Number.isFinite(e)) refuse(`the energy read from ${ctx.power} is not a number (${e} J)`, { energyJ: e });
  if (e < 0) refuse(`the energy counter of ${ctx.power} ran backwards (${e.toPrecision(3)} J over the window): a counter reset or wrap, or a source that reports power as negative`, { energyJ: e });
  const n = ctx.gpus ?? DEFAULT_ACCELERATORS;
  const maxW = MAX_POWER_PER_ACCELERATOR_W * n;
  const w = l.avgPowerW ?? 0;
  if (!Number.isFinite(w) || w > maxW) {
    refuse(`mean power ${w.toPrecision(3)} W from ${ctx.power} is beyond what ${n} accelerator(s) can draw (at most ${maxW} W, ${MAX_POWER_PER_ACCELERATOR_W} W each)`, { avgPowerW: w });
  }
  if (l.calibrationFactor !== undefined && !(Number.isFinite(l.calibrationFactor) && l.calibrationFactor >= 0)) {
    refuse(`the calibration factor ${l.calibrationFactor} is not a number ≥ 0`, { calibrationFactor: l.calibrationFactor });
  }
}
