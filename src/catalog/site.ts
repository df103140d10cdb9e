/**
 * Resolves where energy is used into the factors that turn it into carbon and water: grid zone or cloud region →
 * location-based intensity, market-based intensity, PUE, on-site WUE, off-site water intensity. User overrides
 * win and are traced as user input; every fallback is named.
 */
import { exact } from '../core/range.js';
import { type SiteFactors, type SourcedRange, sourced } from '../core/quantity.js';
import { resolveRegion } from './grid.js';
import { getOperator } from './operators.js';
import { offsiteWaterFor } from './water.js';
import type { GridZone } from './types.js';

export interface SiteOverrides {
  /** Zone id or `aws:REGION`, `gcp:REGION`, `azure:REGION`. */
  readonly region?: string;
  readonly pue?: number;
  /** gCO2e/kWh. */
  readonly locationIntensityGPerKWh?: number;
  /** gCO2e/kWh. */
  readonly marketIntensityGPerKWh?: number;
  readonly wueOnsiteLPerKWh?: number;
  readonly offsiteWaterLPerKWh?: number;
  /** Operator profile to use when the region says nothing (e.g. a provider's fleet figures). */
  readonly operator?: string;
}

/**
 * World average used when no region is given: Ember yearly data as shipped in @tgwf/co2 v0.19.0
 * (`average-intensities`, WORLD = 472.94 gCO2e/kWh). Ember's factors are lifecycle (Ember Global Electricity
 * Review methodology) on a production-mix basis, unlike the consumption-based Electricity Maps zones; the trace
 * marks it assumed.
 */
export const WORLD_ZONE: GridZone = {
  id: 'WORLD',
  name: 'World average',
  intensityGPerKWh: 472.94,
  factorType: 'lifecycle',
  year: 2024,
  source: 'Ember yearly electricity data (world average), via @tgwf/co2 v0.19.0 average-intensities',
  licence: 'CC-BY-4.0 (Ember)',
};

export interface ResolvedSite {
  readonly factors: SiteFactors;
  readonly zone: string;
  readonly zoneName: string;
  readonly region?: string;
}

/**
 * An operator's source text often cites PUE and WUE together ("PUE: … WUE: …"): each factor's trace line shows its
 * own part, so the on-site WUE line never reads as the PUE source. Texts without such labels are kept whole.
 */
export function sourcePart(source: string, label: 'PUE' | 'WUE'): string {
  const m = /^PUE:\s*(.*?)\s*WUE:\s*(.*)$/s.exec(source);
  if (!m) return source;
  return `${label}: ${label === 'PUE' ? m[1] : m[2]}`;
}

const user = (v: number, what: string): SourcedRange => sourced(exact(v), `user input (${what})`, false);

export function resolveSite(o: SiteOverrides = {}): ResolvedSite {
  const r = o.region ? resolveRegion(o.region) : { zone: WORLD_ZONE, region: undefined, operator: undefined };
  const op = r.operator ?? getOperator(o.operator ?? 'generic-datacenter');
  const zone = r.zone;
  const zoneNote = o.region ? undefined : `no --region given: ${zone.name} average used`;
  const location =
    o.locationIntensityGPerKWh !== undefined
      ? user(o.locationIntensityGPerKWh, 'grid intensity')
      : sourced(exact(zone.intensityGPerKWh), `${zone.source} — ${zone.factorType}, ${zone.year}, ${zone.licence}`, !o.region, zoneNote);
  const market =
    o.marketIntensityGPerKWh !== undefined
      ? user(o.marketIntensityGPerKWh, 'market-based intensity')
      : sourced(
          location.range,
          location.source,
          true,
          'no contractual instruments given: market-based equals location-based (GHG Protocol Scope 2 Guidance 2015 asks for the residual mix where one exists)',
        );
  const pue =
    o.pue !== undefined
      ? user(o.pue, 'PUE')
      : sourced(op.pue, `${sourcePart(op.source, 'PUE')} (${op.id})`, op.assumed || (op.assumedFields ?? []).includes('pue'));
  const wue =
    o.wueOnsiteLPerKWh !== undefined
      ? user(o.wueOnsiteLPerKWh, 'on-site WUE')
      : sourced(op.wueOnsiteLPerKWh, `${sourcePart(op.source, 'WUE')} (${op.id})`, op.assumed || (op.assumedFields ?? []).includes('wueOnsiteLPerKWh'));
  const w = offsiteWaterFor(zone.id);
  const offsite =
    o.offsiteWaterLPerKWh !== undefined
      ? user(o.offsiteWaterLPerKWh, 'off-site water intensity')
      : sourced(w.lPerKWh, w.source, w.assumed, w.note);
  return {
    factors: {
      pue,
      locationIntensityGPerKWh: location,
      marketIntensityGPerKWh: market,
      wueOnsiteLPerKWh: wue,
      offsiteWaterLPerKWh: offsite,
    },
    zone: zone.id,
    zoneName: zone.name,
    region: r.region?.id,
  };
}
