/**
 * What tokenprint knows, for listing (`tokenprint catalog`, later the HTTP API): the catalog's accelerators, models
 * (open and closed), grid zones and cloud regions, with the figures a listing shows beside them. Interfaces list
 * through here, not from catalog/ directly.
 */
import { dieAreaEmbodiedKg } from '../core/embodied.js';
import type { Accelerator } from '../catalog/types.js';

export { listAccelerators } from '../catalog/accelerators.js';
export { listAllModels as listModels } from '../catalog/model-lookup.js';
export { listZones } from '../catalog/grid.js';
export { listRegions } from '../catalog/regions.js';
export { PROVIDER_IDS } from '../catalog/providers.js';

/** Embodied carbon of one accelerator from its die area and memory (core/embodied.ts), kgCO2e low; undefined without a die area. */
export function acceleratorEmbodiedLowKg(a: Accelerator): number | undefined {
  return a.dieAreaMm2 ? dieAreaEmbodiedKg({ dieAreaMm2: a.dieAreaMm2, memoryGB: a.memoryGB }).low : undefined;
}
