/**
 * From energy to impacts: carbon (location- and market-based), water, and amortised embodied carbon.
 * One exported function per formula; factors are passed in, never looked up here.
 */
import { type Range, type RangeLike, add, mul, scale, toRange } from './range.js';

/** Facility energy = IT energy × PUE. */
export function facilityEnergy(itEnergy: RangeLike, pue: RangeLike): Range {
  return mul(itEnergy, pue);
}

/** Carbon, g, from energy in kWh and an intensity in gCO2e/kWh. */
export function carbonG(energyKWh: RangeLike, intensityGPerKWh: RangeLike): Range {
  return mul(energyKWh, intensityGPerKWh);
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
  return add(mul(itEnergyKWh, wueOnsiteLPerKWh), mul(facilityEnergyKWh, offsiteLPerKWh));
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
