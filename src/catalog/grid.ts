/**
 * Grid zones (yearly average carbon intensity, life-cycle basis) and where a workload runs: a zone id (`FR`,
 * `US-CAL-CISO`) or a cloud region (`aws:us-east-1`, `gcp:europe-west4`, `azure:westeurope`).
 */
import { InvalidInputError, UnknownIdError } from '../core/errors.js';
import { suggest } from '../core/suggest.js';
import { GRID_ZONES } from './data/grid-zones.js';
import { operatorForRegion } from './operators.js';
import { CLOUD_REGIONS, getRegion } from './regions.js';
import type { CloudRegion, GridZone, OperatorEfficiency } from './types.js';

/** Where energy is drawn: the grid zone, and the cloud region and its operator figures when a region was named. */
export interface ResolvedLocation {
  readonly zone: GridZone;
  readonly region?: CloudRegion;
  readonly operator?: OperatorEfficiency;
}

let byId: Map<string, GridZone> | undefined;

function index(): Map<string, GridZone> {
  byId ??= new Map(GRID_ZONES.map((z) => [z.id.toUpperCase(), z]));
  return byId;
}

export function listZones(): readonly GridZone[] {
  return GRID_ZONES;
}

/** A zone by its Electricity Maps id, case-insensitive (`fr`, `us-mida-pjm`). */
export function getZone(id: string): GridZone {
  const hit = index().get(id.trim().toUpperCase());
  if (hit) return hit;
  throw new UnknownIdError('grid zone', id, suggest(id.trim(), GRID_ZONES.map((z) => z.id)));
}

/**
 * `FR` → the zone; `aws:us-east-1` → the region's zone, the region, and its operator figures (the region's own
 * where published, else the provider fleet). Unknown zones, providers and regions throw UnknownIdError with
 * suggestions; a bare region name (`us-east-1`) is pointed at its prefixed ids.
 */
export function resolveRegion(spec: string): ResolvedLocation {
  const s = spec.trim();
  if (s === '') {
    throw new InvalidInputError('region', 'empty; give a grid zone (FR) or provider:region (aws:us-east-1)');
  }
  if (s.includes(':')) {
    const region = getRegion(s);
    return { zone: getZone(region.zone), region, operator: operatorForRegion(region) };
  }
  const hit = index().get(s.toUpperCase());
  if (hit) return { zone: hit };
  const lower = s.toLowerCase();
  const asRegion = CLOUD_REGIONS.filter((r) => r.id.endsWith(`:${lower}`)).map((r) => r.id);
  const nearZones = suggest(s, GRID_ZONES.map((z) => z.id));
  throw new UnknownIdError('grid zone or region', spec, [...asRegion, ...nearZones].slice(0, 5));
}
