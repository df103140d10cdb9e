/** The flags shared by every command that turns energy into carbon and water. */
import type { Command } from 'commander';
import type { SiteOverrides } from '../estimate/inference-deployment.js';
import { parseNonNegative, parsePositive } from './parse.js';
import { InvalidInputError } from '../core/errors.js';

export interface SiteFlags {
  region?: string;
  pue?: string;
  gridIntensity?: string;
  marketIntensity?: string;
  onsiteWue?: string;
  offsiteWue?: string;
}

export function siteOptions(cmd: Command): Command {
  return cmd
    .option('--region <zone>', 'grid zone (FR, DE, US-CAL-CISO…) or cloud region (aws:us-east-1, gcp:europe-west4, azure:westeurope)')
    .option('--pue <x>', "power usage effectiveness (default: the region's operator, else a generic data centre)")
    .option('--grid-intensity <kg>', 'location-based grid intensity, kgCO2e/kWh (overrides the zone)')
    .option('--market-intensity <kg>', 'market-based intensity, kgCO2e/kWh (contracts, certificates, residual mix)')
    .option('--onsite-wue <l>', 'on-site water usage effectiveness, L per kWh of IT energy')
    .option('--offsite-wue <l>', 'off-site water intensity of electricity, L/kWh');
}

export function siteOverrides(f: SiteFlags): SiteOverrides {
  const pue = f.pue === undefined ? undefined : parsePositive(f.pue, '--pue');
  if (pue !== undefined && pue < 1) throw new InvalidInputError('--pue', `must be at least 1 (facility energy ≥ IT energy), got ${f.pue}`);
  const kg = (v: string | undefined, flag: string) => (v === undefined ? undefined : parseNonNegative(v, flag) * 1000);
  return {
    region: f.region,
    pue,
    locationIntensityGPerKWh: kg(f.gridIntensity, '--grid-intensity'),
    marketIntensityGPerKWh: kg(f.marketIntensity, '--market-intensity'),
    wueOnsiteLPerKWh: f.onsiteWue === undefined ? undefined : parseNonNegative(f.onsiteWue, '--onsite-wue'),
    offsiteWaterLPerKWh: f.offsiteWue === undefined ? undefined : parseNonNegative(f.offsiteWue, '--offsite-wue'),
  };
}
