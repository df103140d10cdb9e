/**
 * Turns a usage event into its footprint under one factor set. Self-hosted events use the deployment's physical
 * model (prepareInference, prepared once per deployment); API events use the provider call estimator (prepared
 * once per provider/model/region). Both are memoised so the per-row cost is a map lookup and a few
 * multiplications. Hourly grid data and market instruments then set the row's location- and market-based carbon.
 */
import type { Boundary, MethodTier } from '../../core/trace.js';
import { sourced } from '../../core/quantity.js';
import { exact } from '../../core/range.js';
import { TokenprintError } from '../../core/errors.js';
import { prepareInference, prepareInferenceNumbers, inferenceCoefficients, type InferenceEstimator, type RequestCoefficients } from '../../core/inference.js';
import type { Precision } from '../../core/precision.js';
import { resolveInferenceDeployment } from '../../estimate/inference-deployment.js';
import { resolveRegion } from '../../catalog/grid.js';
import { PROVIDER_IDS } from '../../catalog/providers.js';
import { prepareCallEnergy, type CallEnergy, type CallEnergyNumbers } from '../../estimate/call-estimate.js';
import type { UsageEvent } from '../../sources/usage/event.js';
import type { LedgerConfig, DeploymentConfig } from '../config.js';
import { MarketFactors } from './market.js';
import { UsageMapping } from '../mapping.js';
import { stableId } from './hash.js';

export type Scope = 'scope2' | 'scope3.1';

/** What a row's numbers rest on: kept once per distinct combination (the `tp_dims` table). */
export interface Dim {
  readonly id: number;
  readonly provider: string;
  readonly model: string;
  readonly deployment: string | null;
  readonly region: string | null;
  /** Model the estimate used (differs from `model` when a provider default stood in). */
  readonly estModel: string;
  readonly zone: string | null;
  readonly hardware: string | null;
  readonly method: MethodTier;
  readonly boundary: Boundary;
  readonly scope: Scope;
  /** `hourly`, `yearly` or `provider` (the call estimator's own figure). */
  readonly locBasis: string;
  /** `instrument:<n>`, `location` (no instrument: grid average) or `provider`. */
  readonly mktBasis: string;
  readonly fallback: string | null;
}

/** Footprint of one event; reused between calls (no allocation per row). */
export interface Footprint {
  dim: Dim;
  energyWh: number;
  energyWhLow: number;
  energyWhHigh: number;
  locG: number;
  locGLow: number;
  locGHigh: number;
  mktG: number;
  mktGLow: number;
  mktGHigh: number;
  waterMl: number;
  waterMlLow: number;
  waterMlHigh: number;
  /** On-site (cooling) part of waterMl, central value; off-site is waterMl − waterOnsiteMl. */
  waterOnsiteMl: number;
  embodiedG: number;
  embodiedGLow: number;
  embodiedGHigh: number;
}

export function emptyFootprint(): Footprint {
  return {
    dim: undefined as unknown as Dim,
    energyWh: 0, energyWhLow: 0, energyWhHigh: 0,
    locG: 0, locGLow: 0, locGHigh: 0,
    mktG: 0, mktGLow: 0, mktGHigh: 0,
    waterMl: 0, waterMlLow: 0, waterMlHigh: 0, waterOnsiteMl: 0,
    embodiedG: 0, embodiedGLow: 0, embodiedGHigh: 0,
  };
}

/** Hourly location-based intensity by zone and hour start (ms), gCO2e/kWh. */
export type HourlyLookup = ReadonlyMap<string, ReadonlyMap<number, number>>;

/** An estimator's closed form, as the warehouse factors need it (LedgerEstimator.coefficientsFor). */
export interface KeyCoefficients {
  readonly kind: 'deployment' | 'api';
  readonly coefficients: RequestCoefficients;
  /** Measured/modelled energy factor of a calibrated deployment (1 otherwise): scales energy, carbon, water. */
  readonly calibration: number;
  readonly zone: string | null;
  /** The zone's yearly location-based intensity (deployments; the market fallback), gCO2e/kWh. */
  readonly yearlyGPerKWh: number;
  readonly base: Prepared['base'];
}

