/**
 * Lever breakdown: from the baseline to the recommendation, one dimension at a time — model size, quantization,
 * batching, hardware, region, time shifting. Each lever is measured alone (baseline with only that dimension
 * changed) and in sequence (a waterfall whose steps add up to the combined saving). Every lever carries the trace
 * factors that changed, so a reader can see why it saves what it saves.
 */
import type { Range } from '../core/range.js';
import type { Factor } from '../core/trace.js';
import { type EvaluatedOption, type Evaluation, type Objective, type OptionSpec, objectiveValue } from './option.js';

export type LeverId = 'model' | 'quantization' | 'batching' | 'hardware' | 'region' | 'time-shifting';

interface LeverDef {
  readonly id: LeverId;
  readonly label: string;
  readonly changes: (s: OptionSpec, to: OptionSpec) => boolean;
  readonly apply: (s: OptionSpec, to: OptionSpec) => OptionSpec;
}

/** Model or precision changes re-size the replica (smallest count that holds the weights); hardware sets the target's. */
export const LEVERS: readonly LeverDef[] = [
  {
    id: 'model',
    label: 'model',
    changes: (s, t) => s.model !== t.model,
    apply: (s, t) => ({ ...s, model: t.model, countPerReplica: undefined }),
  },
  {
    id: 'quantization',
    label: 'quantization',
    changes: (s, t) => s.precision !== t.precision,
    apply: (s, t) => ({ ...s, precision: t.precision, countPerReplica: undefined }),
  },
  { id: 'batching', label: 'batching', changes: (s, t) => s.batching.id !== t.batching.id, apply: (s, t) => ({ ...s, batching: t.batching }) },
  {
    id: 'hardware',
    label: 'hardware',
    changes: (s, t) => s.accelerator !== t.accelerator || s.countPerReplica !== t.countPerReplica,
    apply: (s, t) => ({ ...s, accelerator: t.accelerator, countPerReplica: t.countPerReplica }),
  },
  { id: 'region', label: 'region', changes: (s, t) => s.region !== t.region, apply: (s, t) => ({ ...s, region: t.region }) },
  { id: 'time-shifting', label: 'time shifting', changes: (s, t) => s.hours !== t.hours, apply: (s, t) => ({ ...s, hours: t.hours }) },
];

export interface LeverEffect {
  readonly lever: LeverId;
  readonly label: string;
  /** False when the baseline and the recommendation agree on this dimension. */
  readonly applies: boolean;
  readonly option?: string;
  /** Objective after the change, per year; undefined when the change alone is infeasible. */
  readonly after?: Range;
  readonly saving?: number;
  readonly savingFraction?: number;
  readonly energySavingKWh?: number;
  readonly infeasibleReason?: string;
  readonly note?: string;
  /** Trace factors whose value differs from the state before the change. */
  readonly changed: readonly { readonly name: string; readonly from?: number; readonly to: number; readonly unit: string; readonly source: string }[];
}

export interface LeverBreakdown {
  readonly objective: Objective;
  readonly baseline: Range;
  readonly recommended: Range;
  readonly combinedSaving: number;
  readonly combinedFraction: number;
  readonly alone: readonly LeverEffect[];
  /**
   * Sequential: each step's saving is measured from the previous feasible state and expressed as a share of the
   * baseline, so steps (and their fractions) sum to the combined saving.
   */
  readonly waterfall: readonly LeverEffect[];
}

function diff(a: readonly Factor[], b: readonly Factor[]): LeverEffect['changed'] {
  const before = new Map(a.map((f) => [f.name, f]));
  const out: { name: string; from?: number; to: number; unit: string; source: string }[] = [];
  for (const f of b) {
    const o = before.get(f.name);
    if (!o || Math.abs(o.value - f.value) > 1e-12 * Math.max(1, Math.abs(f.value))) {
      out.push({ name: f.name, ...(o ? { from: o.value } : {}), to: f.value, unit: f.unit, source: f.source });
    }
  }
  return out;
}

export function leverBreakdown(
  baseline: EvaluatedOption,
  recommended: EvaluatedOption,
  objective: Objective,
  evaluate: (s: OptionSpec) => Evaluation,
): LeverBreakdown {
  const base = baseline.spec;
  const target = recommended.spec;
  const v0 = objectiveValue(baseline, objective).value;
  const effect = (def: LeverDef, from: EvaluatedOption, spec: OptionSpec, ev: Evaluation | undefined, note?: string, fractionOf?: number): LeverEffect => {
    if (!ev) return { lever: def.id, label: def.label, applies: false, changed: [], note: 'same in baseline and recommendation' };
    if (!ev.ok) return { lever: def.id, label: def.label, applies: true, option: ev.label, infeasibleReason: ev.reason, changed: [], note };
    const after = objectiveValue(ev.option, objective);
    const before = objectiveValue(from, objective).value;
    return {
      lever: def.id,
      label: def.label,
      applies: true,
      option: ev.option.label,
      after,
      saving: before - after.value,
      // Alone: share of the baseline; in sequence: share of the baseline too, so the steps' fractions add up.
      savingFraction: (fractionOf ?? before) > 0 ? (before - after.value) / (fractionOf ?? before) : 0,
      energySavingKWh: from.annual.energyKWh.value - ev.option.annual.energyKWh.value,
      changed: diff(from.trace, ev.option.trace),
      ...(note ? { note } : {}),
    };
  };

  const alone = LEVERS.map((def) => (def.changes(base, target) ? effect(def, baseline, def.apply(base, target), evaluate(def.apply(base, target))) : effect(def, baseline, base, undefined)));

  const waterfall: LeverEffect[] = [];
  let state: OptionSpec = base;
  let last: EvaluatedOption = baseline;
  let pending: string[] = [];
  LEVERS.forEach((def, i) => {
    if (!def.changes(state, target)) {
      waterfall.push(effect(def, last, state, undefined));
      return;
    }
    state = def.apply(state, target);
    // The last lever lands on the recommendation itself, so the steps always add up to the combined saving.
    const isLast = !LEVERS.slice(i + 1).some((d) => d.changes(state, target));
    const ev: Evaluation = isLast ? { ok: true, option: recommended } : evaluate(state);
    if (!ev.ok) {
      pending.push(def.label);
      waterfall.push(effect(def, last, state, ev, 'infeasible at this point of the sequence; its saving is counted in the next feasible step'));
      return;
    }
    const note = pending.length ? `includes ${pending.join(', ')} (infeasible on its own at this point)` : undefined;
    waterfall.push(effect(def, last, state, ev, note, v0));
    pending = [];
    last = ev.option;
  });
  const vR = objectiveValue(recommended, objective).value;
  return {
    objective,
    baseline: objectiveValue(baseline, objective),
    recommended: objectiveValue(recommended, objective),
    combinedSaving: v0 - vR,
    combinedFraction: v0 > 0 ? (v0 - vR) / v0 : 0,
    alone,
    waterfall,
  };
}
