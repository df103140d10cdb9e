/**
 * The data EcoLogits ships with its method, for the `ecologits` comparison mode: provider defaults (location, PUE,
 * on-site WUE), electricity mixes, and the deployment speeds (OpenRouter statistics) its HEAD uses for latency.
 * Sources: genai-impact/ecologits v0.9.1 @ 2d0a1c7 and mlco2/ecologits @ 5be90da (2026-03):
 * `ecologits/tracers/utils.py::PROVIDER_CONFIG_MAP`, `ecologits/data/electricity_mixes.csv`,
 * `ecologits/data/models.json` (`deployment: {tps, ttft}`). MPL-2.0.
 */
import { type Range, exact, range } from '../core/range.js';
import type { DeploymentSpeed } from '../core/ecologits.js';

const SRC = 'EcoLogits tracers/utils.py PROVIDER_CONFIG_MAP (v0.9.1 @ 2d0a1c7; mlco2/ecologits @ 5be90da)';

export interface EcologitsProviderConfig {
  /** ISO 3166 alpha-3 zone of EcoLogits' electricity mix table. */
  readonly mixZone: string;
  readonly pue: Range;
  readonly wueOnsite: Range;
  readonly source: string;
  /** True when EcoLogits has no entry for the provider and we took the nearest one. */
  readonly assumed: boolean;
}

const US_MIXED: Omit<EcologitsProviderConfig, 'source' | 'assumed'> = {
  mixZone: 'USA',
  pue: range(1.09, 1.09, 1.14),
  wueOnsite: range(0.13, 0.13, 0.99),
};

/** Keyed by our provider ids (providers.ts). */
export const ECOLOGITS_PROVIDERS: Readonly<Record<string, EcologitsProviderConfig>> = {
  openai: { mixZone: 'USA', pue: exact(1.2), wueOnsite: exact(0.569), source: `${SRC}: openai`, assumed: false },
  'azure-openai': { mixZone: 'USA', pue: exact(1.2), wueOnsite: exact(0.569), source: `${SRC}: azure_openai (as openai)`, assumed: false },
  anthropic: {
    mixZone: 'USA',
    pue: range(1.09, 1.09, 1.14),
    wueOnsite: range(0.13, 0.13, 0.999),
    source: `${SRC}: anthropic`,
    assumed: false,
  },
  google: { mixZone: 'USA', pue: exact(1.09), wueOnsite: exact(0.999), source: `${SRC}: google_genai`, assumed: false },
  mistral: { mixZone: 'SWE', pue: exact(1.16), wueOnsite: exact(0.09), source: `${SRC}: mistralai`, assumed: false },
  cohere: { mixZone: 'USA', pue: exact(1.09), wueOnsite: exact(0.999), source: `${SRC}: cohere`, assumed: false },
  'aws-bedrock': { ...US_MIXED, source: `${SRC}: no bedrock entry; huggingface_hub defaults used`, assumed: true },
  together: { ...US_MIXED, source: `${SRC}: no together entry; huggingface_hub defaults used`, assumed: true },
  generic: { ...US_MIXED, source: `${SRC}: unknown provider; huggingface_hub defaults used`, assumed: true },
};

export interface EcologitsMix {
  /** kgCO2e/kWh. */
  readonly gwpKgPerKWh: number;
  /** Off-site water, L/kWh (WRI). */
  readonly wueLPerKWh: number;
}

/** Rows of `electricity_mixes.csv` (GWP: Our World in Data, since Nov 2025; WUE: WRI), as read for the note. */
export const ECOLOGITS_MIXES: Readonly<Record<string, EcologitsMix>> = {
  USA: { gwpKgPerKWh: 0.38355, wueLPerKWh: 3.1321 },
  FRA: { gwpKgPerKWh: 0.04418, wueLPerKWh: 3.6737 },
  SWE: { gwpKgPerKWh: 0.03582, wueLPerKWh: 6.0315 },
  WOR: { gwpKgPerKWh: 0.47301, wueLPerKWh: 3.908 },
};

/** Electricity Maps country code → EcoLogits alpha-3 zone, for the mixes above. */
export const ECOLOGITS_ZONE_OF_COUNTRY: Readonly<Record<string, string>> = { US: 'USA', FR: 'FRA', SE: 'SWE' };

/** Deployment speed (tokens/s, TTFT s) EcoLogits HEAD carries for these models (OpenRouter statistics). */
export const ECOLOGITS_SPEEDS: Readonly<Record<string, DeploymentSpeed>> = {
  'gpt-4o': { tps: 37.8, ttftS: 0.52 },
  'gpt-4o-mini': { tps: 36.8, ttftS: 0.49 },
  'gpt-4-turbo': { tps: 25.4, ttftS: 0.7 },
  'gpt-5': { tps: 44.9, ttftS: 9.8 },
  'claude-opus-4': { tps: 24.2, ttftS: 1.62 },
  'claude-opus-4-5': { tps: 32.5, ttftS: 1.65 },
  'claude-sonnet-4': { tps: 47.5, ttftS: 1.13 },
  'claude-haiku-4-5': { tps: 69.9, ttftS: 0.58 },
  'gemini-2.0-flash': { tps: 69.1, ttftS: 0.53 },
  'gemini-2.5-flash': { tps: 69.1, ttftS: 0.53 },
  'gemini-2.5-pro': { tps: 92.0, ttftS: 2.67 },
  'mistral-large-2': { tps: 36.9, ttftS: 1.05 },
};