interface Prepared {
  readonly kind: 'deployment' | 'api';
  readonly fn: (e: UsageEvent) => CallEnergyNumbers;
  /** The same numbers written into out[0..15) without allocating (energy, carbon loc, carbon mkt, water, embodied). */
  readonly nums?: (e: UsageEvent, out: Float64Array) => void;
  /**
   * With `nums`: off-site water per facility energy, L/kWh (= mL/Wh). The estimators compute off-site water as the
   * row's energy × this factor (core/inference.ts), so on-site = water − energyWh × this, exactly.
   */
  readonly offsiteMlPerWh?: number;
  /** The central numbers as closed-form coefficients (the warehouse view), where the method has them. */
  readonly coefficients?: () => RequestCoefficients;
  readonly zone: string | null;
  readonly yearlyGPerKWh: number;
  readonly calibration: number;
  readonly base: Omit<Dim, 'id' | 'locBasis' | 'mktBasis' | 'fallback' | 'model' | 'region'>;
  readonly fallback: string | null;
  /** Dims already made from this estimator (a handful: model spelling × carbon bases). */
  readonly dims: Dim[];
}

/** A provider model the catalog (and the config's mapping) does not know, and what became of its events. */
export interface UnknownModelCount {
  readonly provider: string;
  readonly model: string;
  /** Events seen since the last `takeUnknownModels()`. */
  readonly events: number;
  /** `rejected` (unknownModels: reject), `lenient` (booked with the class default) or `default` (providers.<id>.defaultModel). */
  readonly outcome: 'rejected' | 'lenient' | 'default';
}

/** One prepared API estimator, with the count of events it saw while its model is unknown. */
interface ApiSlot {
  readonly p: Prepared | string;
  readonly unknown?: { readonly provider: string; readonly model: string; readonly outcome: UnknownModelCount['outcome'] };
  n: number;
}

const HOUR_MS = 3_600_000;
/** The provider ids an API event may name: the catalog's profiles (catalog/providers.ts), never a second list. */
const KNOWN_PROVIDERS: readonly string[] = PROVIDER_IDS;

/**
 * The calibration for a deployment: among the entries saved under its name (profile-endpoint saves one per measured
 * concurrency), the one whose batch is closest to the batch the deployment serves at; on a tie, or when no entry
 * records a batch, the later entry in the file.
 */
export function pickCalibration(
  entries: readonly { deployment: string; factor: number; batch?: unknown }[],
  deployment: string,
  batch: number,
): { factor: number; batch?: number } | undefined {
  let best: { factor: number; batch?: number } | undefined;
  let bestD = Infinity;
  for (const c of entries) {
    if (c.deployment !== deployment) continue;
    const b = typeof c.batch === 'number' && Number.isFinite(c.batch) ? c.batch : undefined;
    const d = b === undefined ? Infinity : Math.abs(b - batch);
    if (best === undefined || d <= bestD) {
      best = b === undefined ? { factor: c.factor } : { factor: c.factor, batch: b };
      bestD = d;
    }
  }
  return best;
}

/** The 16 stored numbers of a per-request result: Prepared.nums order, then on-site water (central). */
function writeNumbers(r: CallEnergyNumbers, x: Float64Array): void {
  x[0] = r.energyWh.value; x[1] = r.energyWh.low; x[2] = r.energyWh.high;
  x[3] = r.carbonG.location.value; x[4] = r.carbonG.location.low; x[5] = r.carbonG.location.high;
  x[6] = r.carbonG.market.value; x[7] = r.carbonG.market.low; x[8] = r.carbonG.market.high;
  x[9] = r.waterMl.value; x[10] = r.waterMl.low; x[11] = r.waterMl.high;
  x[12] = r.embodiedCarbonG.value; x[13] = r.embodiedCarbonG.low; x[14] = r.embodiedCarbonG.high;
  x[15] = r.waterOnsiteMl.value;
}

/**
 * Off-site water per Wh of a call estimator (mL/Wh = L/kWh), read from one probe request: its off-site water is
 * the request's energy × the site's off-site factor (core/inference.ts), the same for every request.
 */
function offsitePerWh(perRequest: CallEnergy['perRequest']): number {
  const r = perRequest({ inputTokens: 1000, outputTokens: 100 });
  return r.energyWh.value > 0 ? r.waterOffsiteMl.value / r.energyWh.value : 0;
}

export class LedgerEstimator {
  private readonly deployments: Map<string, DeploymentConfig>;
  /** Prepared estimators: self-hosted by deployment name; API calls by provider → model → region. */
  private readonly preparedDeployments = new Map<string, Prepared | string>();
  private readonly preparedApi = new Map<string, Map<string, Map<string, ApiSlot>>>();
  /** The slots of unknown models, to list them once per ingest with their counts. */
  private readonly unknownSlots: ApiSlot[] = [];
  private readonly mapping: UsageMapping;
  private readonly dims = new Map<string, Dim>();
  private readonly market: MarketFactors;
  /** Dims created since the last `takeNewDims()` (to be stored with the batch that first uses them). */
  private fresh: Dim[] = [];
  /** Per-request numbers of the row being estimated (see Prepared.nums). */
  private readonly scratch = new Float64Array(16);

