/**
 * From CLI-style options to a core TrainingInput: the mode follows from what is given, the hardware comes from the
 * catalog, site factors from the region, and each default is traced as such.
 */
import { ConflictingInputError, InvalidInputError } from '../core/errors.js';
import { exact } from '../core/range.js';
import { sourced } from '../core/quantity.js';
import { MFU_DEFAULTS } from '../catalog/mfu-defaults.js';
import type { PowerBasis, TrainingInput, TrainingMode } from '../core/training.js';
import { getAccelerator } from '../catalog/accelerators.js';
import { ACCELERATOR_LIFETIME_YEARS } from '../catalog/lifetimes.js';
import { resolveSite, type SiteOverrides } from '../catalog/site.js';
import type { Accelerator } from '../catalog/types.js';

export interface TrainingOptions extends SiteOverrides {
  readonly hardware: string;
  readonly params?: number;
  readonly activeParams?: number;
  readonly tokens?: number;
  readonly accelerators?: number;
  /** A single MFU or a range. */
  readonly mfu?: { value: number; low: number; high: number };
  readonly acceleratorHours?: number;
  /** Average power per accelerator, W (measured unless `powerBasis` says `tdp`). */
  readonly powerW?: number;
  readonly powerBasis?: 'tdp' | 'measured';
  readonly powerScope?: 'accelerator' | 'system';
  readonly energyItMWh?: number;
  /** What a measured energy covers (default: system, i.e. the servers). */
  readonly energyScope?: 'accelerator' | 'system';
}

export function trainingMode(o: TrainingOptions): TrainingMode {
  const hasParams = o.params !== undefined || o.tokens !== undefined || o.activeParams !== undefined;
  if (o.energyItMWh !== undefined) {
    if (o.powerW !== undefined) {
      throw new ConflictingInputError('--energy-it-mwh and --power-w contradict each other: a measured energy already includes the power. Give one.');
    }
    if (o.mfu !== undefined) throw new ConflictingInputError('--mfu has no meaning with --energy-it-mwh (measured energy): drop one.');
    return 'measured-energy';
  }
  if (o.acceleratorHours !== undefined) {
    if (hasParams) {
      throw new ConflictingInputError(
        '--accelerator-hours and --params/--tokens are two ways to get the same hours: give the hours you have, or the parameters and tokens, not both.',
      );
    }
    if (o.mfu !== undefined) throw new ConflictingInputError('--mfu is only used to derive hours from --params/--tokens; drop it with --accelerator-hours.');
    return 'accelerator-hours';
  }
  if (o.params === undefined || o.tokens === undefined) {
    throw new InvalidInputError(
      '--params/--tokens',
      'give --params and --tokens (from first principles), or --accelerator-hours, or --energy-it-mwh (measured)',
    );
  }
  return 'parameters';
}

export function resolveTrainingInput(o: TrainingOptions): { input: TrainingInput; accelerator: Accelerator; zone: string } {
  const acc = getAccelerator(o.hardware);
  const mode = trainingMode(o);
  if (o.activeParams !== undefined && o.params !== undefined && o.activeParams > o.params) {
    throw new ConflictingInputError(`--active-params (${o.activeParams}) cannot exceed --params (${o.params}).`);
  }
  const site = resolveSite(o);
  const basis = o.powerBasis ?? (o.powerW !== undefined ? 'measured' : 'tdp');
  const scope = o.powerScope ?? 'accelerator';
  const power: PowerBasis | undefined =
    mode === 'measured-energy'
      ? undefined
      : {
          kind: basis === 'tdp' ? 'tdp' : 'measured-average',
          scope: scope === 'system' ? 'whole-system' : 'accelerator-only',
          watts:
            o.powerW !== undefined
              ? sourced(exact(o.powerW), 'user input (--power-w)', false)
              : sourced(exact(acc.tdpW), `${acc.name} TDP — ${acc.source}`, false),
          hostWPerAccelerator:
            scope === 'system'
              ? undefined
              : sourced(exact(acc.hostPowerW), `host share of the usual ${acc.name} server — ${acc.source}`, acc.assumedFields.includes('hostPowerW')),
        };
  const input: TrainingInput = {
    mode,
    paramsTotal: o.params,
    paramsActive: o.activeParams,
    tokens: o.tokens,
    peakTflops: mode === 'parameters' ? sourced(exact(acc.peakTflops.bf16), `${acc.name} dense BF16 peak — ${acc.source}`, false) : undefined,
    mfu: o.mfu,
    generation: mode === 'parameters' ? acc.generation : undefined,
    mfuDefaults: mode === 'parameters' ? MFU_DEFAULTS : undefined,
    acceleratorHours: o.acceleratorHours,
    energyItMWh: o.energyItMWh,
    energyScope: mode === 'measured-energy' ? (o.energyScope === 'accelerator' ? 'accelerator-only' : 'whole-system') : undefined,
    acceleratorCount: o.accelerators,
    power,
    site: site.factors,
    // With measured energy alone there is no hardware time to amortise: embodied is then left out (and said so).
    embodied: mode === 'measured-energy' && o.acceleratorHours === undefined ? undefined : {
      deviceKgCO2e: sourced(acc.embodied.kgCO2e, `${acc.embodied.source} (${acc.embodied.boundary})`, acc.embodied.assumed),
      hostKgCO2ePerAccelerator: sourced(acc.hostEmbodiedKgCO2e, acc.source, acc.assumedFields.includes('hostEmbodiedKgCO2e')),
      lifetimeYears: sourced(
        { value: ACCELERATOR_LIFETIME_YEARS.value, low: ACCELERATOR_LIFETIME_YEARS.low, high: ACCELERATOR_LIFETIME_YEARS.high },
        ACCELERATOR_LIFETIME_YEARS.source,
        ACCELERATOR_LIFETIME_YEARS.assumed,
      ),
    },
  };
  return { input, accelerator: acc, zone: site.zone };
}

/** The training estimate of a resolved input (core/training.ts), offered here so interfaces call the estimate layer. */
export { estimateTraining } from '../core/training.js';
