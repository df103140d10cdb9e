/**
 * From energy to impacts: carbon (location- and market-based), water, and amortised embodied carbon.
 * One exported function per formula; factors are passed in, never looked up here.
 */
import { type Range, type RangeLike, mul, scale, toRange } from './range.js';

// Each formula is written once, on plain numbers (the per-row hot paths call these); the Range versions apply it
// to value, low and high. Every formula is increasing in every argument, so low inputs give the low output.

/** Server energy, J = (accelerator energy + host power × utilisation × time) × (1 + idle/provisioned share). */
export function serverEnergyJ(acceleratorJ: number, hostPowerW: number, hostUtilisation: number, durationS: number, idleShare: number): number {
  return (acceleratorJ + hostPowerW * hostUtilisation * durationS) * (1 + idleShare);
}

/** Facility energy = IT energy × PUE (plain numbers; any energy unit). */
export function facilityEnergyOf(itEnergy: number, pue: number): number {
  return itEnergy * pue;
}

/** Carbon, g = energy (kWh) × intensity (gCO2e/kWh). */
export function carbonGOf(energyKWh: number, intensityGPerKWh: number): number {
  return energyKWh * intensityGPerKWh;
}

/** Water, L = on-site WUE × IT energy + off-site water intensity × facility energy (see {@link waterL}). */
export function waterLOf(itEnergyKWh: number, facilityEnergyKWh: number, wueOnsiteLPerKWh: number, offsiteLPerKWh: number): number {
  return itEnergyKWh * wueOnsiteLPerKWh + facilityEnergyKWh * offsiteLPerKWh;
}

function pointwise2(f: (a: number, b: number) => number, a: RangeLike, b: RangeLike): Range {
  const x = toRange(a);
  const y = toRange(b);
  return { value: f(x.value, y.value), low: f(x.low, y.low), high: f(x.high, y.high) };
}

/** Facility energy = IT energy × PUE. */
export function facilityEnergy(itEnergy: RangeLike, pue: RangeLike): Range {
  return pointwise2(facilityEnergyOf, itEnergy, pue);
}

/** Carbon, g, from energy in kWh and an intensity in gCO2e/kWh. */
export function carbonG(energyKWh: RangeLike, intensityGPerKWh: RangeLike): Range {
  return pointwise2(carbonGOf, energyKWh, intensityGPerKWh);
}

/**
 * Water consumed, L = on-site WUE (L per kWh of IT energy) × IT energy + off-site water intensity of electricity
 * (L/kWh) × facility energy (Li, Yang, Islam & Ren, "Making AI Less Thirsty", CACM 2025, eq. 1: on-site WUE is
 * defined against IT energy, off-site EWIF against all energy the facility draws).
 */
export function waterL(
  itEnergyKWh: RangeLike,
  facilityEnergyKWh: RangeLike,
  wueOnsiteLPerKWh: RangeLike,
  offsiteLPerKWh: RangeLike,
): Range {
  const [it, fac, on, off] = [itEnergyKWh, facilityEnergyKWh, wueOnsiteLPerKWh, offsiteLPerKWh].map(toRange);
  return {
    value: waterLOf(it.value, fac.value, on.value, off.value),
    low: waterLOf(it.low, fac.low, on.low, off.low),
    high: waterLOf(it.high, fac.high, on.high, off.high),
  };
}

/**
 * Embodied carbon attributed to a use of hardware: device footprint × (time used / lifetime) × (share of the
 * device the use occupied). Linear time-based amortisation, as in the SCI specification (ISO/IEC 21031:2024, M =
 * TE × TiR/EL × RR/ToR).
 */
export function amortisedEmbodied(
  deviceFootprint: RangeLike,
  durationS: RangeLike,
  lifetimeS: RangeLike,
  share: RangeLike = 1,
): Range {
  const life = toRange(lifetimeS);
  const perSecond = { value: 1 / life.value, low: 1 / life.high, high: 1 / life.low };
  return mul(mul(mul(deviceFootprint, perSecond), durationS), share);
}

export const J_PER_KWH = 3.6e6;
export const J_PER_WH = 3600;

export function joulesToKWh(j: Range): Range {
  return scale(j, 1 / J_PER_KWH);
}
export function joulesToWh(j: Range): Range {
  return scale(j, 1 / J_PER_WH);
}
