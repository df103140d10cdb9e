/** The flags shared by every command that turns energy into carbon and water. */
import type { Command } from 'commander';
import type { SiteOverrides } from '../estimate/inference-deployment.js';
import { parseNonNegative, parsePositive } from './parse.js';
import { InvalidInputError } from '../core/errors.js';
import { MAX_GRID_G_PER_KWH } from '../estimate/request-checks.js';

export interface SiteFlags {
  region?: string;
  pue?: string;
  gridIntensity?: string;
  marketIntensity?: string;
  onsiteWue?: string;
  offsiteWue?: string;
}

/**
 * Plausible ceilings, so a value in the wrong unit is refused instead of multiplied through. Grid intensity: see
 * MAX_GRID_G_PER_KWH. PUE: the Uptime Institute 2024 survey mean is 1.56 and the worst
 * sites report about 2.5; above 3 is a typo. On-site WUE (The Green Grid WUE, L per kWh of IT energy): evaporative
 * sites report up to about 2.5 L/kWh; 10 is a ceiling. Off-site water of electricity: hydro-heavy grids
 * reach ~17 L/kWh consumed (Macknick et al. 2012, hydropower median); 100 is a ceiling.
 */
export const SITE_LIMITS = { gridGPerKWh: MAX_GRID_G_PER_KWH, pue: 3, onsiteWueLPerKWh: 10, offsiteWaterLPerKWh: 100 } as const;

export function siteOptions(cmd: Command): Command {
  return cmd
    .option('--region <zone>', 'grid zone (FR, DE, US-CAL-CISO…) or cloud region (aws:us-east-1, gcp:europe-west4, azure:westeurope)')
    .option('--pue <x>', "power usage effectiveness, 1–3 (default: the region's operator, else a generic data centre)")
    .option('--grid-intensity <v>', 'location-based grid intensity: 350g or 0.35kg per kWh (a bare number is kgCO2e/kWh; overrides the zone)')
    .option('--market-intensity <v>', 'market-based intensity: 120g or 0.12kg per kWh (a bare number is kgCO2e/kWh; contracts, certificates, residual mix)')
    .option('--onsite-wue <l>', 'on-site water usage effectiveness, L per kWh of IT energy (0–10)')
    .option('--offsite-wue <l>', 'off-site water intensity of electricity, L/kWh (0–100)');
}

/**
 * `350g`, `350 g/kWh`, `0.35kg`, `0.35 kg/kWh` or a bare number in kg/kWh → gCO2e/kWh. A value above the ceiling is
 * refused with the unit named (`--grid-intensity 350` is 350 kg/kWh: the user meant grams).
 */
export function parseIntensityGPerKWh(raw: string, flag: string): number {
  const m = /^\s*(.+?)\s*(g|kg)?\s*(?:(?:co2e?)?\s*\/\s*kwh)?\s*$/i.exec(raw);
  const unit = m?.[2]?.toLowerCase();
  const g = (unit === 'g' ? 1 : 1000) * parseNonNegative(m?.[1] ?? raw, flag);
  if (g > SITE_LIMITS.gridGPerKWh) {
    const as = unit === undefined ? `${raw} kgCO2e/kWh (a bare number is kg)` : `${raw} = ${g} gCO2e/kWh`;
    const hint = unit === undefined ? ` Write the unit: ${raw}g for grams, or ${Number(raw) / 1000}kg.` : ' Check the value.';
    throw new InvalidInputError(flag, `${as} is above any grid (≤ ${SITE_LIMITS.gridGPerKWh} g/kWh).${hint}`);
  }
  return g;
}

function bounded(raw: string | undefined, flag: string, max: number, unit: string): number | undefined {
  if (raw === undefined) return undefined;
  const v = parseNonNegative(raw, flag);
  if (v > max) throw new InvalidInputError(flag, `${raw} ${unit} is beyond any real site (≤ ${max} ${unit}); check the unit`);
  return v;
}

export function siteOverrides(f: SiteFlags): SiteOverrides {
  const pue = f.pue === undefined ? undefined : parsePositive(f.pue, '--pue');
  if (pue !== undefined && pue < 1) throw new InvalidInputError('--pue', `must be at least 1 (facility energy ≥ IT energy), got ${f.pue}`);
  if (pue !== undefined && pue > SITE_LIMITS.pue) {
    throw new InvalidInputError('--pue', `${f.pue} is beyond any data centre (1.0–${SITE_LIMITS.pue}; the industry mean is about 1.56): PUE is facility ÷ IT energy, not a percentage`);
  }
  return {
    region: f.region,
    pue,
    locationIntensityGPerKWh: f.gridIntensity === undefined ? undefined : parseIntensityGPerKWh(f.gridIntensity, '--grid-intensity'),
    marketIntensityGPerKWh: f.marketIntensity === undefined ? undefined : parseIntensityGPerKWh(f.marketIntensity, '--market-intensity'),
    wueOnsiteLPerKWh: bounded(f.onsiteWue, '--onsite-wue', SITE_LIMITS.onsiteWueLPerKWh, 'L/kWh'),
    offsiteWaterLPerKWh: bounded(f.offsiteWue, '--offsite-wue', SITE_LIMITS.offsiteWaterLPerKWh, 'L/kWh'),
  };
}
