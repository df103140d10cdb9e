/**
 * Checks an interface makes on a request before estimating it, against the catalog: the request fits the model's
 * context, the provider serves the model, a training run's power and counts are physically possible. The CLI calls
 * these (it may not read the catalog itself); each error names the flag or field to change.
 */
import { ConflictingInputError } from '../core/errors.js';
import { checkRequestTokens } from '../core/input-checks.js';
import { resolveAnyModel } from '../catalog/model-lookup.js';
import { findProvider } from '../catalog/providers.js';
import { getAccelerator } from '../catalog/accelerators.js';

export { checkRequestTokens, MAX_GRID_G_PER_KWH } from '../core/input-checks.js';

/** Context-window check of a call to a model known by any name (API names included); unknown names pass here. */
export function checkCallTokens(model: string, t: { inputTokens: number; outputTokens: number }): void {
  const m = resolveAnyModel(model)?.model;
  if (m) checkRequestTokens(t, m);
}

/** `--provider anthropic --model gpt-4o`: the provider does not serve that developer's models; names both flags. */
export function checkProviderServes(provider: string, name: string): void {
  const p = findProvider(provider);
  const model = resolveAnyModel(name)?.model;
  if (!p || !model) return; // unknown ids are reported by the estimator, with suggestions
  if (p.serves.includes(model.developer) || (p.serves.includes('*') && model.openWeights)) return;
  throw new ConflictingInputError(
    `--provider ${provider} does not serve --model ${name} (${model.name} is made by ${model.developer}; ${p.name} serves ${p.serves.map((d) => (d === '*' ? 'open-weight models' : d)).join(', ')}). Fix one of the two, or pass --lenient to estimate anyway.`,
    { provider, model: name },
  );
}

/** A closed model whose parameter count is published (Mistral Large 2: 123B dense): only its layer shape is estimated. */
export function publishedSize(name: string): { paramsB: number; architecture: string } | undefined {
  const m = resolveAnyModel(name)?.model;
  if (!m || m.totalParams.low !== m.totalParams.high) return undefined;
  return { paramsB: m.totalParams.value / 1e9, architecture: m.architecture };
}

/** The rated power of an accelerator (for plausibility checks of a given power or energy). */
export function acceleratorTdp(id: string): { id: string; tdpW: number } {
  const a = getAccelerator(id);
  return { id: a.id, tdpW: a.tdpW };
}