  constructor(
    private readonly config: LedgerConfig,
    private readonly hourly: HourlyLookup,
    /** id → content key of every dim already stored (ids stay stable across runs). */
    private readonly takenIds: Map<number, string> = new Map(),
  ) {
    this.deployments = new Map(config.deployments.map((d) => [d.name, d]));
    this.market = new MarketFactors(config.instruments);
    this.mapping = new UsageMapping(config);
  }

  /** Unknown provider models seen since the last call, with their event counts (reset by the call). */
  takeUnknownModels(): UnknownModelCount[] {
    const out: UnknownModelCount[] = [];
    for (const s of this.unknownSlots) {
      if (s.n === 0 || s.unknown === undefined) continue;
      out.push({ ...s.unknown, events: s.n });
      s.n = 0;
    }
    return out;
  }

  takeNewDims(): Dim[] {
    const f = this.fresh;
    this.fresh = [];
    return f;
  }

  /** The prepared estimator of an event's key (memoised), or the reason it cannot be estimated. */
  private preparedFor(e: UsageEvent, selfHosted: boolean, region: string | null): Prepared | string {
    // Nested maps: the per-row cost is three lookups on strings, no key built per row.
    let p: Prepared | string | undefined;
    if (selfHosted) {
      const name = e.deployment ?? '';
      p = this.preparedDeployments.get(name);
      if (p === undefined) this.preparedDeployments.set(name, (p = this.prepareDeployment(name)));
    } else {
      let byModel = this.preparedApi.get(e.provider);
      if (byModel === undefined) this.preparedApi.set(e.provider, (byModel = new Map()));
      let byRegion = byModel.get(e.model);
      if (byRegion === undefined) byModel.set(e.model, (byRegion = new Map()));
      let slot = byRegion.get(region ?? '');
      if (slot === undefined) {
        byRegion.set(region ?? '', (slot = this.prepareApi(e.provider, e.model, region)));
        if (slot.unknown !== undefined) this.unknownSlots.push(slot);
      }
      if (slot.unknown !== undefined) slot.n++;
      p = slot.p;
    }
    return p;
  }

  /**
   * What the warehouse view needs to evaluate an event's key in SQL (ledger/report/warehouse-factors.ts): the
   * estimator's closed-form coefficients, its calibration, zone and yearly intensity and the dim it books; or the
   * reason the key cannot be estimated.
   */
  coefficientsFor(e: UsageEvent): KeyCoefficients | string {
    const selfHosted = e.provider === 'self-hosted';
    const region = selfHosted ? null : (e.region ?? this.config.providers[e.provider]?.region ?? null);
    const p = this.preparedFor(e, selfHosted, region);
    if (typeof p === 'string') return p;
    if (p.coefficients === undefined) return `${p.base.method} estimator of ${e.provider}/${e.model} has no closed form`;
    return { kind: p.kind, coefficients: p.coefficients(), calibration: p.calibration, zone: p.zone, yearlyGPerKWh: p.yearlyGPerKWh, base: p.base };
  }

