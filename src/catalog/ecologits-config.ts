/**
 * What the `ecologits` method needs besides EcoLogits' formulas (core/ecologits.ts): the model registry and the
 * electricity mixes EcoLogits ships (generated module data/ecologits-0.9.3.ts, MPL-2.0), its provider defaults, and
 * the lookups EcoLogits does with them — a model by provider and name or alias (`model_repository.find_model`), a mix
 * by zone (`electricity_mix_repository.find_electricity_mix`). Nothing here borrows tokenprint's own catalog: an
 * unknown model is "not registered", as in EcoLogits, and the zone changes the mix only.
 *
 * Provider defaults: EcoLogits 0.9.3 `ecologits/tracers/utils.py::PROVIDER_CONFIG_MAP` (mlco2/ecologits @ 5be90da,
 * 13 Mar 2026; MPL-2.0; the figures are sourced there from the providers' sustainability reports).
 */
import { type Range, exact, range } from '../core/range.js';
import { ECOLOGITS_VERSION, type DeploymentSpeed, EcologitsNotRegisteredError } from '../core/ecologits.js';
import { suggest } from '../core/suggest.js';
import {
  ECOLOGITS_ALIASES,
  ECOLOGITS_DATA_SOURCE,
  ECOLOGITS_DATA_VERSION,
  ECOLOGITS_MIXES,
  ECOLOGITS_MODELS,
  type EcologitsMixRecord,
  type EcologitsModelRecord,
  type EcologitsValueOrRange,
} from './data/ecologits-0.9.3.js';
import { findProvider } from './providers.js';
import { resolveSite } from './site.js';

export { ECOLOGITS_DATA_SOURCE, ECOLOGITS_MIXES, ECOLOGITS_MODELS, ECOLOGITS_ALIASES };
export type { EcologitsMixRecord, EcologitsModelRecord };

/** `ecologits@0.9.3`: the method name shown in traces and output. */
export const ECOLOGITS_METHOD = `ecologits@${ECOLOGITS_VERSION}`;
/** Release of the generated data module; must equal ECOLOGITS_VERSION (tested), else two releases would mix. */
export { ECOLOGITS_DATA_VERSION };

const CONFIG_SRC = `EcoLogits ${ECOLOGITS_VERSION} tracers/utils.py PROVIDER_CONFIG_MAP (mlco2/ecologits @ 5be90da)`;

/** EcoLogits' provider names (its `Providers` enum, the ones with a PROVIDER_CONFIG_MAP entry). */
export type EcologitsProvider = 'anthropic' | 'cohere' | 'google_genai' | 'huggingface_hub' | 'mistralai' | 'openai';
export const ECOLOGITS_PROVIDER_NAMES: readonly EcologitsProvider[] = ['openai', 'anthropic', 'mistralai', 'google_genai', 'cohere', 'huggingface_hub'];

export interface EcologitsProviderConfig {
  /** Datacenter location: the default electricity-mix zone (ISO 3166-1 alpha-3). */
  readonly location: string;
  readonly pue: Range;
  /** On-site WUE, L/kWh. */
  readonly wueOnsite: Range;
  readonly source: string;
}

const mm = (lo: number, hi: number): Range => range((lo + hi) / 2, lo, hi);

export const ECOLOGITS_PROVIDER_CONFIG: Readonly<Record<EcologitsProvider, EcologitsProviderConfig>> = {
  anthropic: { location: 'USA', pue: mm(1.09, 1.14), wueOnsite: mm(0.13, 0.999), source: `${CONFIG_SRC}: anthropic` },
  cohere: { location: 'USA', pue: exact(1.09), wueOnsite: exact(0.999), source: `${CONFIG_SRC}: cohere` },
  google_genai: { location: 'USA', pue: exact(1.09), wueOnsite: exact(0.999), source: `${CONFIG_SRC}: google_genai` },
  huggingface_hub: { location: 'USA', pue: mm(1.09, 1.14), wueOnsite: mm(0.13, 0.99), source: `${CONFIG_SRC}: huggingface_hub` },
  mistralai: { location: 'SWE', pue: exact(1.16), wueOnsite: exact(0.09), source: `${CONFIG_SRC}: mistralai` },
  openai: { location: 'USA', pue: exact(1.2), wueOnsite: exact(0.569), source: `${CONFIG_SRC}: openai` },
};

