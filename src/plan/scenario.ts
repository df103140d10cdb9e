/**
 * The planning scenario: what the user serves (workload, growth, quality floor) and what they could change
 * (candidate models, accelerators, counts, precisions, batching regimes, regions, hours). Validated once at the
 * edge with zod; every error names the file, the line and the YAML path of the bad field. Documented field by
 * field in docs/planning.md; example in examples/scenario.yaml.
 */
import { dirname, resolve } from 'node:path';
import { MAX_YAML_BYTES, atYamlPath, dottedYamlPath, parseCappedYamlWith, readCappedText, type YamlPath } from '../sources/capped-file.js';
import { z } from 'zod';
import { InvalidInputError } from '../core/errors.js';
import { PRECISIONS, type Precision } from '../core/precision.js';
import { getAccelerator } from '../catalog/accelerators.js';
import { resolveRegion } from '../catalog/grid.js';
import { getModel } from '../catalog/models.js';

const positive = z.number().positive();
const tokens = z.strictObject({
  /** Mean tokens per request: sets energy (energy is close to linear in tokens). */
  mean: positive,
  /** 90th percentile: sizes the KV cache a batch must hold (memory limit on the batch). */
  p90: positive.optional(),
});
const precision = z.enum(PRECISIONS as unknown as [Precision, ...Precision[]]);
const hours = z.enum(['as-demanded', 'cleanest']);
export type HoursMode = z.infer<typeof hours>;
const batching = z.strictObject({ id: z.string().min(1), maxBatch: z.number().int().min(1) });
export type BatchingRegime = z.infer<typeof batching>;

const optionSpec = z.strictObject({
  model: z.string().min(1),
  accelerator: z.string().min(1),
  countPerReplica: z.number().int().min(1).optional(),
  precision: precision.optional(),
  batching: z.string().min(1).optional(),
  region: z.string().min(1),
  hours: hours.optional(),
});

const hourly24 = z.array(z.number().nonnegative()).length(24);

export const scenarioSchema = z.strictObject({
  name: z.string().optional(),
  workload: z.strictObject({
    requestsPerDay: positive,
    /** 24 relative weights, hour 0 first (same clock as the hourly grid data; UTC recommended). Default flat. */
    dailyProfile: hourly24.optional(),
    inputTokens: tokens,
    outputTokens: tokens,
    latency: z.strictObject({ maxInterTokenMs: positive }),
    deferrableShare: z.number().min(0).max(1).default(0),
    /** Hours in which deferred work may run (default: any hour). */
    deferrableHours: z.array(z.number().int().min(0).max(23)).min(1).optional(),
    /** Highest average utilisation a replica is planned for at peak (assumption, default 0.8). */
    maxUtilisation: z.number().gt(0).max(1).optional(),
  }),
  growth: z
    .strictObject({
      demandPerYear: z.number().gt(-1).default(0),
      horizonYears: z.number().int().min(1).max(30).default(3),
      efficiencyGainPerYear: z.number().min(0).lt(1).default(0),
    })
    .default({ demandPerYear: 0, horizonYears: 3, efficiencyGainPerYear: 0 }),
  quality: z.strictObject({ metric: z.string().min(1), floor: z.number() }),
  models: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        quality: z.number(),
        source: z.string().min(1),
        qualityByPrecision: z.record(z.string(), z.number()).optional(),
      }),
    )
    .min(1),
  candidates: z.strictObject({
    accelerators: z.array(z.string().min(1)).min(1),
    countsPerReplica: z.array(z.number().int().min(1).max(64)).min(1).optional(),
    precisions: z.array(precision).min(1).optional(),
    batching: z.array(batching).min(1).default([{ id: 'continuous-256', maxBatch: 256 }]),
    regions: z.array(z.string().min(1)).min(1),
    hours: z.array(hours).min(1).default(['as-demanded']),
  }),
  grid: z
    .strictObject({
      /** zone or region → 24 hourly average intensities, gCO2e/kWh. */
      hourlyIntensity: z.record(z.string(), hourly24).optional(),
      /** A CSV/JSON file of hourly values (see `tokenprint schedule --source file:`), averaged by hour of day. */
      file: z.string().min(1).optional(),
      source: z.string().min(1).optional(),
    })
    .optional(),
  baseline: optionSpec.optional(),
  objective: z.enum(['carbon-location', 'carbon-market', 'energy', 'water']).default('carbon-location'),
});

export type Scenario = z.infer<typeof scenarioSchema> & { readonly file: string; readonly baseDir: string };
export type OptionSpecInput = z.infer<typeof optionSpec>;

type Path = YamlPath;
const dotted = dottedYamlPath;

/** Parses and validates scenario YAML text; `file` is used in messages and to resolve relative paths. */
export function parseScenario(text: string, file = 'scenario.yaml'): Scenario {
  const { data, where } = parseCappedYamlWith(text, file, scenarioSchema, 'docs/planning.md');
  const s: Scenario = { ...data, file, baseDir: dirname(resolve(file)) };
  checkIds(s, where);
  return s;
}

/** Catalog ids are checked here so an unknown id points at its line, with the catalog's suggestions. */
function checkIds(s: Scenario, where: (p: Path) => string): void {
  const check = (path: Path, f: () => unknown): void => void atYamlPath(where, path, f);
  s.models.forEach((m, i) => check(['models', i, 'id'], () => getModel(m.id)));
  s.candidates.accelerators.forEach((a, i) => check(['candidates', 'accelerators', i], () => getAccelerator(a)));
  s.candidates.regions.forEach((g, i) => check(['candidates', 'regions', i], () => resolveRegion(g)));
  const ids = new Set(s.models.map((m) => getModel(m.id).id));
  if (ids.size !== s.models.length) throw new InvalidInputError(`${where(['models'])} models`, 'lists the same model twice');
  if (s.baseline) {
    const b = s.baseline;
    check(['baseline', 'model'], () => getModel(b.model));
    check(['baseline', 'accelerator'], () => getAccelerator(b.accelerator));
    check(['baseline', 'region'], () => resolveRegion(b.region));
    if (!ids.has(getModel(b.model).id)) {
      throw new InvalidInputError(`${where(['baseline', 'model'])} baseline.model`, `'${b.model}' needs an entry under models: (its quality score)`);
    }
    if (b.batching !== undefined && !s.candidates.batching.some((x) => x.id === b.batching)) {
      throw new InvalidInputError(
        `${where(['baseline', 'batching'])} baseline.batching`,
        `'${b.batching}' is not one of candidates.batching (${s.candidates.batching.map((x) => x.id).join(', ')})`,
      );
    }
  }
  if (s.grid?.hourlyIntensity) {
    for (const z of Object.keys(s.grid.hourlyIntensity)) check(['grid', 'hourlyIntensity', z], () => resolveRegion(z));
  }
}

export function loadScenarioFile(path: string): Scenario {
  return parseScenario(readCappedText(path, 'scenario', MAX_YAML_BYTES), path);
}