  /** Fills `out` and returns undefined, or returns the reason the event cannot be estimated. */
  estimate(e: UsageEvent, out: Footprint): string | undefined {
    const selfHosted = e.provider === 'self-hosted';
    const region = selfHosted ? null : (e.region ?? this.config.providers[e.provider]?.region ?? null);
    const p = this.preparedFor(e, selfHosted, region);
    if (typeof p === 'string') return p;
    const x = this.scratch;
    if (p.nums !== undefined) {
      p.nums(e, x);
      x[15] = x[9] - x[0] * (p.offsiteMlPerWh ?? 0);
    } else writeNumbers(p.fn(e), x);
    const k = p.calibration;
    out.energyWh = x[0] * k;
    out.energyWhLow = x[1] * k;
    out.energyWhHigh = x[2] * k;
    out.waterMl = x[9] * k;
    out.waterMlLow = x[10] * k;
    out.waterMlHigh = x[11] * k;
    out.waterOnsiteMl = x[15] * k;
    out.embodiedG = x[12];
    out.embodiedGLow = x[13];
    out.embodiedGHigh = x[14];
    // Location-based: the event's hour where hourly data exists, else the estimator's (yearly) figure.
    let locBasis = p.kind === 'api' ? 'provider' : 'yearly';
    const hourly = p.zone === null ? undefined : this.hourly.get(p.zone)?.get(Math.floor(e.timestampMs / HOUR_MS) * HOUR_MS);
    if (hourly !== undefined) {
      locBasis = 'hourly';
      out.locG = (out.energyWh / 1000) * hourly;
      out.locGLow = (out.energyWhLow / 1000) * hourly;
      out.locGHigh = (out.energyWhHigh / 1000) * hourly;
    } else {
      out.locG = x[3] * k;
      out.locGLow = x[4] * k;
      out.locGHigh = x[5] * k;
    }
    // Market-based: our own instruments apply to our own electricity (Scope 2) only.
    let mktBasis = p.kind === 'api' ? 'provider' : 'location';
    let note = p.fallback;
    const m = p.kind === 'deployment' && p.zone !== null ? this.market.at(p.zone, e.timestampMs, p.yearlyGPerKWh) : undefined;
    if (m !== undefined) {
      mktBasis = m.basis;
      if (m.note) note = note ? `${note}; ${m.note}` : m.note; // (only when an instrument lacks a residual mix)
      out.mktG = (out.energyWh / 1000) * m.gPerKWh;
      out.mktGLow = (out.energyWhLow / 1000) * m.gPerKWh;
      out.mktGHigh = (out.energyWhHigh / 1000) * m.gPerKWh;
    } else if (p.kind === 'deployment') {
      // No instrument covers this time: market-based falls back to the location-based figure of the same hour.
      out.mktG = out.locG;
      out.mktGLow = out.locGLow;
      out.mktGHigh = out.locGHigh;
    } else {
      out.mktG = x[6] * k;
      out.mktGLow = x[7] * k;
      out.mktGHigh = x[8] * k;
    }
    out.dim = this.dim(p, e.model, selfHosted ? null : region, locBasis, mktBasis, note);
    return undefined;
  }

  private dim(p: Prepared, model: string, region: string | null, locBasis: string, mktBasis: string, fallback: string | null): Dim {
    // Hot path: compare a few short strings instead of building a key per row.
    for (const d of p.dims) {
      if (d.model === model && d.region === region && d.locBasis === locBasis && d.mktBasis === mktBasis && d.fallback === fallback) return d;
    }
    const b = p.base;
    const content = [b.provider, model, b.deployment ?? '', region ?? '', b.estModel, b.zone ?? '', b.hardware ?? '', b.method, b.boundary, b.scope, locBasis, mktBasis, fallback ?? ''].join('\u0001');
    let d = this.dims.get(content);
    if (d === undefined) {
      d = { ...b, id: stableId(content, this.takenIds), model, region, locBasis, mktBasis, fallback };
      this.dims.set(content, d);
      this.fresh.push(d);
    }
    p.dims.push(d);
    return d;
  }

  private prepareDeployment(name: string): Prepared | string {
    const d = this.deployments.get(name);
    if (!d) {
      const known = [...this.deployments.keys()];
      return `deployment '${name}' is not in the config (${known.length ? `known: ${known.join(', ')}` : 'the config declares none'})`;
    }
    try {
      const { deployment, zone } = resolveInferenceDeployment({
        model: d.model,
        hardware: d.accelerator,
        gpus: d.count,
        precision: d.precision as Precision | undefined,
        batch: d.batch,
        boundary: this.config.boundary,
        region: d.region,
        pue: d.pue,
        wueOnsiteLPerKWh: d.wue,
        typicalInputTokens: d.typicalInputTokens,
        typicalOutputTokens: d.typicalOutputTokens,
      });
      const cal = pickCalibration(this.config.calibrations, name, deployment.batch.range.value);
      const calibration = cal?.factor;
      const dep =
        d.idleShare === undefined
          ? deployment
          : { ...deployment, idleShare: sourced(exact(d.idleShare), `config: deployments.${name}.idleShare`, false) };
      const inf: InferenceEstimator = prepareInference(dep);
      // prepareInference counts reasoning tokens beside the output; events count them inside it.
      const fn = (e: UsageEvent) =>
        inf({ inputTokens: e.inputTokens, cachedInputTokens: e.cachedInputTokens, outputTokens: e.outputTokens - e.reasoningTokens, reasoningTokens: e.reasoningTokens }).perRequest;
      const numbers = prepareInferenceNumbers(dep);
      const nums = (e: UsageEvent, out: Float64Array) =>
        numbers(e.inputTokens, e.cachedInputTokens, e.outputTokens - e.reasoningTokens, e.reasoningTokens, out, 0);
      const method: MethodTier = calibration !== undefined ? 'measured' : 'modeled:deployment';
      return {
        kind: 'deployment',
        fn,
        nums,
        offsiteMlPerWh: dep.site.offsiteWaterLPerKWh.range.value,
        coefficients: () => inferenceCoefficients(dep),
        zone,
        yearlyGPerKWh: deployment.site.locationIntensityGPerKWh.range.value,
        calibration: calibration ?? 1,
        base: {
          provider: 'self-hosted',
          deployment: name,
          estModel: deployment.model.id,
          zone,
          hardware: `${deployment.count}x ${deployment.hardware.id}`,
          method,
          boundary: deployment.boundary,
          scope: 'scope2',
        },
        fallback:
          cal === undefined
            ? null
            : `calibrated: measured/modelled energy factor ${cal.factor}` +
              (cal.batch !== undefined ? ` (measured at batch ${cal.batch}; deployment batch ${deployment.batch.range.value})` : ''),
        dims: [],
      };
    } catch (err) {
      if (err instanceof TokenprintError) return `deployment '${name}': ${err.message}`;
      throw err;
    }
  }