/** tokenprint provider ids (providers.ts) → the EcoLogits provider whose tracer serves them. */
const OF_TOKENPRINT: Readonly<Record<string, EcologitsProvider>> = {
  openai: 'openai',
  // EcoLogits' OpenAI tracer also wraps AzureOpenAI clients and reports them as provider `openai`.
  'azure-openai': 'openai',
  anthropic: 'anthropic',
  google: 'google_genai',
  mistral: 'mistralai',
  cohere: 'cohere',
};

/**
 * The EcoLogits provider for a provider name: EcoLogits' own names, then tokenprint's ids and aliases. `undefined`:
 * EcoLogits has no tracer of its own for it (Bedrock, Together, an unknown host).
 */
export function ecologitsProviderOf(name: string): EcologitsProvider | undefined {
  const k = name.trim().toLowerCase();
  const own = ECOLOGITS_PROVIDER_NAMES.find((p) => p === k || p.replace('_', '-') === k);
  if (own) return own;
  const p = findProvider(k);
  return p ? OF_TOKENPRINT[p.id] : undefined;
}

// ------------------------------------------------------------------------------------------------------ models

export interface EcologitsModel {
  readonly record: EcologitsModelRecord;
  readonly provider: EcologitsProvider;
  /** Billions: EcoLogits' RangeValue as {value: mean, low: min, high: max}. */
  readonly totalParamsB: Range;
  readonly activeParamsB: Range;
  readonly speed?: DeploymentSpeed;
  /** How the name was read, when not literally (an alias, a prefix dropped). */
  readonly matchedAs?: string;
}

function asRange(v: EcologitsValueOrRange): Range {
  return typeof v === 'number' ? exact(v) : mm(v.min, v.max);
}

function toModel(record: EcologitsModelRecord, matchedAs?: string): EcologitsModel {
  const p = record.parameters;
  // model_repository: a MoE's total and active; a dense model's one count serves as both.
  const isMoe = typeof p === 'object' && 'total' in p;
  const total = asRange(isMoe ? p.total : p);
  const active = asRange(isMoe ? p.active : p);
  return {
    record,
    provider: record.provider as EcologitsProvider,
    totalParamsB: total,
    activeParamsB: active,
    // `tps=None` → the f_L regression; `ttft or 0`.
    ...(record.tps !== null ? { speed: { tps: record.tps, ttftS: record.ttft ?? 0 } } : {}),
    ...(matchedAs !== undefined ? { matchedAs } : {}),
  };
}

let byKey: Map<string, EcologitsModelRecord> | undefined;

function keyOf(provider: string, name: string): string {
  return `${provider}\u0000${name.toLowerCase()}`;
}

function registry(): Map<string, EcologitsModelRecord> {
  if (!byKey) {
    byKey = new Map();
    for (const m of ECOLOGITS_MODELS) byKey.set(keyOf(m.provider, m.name), m);
    for (const a of ECOLOGITS_ALIASES) {
      const target = byKey.get(keyOf(a.provider, a.alias));
      if (target && !byKey.has(keyOf(a.provider, a.name))) byKey.set(keyOf(a.provider, a.name), target);
    }
  }
  return byKey;
}

/**
 * `find_model(provider, name)`: the registered model or alias of that name (case-insensitive; a leading `models/`
 * or `<provider>/` as SDKs sometimes report it is dropped, and the trace says so). No other guessing: a dated or
 * renamed model EcoLogits does not list is not registered.
 */
