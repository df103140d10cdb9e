/**
 * From a call's (provider, model, region) to what an estimate method needs: the provider profile, the model's
 * parameter range (closed-models.ts or models.ts) and the site factors. Strict mode throws for an unknown id; lenient
 * mode falls back (generic provider, the provider's class default model, its default location) and records it.
 */
import { type Factor, factor } from '../core/trace.js';
import { type SiteFactors, type SourcedRange, sourced } from '../core/quantity.js';
import { UnknownIdError } from '../core/errors.js';
import type { ModelSpec } from '../catalog/types.js';
import { resolveSite, type ResolvedSite } from '../catalog/site.js';
import { resolveAnyModel, suggestModels } from '../catalog/model-lookup.js';
import { GENERIC_PROVIDER, type ProviderProfile, findProvider, getProvider, providerClassModel, providerEfficiency } from '../catalog/providers.js';
import type { CallKey, CallMode } from './call-types.js';

export interface ResolvedCall {
  readonly provider: ProviderProfile;
  readonly model: ModelSpec;
  readonly site: ResolvedSite;
  readonly siteFactors: SiteFactors;
  /** True when the region came from the provider profile, not the caller. */
  readonly regionDefaulted: boolean;
  readonly fallbacks: readonly string[];
  readonly modelTrace: readonly Factor[];
  readonly mode: CallMode;
}

function resolveProvider(name: string, mode: CallMode, fallbacks: string[]): ProviderProfile {
  if (mode === 'strict') return getProvider(name);
  const p = findProvider(name);
  if (p) return p;
  fallbacks.push(`unknown provider '${name}': generic hyperscale profile used`);
  return GENERIC_PROVIDER;
}

function resolveModel(name: string, p: ProviderProfile, mode: CallMode, fallbacks: string[]): { model: ModelSpec; trace: Factor[] } {
  const hit = resolveAnyModel(name);
  if (hit) {
    const matched = hit.matchedAs === name.trim().toLowerCase() ? [] : [factor('modelNameMatched', 1, '1', `'${name}' read as '${hit.matchedAs}' → ${hit.model.id}`, false)];
    return { model: hit.model, trace: matched };
  }
  if (mode === 'strict') {
    const err = new UnknownIdError('model', name, suggestModels(name));
    err.message +=
      ' The model catalog has no entry for this name: pass a catalogued name, or use lenient mode' +
      " (CLI --lenient, { mode: 'lenient' }) for a flagged, wide estimate from the provider's class default.";
    throw err;
  }
  const model = providerClassModel(p);
  fallbacks.push(
    `unknown model '${name}': ${p.id} class default used (total ${fmtB(model.totalParams.low)}–${fmtB(model.totalParams.high)} parameters)`,
  );
  return { model, trace: [] };
}

function fmtB(n: number): string {
  return `${Math.round(n / 1e9)}B`;
}

function resolveLocation(p: ProviderProfile, region: string | undefined, mode: CallMode, fallbacks: string[]): { site: ResolvedSite; defaulted: boolean } {
  const asGiven = region?.trim();
  if (asGiven) {
    const tries = [asGiven];
    if (!asGiven.includes(':') && p.regionPrefix) tries.push(`${p.regionPrefix}:${asGiven.toLowerCase()}`);
    let first: unknown;
    for (const t of tries) {
      try {
        return { site: resolveSite({ region: t }), defaulted: false };
      } catch (e) {
        first ??= e;
      }
    }
    if (mode === 'strict') throw first;
    fallbacks.push(`unknown region '${asGiven}': ${p.id} default location (${p.defaultRegion}) used`);
  }
  return { site: p.defaultRegion === 'WORLD' ? resolveSite({}) : resolveSite({ region: p.defaultRegion }), defaulted: true };
}

function markAssumed(q: SourcedRange, note: string): SourcedRange {
  return sourced(q.range, q.source, true, q.note ? `${q.note}; ${note}` : note);
}

export function resolveCall(key: CallKey, mode: CallMode): ResolvedCall {
  const fallbacks: string[] = [];
  const provider = resolveProvider(key.provider, mode, fallbacks);
  const { model, trace } = resolveModel(key.model, provider, mode, fallbacks);
  const { site, defaulted } = resolveLocation(provider, key.region, mode, fallbacks);
  const eff = providerEfficiency(provider);
  const f = site.factors;
  // A named cloud region has its operator's own figures; otherwise the provider's fleet figures apply.
  const regionHasOperator = site.region !== undefined;
  const locNote = `no region given: ${provider.regionSource}`;
  const siteFactors: SiteFactors = {
    pue: regionHasOperator ? f.pue : eff.pue,
    wueOnsiteLPerKWh: regionHasOperator ? f.wueOnsiteLPerKWh : eff.wueOnsite,
    locationIntensityGPerKWh: defaulted ? markAssumed(f.locationIntensityGPerKWh, locNote) : f.locationIntensityGPerKWh,
    marketIntensityGPerKWh: defaulted ? markAssumed(f.marketIntensityGPerKWh, locNote) : f.marketIntensityGPerKWh,
    offsiteWaterLPerKWh: f.offsiteWaterLPerKWh,
  };
  return { provider, model, site, siteFactors, regionDefaulted: defaulted, fallbacks, modelTrace: trace, mode };
}
