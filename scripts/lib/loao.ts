/**
 * Leave-one-accelerator-out: refit on every accelerator but one, predict the one left out. These are the figures
 * the README quotes and the error band of an estimate comes from (out-of-sample, not in-sample).
 */
import type { PhysicsConstants } from '../../src/core/inference-physics.js';
import { type Measured, ratio } from './mlenergy.js';
import { fitConstants } from './fit.js';

export interface HeldOut {
  /** Accelerator left out of the fit and predicted. */
  readonly accelerator: string;
  readonly constants: PhysicsConstants;
  /** The held-out configurations and their predicted/measured ratio. */
  readonly rows: readonly { readonly x: Measured; readonly ratio: number }[];
}

export function leaveOneAcceleratorOut(data: readonly Measured[]): HeldOut[] {
  const accelerators = [...new Set(data.map((d) => d.accelerator))];
  return accelerators.map((a) => {
    const k = fitConstants(data.filter((d) => d.accelerator !== a));
    return { accelerator: a, constants: k, rows: data.filter((d) => d.accelerator === a).map((x) => ({ x, ratio: ratio(x, k) })) };
  });
}
