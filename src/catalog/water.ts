/**
 * Off-site water: litres of water consumed (not withdrawn) by power generation per kWh delivered, the "electricity
 * water intensity factor" (EWIF). It multiplies facility energy (IT × PUE); on-site WUE multiplies IT energy.
 *
 * National figures are WRI's (Reig et al. 2020), which count evaporation from hydro reservoirs; that is why
 * hydro-heavy grids (Brazil, Canada, Norway) score high. Li et al.'s per-fuel method sets hydro to zero instead, so
 * the two disagree most there. Keyed by Electricity Maps zone id; a sub-national zone falls back to its country.
 */
import { range, exact } from '../core/range.js';
import type { OffsiteWater } from './types.js';

const WRI =
  'WRI, Guidance for Calculating Water Use Embedded in Purchased Electricity (Reig et al. 2020), national ' +
  'consumption factor; values as carried in Boavizta factors.yml and EcoLogits electricity_mixes.csv';

function wri(zone: string, lPerKWh: number, note?: string): OffsiteWater {
  return note === undefined
    ? { zone, lPerKWh: exact(lPerKWh), source: WRI, assumed: false }
    : { zone, lPerKWh: exact(lPerKWh), source: WRI, assumed: false, note };
}

export const OFFSITE_WATER: readonly OffsiteWater[] = [
  {
    zone: 'US',
    // Li et al. recompute the US average from Macknick et al. 2012 per-fuel consumption factors; WRI gives 3.13.
    lPerKWh: range(3.142, 3.13, 3.142),
    source:
      'Li, Yang, Islam, Ren, Making AI Less "Thirsty" (arXiv:2304.03271): US average 3.142 L/kWh from Macknick ' +
      'et al. 2012 fuel factors; WRI (Reig et al. 2020) national figure 3.13 L/kWh',
    assumed: false,
  },
  wri('AU', 4.73),
  wri('BR', 18.6),
  wri('CA', 8.17),
  wri('CN', 6.01),
  wri('DE', 1.95),
  wri('FR', 3.67),
  wri('GB', 2.33, 'United Kingdom figure used for the Great Britain zone'),
  wri('IE', 1.48),
  wri('IN', 3.44),
  wri('JP', 2.31),
  wri('KR', 1.89),
  wri('NL', 3.43),
  wri('NO', 6.66),
  wri('SE', 6.03),
];

/**
 * For zones with no figure of their own nor a national one. 3.908 L/kWh is EcoLogits' world mix (WRI-based); the
 * bounds are the lowest and highest national figures above (Ireland, Brazil), since the location is unknown.
 */
export const WORLD_OFFSITE_WATER: OffsiteWater = {
  zone: 'WORLD',
  lPerKWh: range(3.908, 1.48, 18.6),
  source: 'EcoLogits world electricity mix (WRI-based), 3.908 L/kWh; bounds: national figures in this catalog',
  assumed: true,
};

let byZone: Map<string, OffsiteWater> | undefined;

function index(): Map<string, OffsiteWater> {
  byZone ??= new Map(OFFSITE_WATER.map((w) => [w.zone, w]));
  return byZone;
}

/**
 * Off-site water intensity for an Electricity Maps zone: its own figure, else its country's (`US-MIDA-PJM` → `US`),
 * else the world default. Every fallback is `assumed: true` and says which one it took in `note`.
 */
export function offsiteWaterFor(zoneId: string): OffsiteWater {
  const zone = zoneId.trim().toUpperCase();
  const own = index().get(zone);
  if (own) return own;
  const country = zone.split('-')[0];
  const national = index().get(country);
  if (national) {
    return { ...national, zone, assumed: true, note: `national figure for ${country} used for zone ${zone}` };
  }
  return { ...WORLD_OFFSITE_WATER, zone, note: `no off-site water figure for zone ${zone}: world default used` };
}