  /**
   * The estimator for an API provider/model/region, once per distinct combination. The config's mapping applies
   * here, for every reader's events alike: the provider model id is estimated as its mapped catalog model (the dim
   * keeps both: `model` as the source wrote it, `estModel`), the region as its mapped zone (the dim keeps the region).
   */
  private prepareApi(provider: string, model: string, region: string | null): ApiSlot {
    if (!KNOWN_PROVIDERS.includes(provider)) {
      return { p: `unknown provider '${provider}' (known: ${KNOWN_PROVIDERS.join(', ')}, or self-hosted with a deployment)`, n: 0 };
    }
    const where = region === null ? null : (this.mapping.zoneFor(region) ?? region);
    let zone: string | null = null;
    if (where !== null) {
      try {
        zone = resolveRegion(where).zone.id;
      } catch (err) {
        if (err instanceof TokenprintError) return { p: `region '${region}': ${err.message}${where !== region ? ` (mapped to '${where}' by mapping.zones)` : ''}`, n: 0 };
        throw err;
      }
    }
    const boundary = this.config.boundary;
    const attempt = (m: string, mode: 'strict' | 'lenient') => prepareCallEnergy(where === null ? { provider, model: m } : { provider, model: m, region: where }, { mode, boundary });
    const mapped = this.mapping.modelFor(model);
    let ce: CallEnergy;
    let estModel = mapped ?? model;
    let fallback: string | null = null;
    let unknown: ApiSlot['unknown'];
    try {
      ce = attempt(estModel, 'strict');
    } catch (err) {
      if (!(err instanceof TokenprintError)) throw err;
      const def = this.config.providers[provider]?.defaultModel;
      const asMapped = mapped === undefined ? '' : ` (mapped to '${mapped}' by mapping.models)`;
      try {
        if (def !== undefined) {
          ce = attempt(def, 'strict');
          estModel = def;
          fallback = `model '${model}'${asMapped} unknown: provider default '${def}' used (config providers.${provider}.defaultModel)`;
          unknown = { provider, model, outcome: 'default' };
        } else if (this.config.unknownModels === 'lenient') {
          ce = attempt(estModel, 'lenient');
          fallback = `model '${model}'${asMapped} unknown: lenient estimate (config unknownModels: lenient)`;
          unknown = { provider, model, outcome: 'lenient' };
        } else {
          const p = `unknown model '${model}'${asMapped} for ${provider} and no provider default (${err.message}); map it to a catalog model in mapping.models, or set providers.${provider}.defaultModel or unknownModels: lenient in the config`;
          return { p, unknown: { provider, model, outcome: 'rejected' }, n: 0 };
        }
      } catch (err2) {
        if (err2 instanceof TokenprintError) return { p: `model '${model}' (${provider}): ${err2.message}`, n: 0 };
        throw err2;
      }
    }
    const fb = ce.meta.fallback;
    if (fb !== undefined && fb !== '') fallback = fallback ? `${fallback}; ${fb}` : fb;
    const perRequest = ce.perRequest;
    const w = ce.writeNumbers;
    const prepared: Prepared = {
      kind: 'api',
      fn: (e) => perRequest(e),
      ...(w === undefined ? {} : { nums: (e: UsageEvent, out: Float64Array) => w(e.inputTokens, e.cachedInputTokens, e.outputTokens, e.reasoningTokens, out, 0), offsiteMlPerWh: offsitePerWh(perRequest) }),
      ...(ce.coefficients === undefined ? {} : { coefficients: ce.coefficients }),
      zone,
      yearlyGPerKWh: 0,
      calibration: 1,
      base: {
        provider,
        deployment: null,
        estModel,
        zone,
        hardware: null,
        method: ce.meta.method,
        boundary,
        scope: 'scope3.1',
      },
      fallback,
      dims: [],
    };
    return { p: prepared, unknown, n: 0 };
  }
}