export function findEcologitsModel(provider: EcologitsProvider, name: string): EcologitsModel | undefined {
  const reg = registry();
  const raw = name.trim();
  const hit = reg.get(keyOf(provider, raw));
  if (hit) return toModel(hit, hit.name === raw ? undefined : hit.name);
  const bare = raw.replace(/^models\//i, '').replace(new RegExp(`^(?:${provider}|${provider.split('_')[0]})/`, 'i'), '');
  const stripped = bare !== raw ? reg.get(keyOf(provider, bare)) : undefined;
  return stripped ? toModel(stripped, stripped.name) : undefined;
}

/**
 * For a host EcoLogits has no tracer for: the model of that name under any EcoLogits provider (first in
 * ECOLOGITS_PROVIDER_NAMES order), as EcoLogits' LiteLLM tracer finds a provider from the model name.
 */
export function findEcologitsModelAnyProvider(name: string): EcologitsModel | undefined {
  for (const p of ECOLOGITS_PROVIDER_NAMES) {
    const m = findEcologitsModel(p, name);
    if (m) return m;
  }
  const bare = name.trim().slice(name.trim().lastIndexOf('/') + 1);
  for (const p of ECOLOGITS_PROVIDER_NAMES) {
    const m = bare !== name.trim() ? findEcologitsModel(p, bare) : undefined;
    if (m) return { ...m, matchedAs: m.record.name };
  }
  return undefined;
}

/** EcoLogits' `ModelNotRegisteredError`, with the nearest registered names of that provider. */
export function modelNotRegistered(provider: string, name: string, within?: EcologitsProvider): EcologitsNotRegisteredError {
  const names = ECOLOGITS_MODELS.filter((m) => within === undefined || m.provider === within).map((m) => m.name);
  const aliases = ECOLOGITS_ALIASES.filter((a) => within === undefined || a.provider === within).map((a) => a.name);
  return new EcologitsNotRegisteredError('model', name, within ?? provider, suggest(name.trim(), [...names, ...aliases]));
}

// ------------------------------------------------------------------------------------------------------- zones

/** ISO 3166-1 alpha-2 → alpha-3 for the countries in EcoLogits' mix table (plus UK, as Electricity Maps spells GB). */
const ALPHA3_OF_ALPHA2: Readonly<Record<string, string>> = {
  AR: 'ARG', AU: 'AUS', AT: 'AUT', BE: 'BEL', BG: 'BGR', BR: 'BRA', CA: 'CAN', CH: 'CHE', CL: 'CHL', CN: 'CHN',
  CY: 'CYP', CZ: 'CZE', DE: 'DEU', DK: 'DNK', ES: 'ESP', EE: 'EST', FI: 'FIN', FR: 'FRA', GB: 'GBR', UK: 'GBR',
  GR: 'GRC', HU: 'HUN', ID: 'IDN', IN: 'IND', IE: 'IRL', IS: 'ISL', IT: 'ITA', JP: 'JPN', KR: 'KOR', LT: 'LTU',
  LU: 'LUX', LV: 'LVA', MX: 'MEX', MT: 'MLT', MY: 'MYS', NL: 'NLD', NO: 'NOR', NZ: 'NZL', PL: 'POL', PT: 'PRT',
  RO: 'ROU', RU: 'RUS', SK: 'SVK', SI: 'SVN', SE: 'SWE', TH: 'THA', TR: 'TUR', TW: 'TWN', UA: 'UKR', US: 'USA',
};

export interface EcologitsZone {
  /** EcoLogits zone code (alpha-3 or WOR). */
  readonly zone: string;
  readonly mix: EcologitsMixRecord;
  /** How the region given was read (`FR` → FRA, `azure:westeurope` → NL → NLD), when not literally a zone code. */
  readonly readAs?: string;
}

function zoneOf(code: string, readAs?: string): EcologitsZone | undefined {
  const mix = ECOLOGITS_MIXES[code];
  return mix ? { zone: code, mix, ...(readAs ? { readAs } : {}) } : undefined;
}

/**
 * The EcoLogits mix zone for a region: an EcoLogits code (`FRA`, `WOR`), `WORLD`, an ISO alpha-2 country or a
 * tokenprint grid zone (`FR`, `US-CAL-CISO` → its country), or a cloud region (`azure:swedencentral`, or a bare
 * region of the provider's own cloud) → the country of its grid zone. Throws EcoLogits' ZoneNotRegistered when the
 * country has no row in EcoLogits' table.
 */
export function resolveEcologitsZone(region: string, regionPrefix?: string): EcologitsZone {
  const r = region.trim();
  const up = r.toUpperCase();
  const direct = zoneOf(up === 'WORLD' ? 'WOR' : up);
  if (direct) return up === r ? direct : { ...direct, readAs: `'${r}' read as EcoLogits zone ${direct.zone}` };
  let country: string | undefined;
  let via = '';
  if (/^[A-Z]{2}$/.test(up)) country = up;
  else {
    const tries = [r];
    if (!r.includes(':') && regionPrefix) tries.push(`${regionPrefix}:${r.toLowerCase()}`);
    for (const t of tries) {
      try {
        const site = resolveSite({ region: t });
        country = site.zone.split('-')[0];
        via = site.region ? ` (grid zone ${site.zone})` : '';
        break;
      } catch {
        // not a tokenprint zone or region either: reported below as not registered
      }
    }
  }
  const alpha3 = country ? ALPHA3_OF_ALPHA2[country] : undefined;
  const z = alpha3 ? zoneOf(alpha3, `'${r}'${via} read as EcoLogits zone ${alpha3}`) : undefined;
  if (z) return z;
  throw new EcologitsNotRegisteredError('electricity mix zone', r, country ? `country ${country}` : 'EcoLogits', suggest(up, Object.keys(ECOLOGITS_MIXES)));
}
