/**
 * The training-run file (`run.yaml`) the model-level disclosures read: the model, its training compute and
 * hardware, energy (measured or not) with its boundary, the site (PUE, grid, market instruments), synthetic-data and
 * fine-tuning compute, the inference benchmark, and what a supplier withheld. Validated once here with zod;
 * `schemas/run.schema.json` is generated from this schema (scripts/gen-run-schema.ts) for editors. Every field is
 * documented in docs/disclose.md; example: examples/run.yaml.
 */
import { z } from 'zod';
import { getAccelerator } from '../catalog/accelerators.js';
import { resolveRegion } from '../catalog/grid.js';
import { InvalidInputError } from '../core/errors.js';
import { MAX_YAML_BYTES, atYamlPath, parseCappedYamlWith, readCappedText, type YamlPath } from '../sources/capped-file.js';
import { PROFILE_IDS, regulatoryProfile } from './regulatory-profile.js';

const positive = z.number().positive();
const fraction = z.number().gt(0).max(1);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-03-31');
const text = z.string().min(1);

/** The Model Documentation Form items a supplier's withholding can turn into N/A (research §1.3.1). */
export const FORM_ITEMS = ['C1', 'C2', 'C3', 'C4', 'C5', 'E1', 'E2', 'E3', 'E4'] as const;
export type FormItem = (typeof FORM_ITEMS)[number];

export const UTILISATION_DEFINITIONS = ['mfu', 'hfu', 'dcgm-tensor-active', 'nvidia-smi-utilization'] as const;
export type UtilisationDefinition = (typeof UTILISATION_DEFINITIONS)[number];
export const PEAK_BASES = ['bf16-dense', 'fp8-dense', 'int8-dense', 'fp4-dense'] as const;
export type PeakBasis = (typeof PEAK_BASES)[number];
export const ENERGY_BOUNDARIES = ['accelerator', 'node', 'cluster-it', 'facility'] as const;
export type EnergyBoundary = (typeof ENERGY_BOUNDARIES)[number];
export const OUTPUT_MODALITIES = ['text', 'code', 'audio', 'speech', 'image', 'video', 'other'] as const;

const sourcedNumber = (schema: z.ZodNumber) => z.strictObject({ value: schema, source: text.describe('Where the value comes from') });

export const runSchema = z.strictObject({
  documentVersion: text.describe('Version of this documentation (Model Documentation Form `documentVersion`)'),
  lastUpdated: isoDate.describe('Date of this version (form `lastUpdated`)'),
  regulatoryProfile: z
    .enum(PROFILE_IDS as unknown as [string, ...string[]])
    .default('eu-ai-act-2024-1689+omnibus-2026')
    .describe('Dated set of AI Act milestones to apply (src/disclose/regulatory-profile.ts)'),
  profileDates: z
    .record(z.string(), isoDate)
    .default({})
    .describe('Milestone id → date, overriding the profile (e.g. gpai-enforcement: 2026-08-02)'),
  model: z.strictObject({
    name: text.describe('Unique model identifier, e.g. "Acme-7B v1.0"'),
    provider: text.describe('Legal name of the provider'),
    paramsTotal: positive.describe('Total parameters'),
    paramsActive: positive.optional().describe('Parameters active per token (mixture of experts); default: paramsTotal'),
    outputs: z
      .array(z.enum(OUTPUT_MODALITIES))
      .min(1)
      .describe('What the model generates (the GPAI presumption needs language, image or video generation)'),
    openSource: z.boolean().default(false).describe('Weights, architecture and usage information public under a free and open-source licence (Art. 53(2))'),
    methodologyUrl: z.string().url().optional().describe('Link to the methodology, for the model card'),
  }),
  training: z.strictObject({
    tokens: positive.optional().describe('Training tokens D (architecture-based method 6·P·D)'),
    hardware: z.strictObject({
      accelerator: text.describe('Accelerator id (`tokenprint catalog accelerators`)'),
      count: z.number().int().positive().optional().describe('Accelerators N (constant over the run)'),
      acceleratorHours: positive.optional().describe('Accelerator-hours N·L/3600, from the scheduler or billing'),
      wallClockDays: positive.optional().describe('Wall-clock training days (with count gives the hours when acceleratorHours is not given)'),
      owner: text.optional().describe('Owner of the training hardware (beyond-compliance item)'),
      location: text.optional().describe('Where the hardware is, in words (beyond-compliance item)'),
      cloudProvider: text.optional().describe('Cloud or compute provider, for the model card'),
    }),
    peak: z
      .strictObject({
        basis: z.enum(PEAK_BASES).describe('Precision and sparsity basis of H, the peak FLOP/s per accelerator'),
        tflopsPerAccelerator: positive.optional().describe('Override of the catalog peak at that basis, TFLOP/s'),
        source: text.optional(),
      })
      .default({ basis: 'bf16-dense' })
      .describe('H in N·L·H·U; stated in every output'),
    utilisation: z
      .strictObject({
        value: fraction,
        definition: z.enum(UTILISATION_DEFINITIONS).describe('What U means: model FLOPs utilisation, hardware FLOPs utilisation, DCGM tensor activity, nvidia-smi utilisation'),
        source: text,
      })
      .optional()
      .describe('U in N·L·H·U (hardware-based method)'),
    power: z
      .strictObject({
        watts: positive.describe('Average power per accelerator, W'),
        basis: z.enum(['measured', 'tdp']),
        scope: z.enum(['accelerator', 'system']).describe('accelerator: the host share from the catalog is added; system: per-accelerator server power'),
        source: text.optional(),
      })
      .optional()
      .describe('Default: the catalog TDP × 0.85 (0.6–1.0), host added'),
    measuredEnergy: z
      .strictObject({
        mwh: positive,
        boundary: z.enum(ENERGY_BOUNDARIES).describe('What the meter covers: accelerator, node (servers), cluster-it (all IT), facility (after PUE)'),
        source: text,
        includesExperiments: z.boolean().default(false).describe('Whether the metered energy includes experiments and failed runs'),
      })
      .optional(),
    pue: sourcedNumber(z.number().min(1)).optional().describe('Default: from the region / operator profile'),
    region: text.optional().describe('Grid zone (FR) or cloud region (aws:eu-west-3)'),
    gridIntensityGPerKWh: sourcedNumber(z.number().min(0)).optional().describe('Location-based grid factor, overrides the region'),
    marketInstruments: z
      .array(
        z.strictObject({
          kind: z.enum(['ppa', 'certificates', 'supplier']),
          coverage: fraction.describe('Share of the run’s electricity covered'),
          factorGPerKWh: z.number().min(0).default(0),
          source: text.describe('Contract, registry or supplier disclosure'),
        }),
      )
      .default([]),
    residualMixGPerKWh: sourcedNumber(z.number().min(0)).optional().describe('For the uncovered share; default: the location-based factor (disclosed)'),
    syntheticData: z
      .strictObject({
        flop: positive.describe('Forward-pass compute of generating the data, discarded samples included'),
        public: z.boolean().describe('Public synthetic data is excluded from training compute (Guidelines A.1)'),
        note: text.optional(),
      })
      .optional(),
    fineTuning: z.strictObject({ flop: positive, note: text.optional() }).optional(),
    reportedMethod: z.enum(['hardware', 'architecture']).optional().describe('Which estimate is reported (default: hardware-based when hours and U are given)'),
  }),
  modification: z
    .strictObject({
      baseModel: text,
      baseTrainingFlop: positive.optional().describe('Training compute of the original model, when known'),
      baseIsSystemicRisk: z.boolean().default(false),
    })
    .optional()
    .describe('When this run modifies (fine-tunes) someone else’s model: the one-third rule'),
  inference: z
    .strictObject({
      task: text.describe('The benchmark task in words, e.g. "generating 100000 tokens"'),
      inputTokens: z.number().int().min(0).default(0),
      outputTokens: z.number().int().positive(),
      accelerator: text,
      count: z.number().int().positive().default(1),
    })
    .optional(),
  withheld: z
    .array(z.strictObject({ item: z.enum(FORM_ITEMS), reason: text.describe('Which information the compute or hardware provider did not share') }))
    .default([]),
  evidence: z
    .array(z.strictObject({ kind: z.enum(['measure-csv', 'profile-endpoint', 'metering', 'other']), path: text, description: text.optional() }))
    .default([]),
});

export type RunFile = z.infer<typeof runSchema> & { readonly file: string };

/** Parses and validates run.yaml text; `file` appears in messages. */
export function parseRunFile(source: string, file = 'run.yaml'): RunFile {
  const { data, where } = parseCappedYamlWith(source, file, runSchema, 'docs/disclose.md');
  const check = (path: YamlPath, f: () => unknown): void => void atYamlPath(where, path, f);
  check(['training', 'hardware', 'accelerator'], () => getAccelerator(data.training.hardware.accelerator));
  if (data.inference) check(['inference', 'accelerator'], () => getAccelerator(data.inference?.accelerator ?? ''));
  if (data.training.region) check(['training', 'region'], () => resolveRegion(data.training.region ?? ''));
  const bad = (path: YamlPath, msg: string): never => {
    throw new InvalidInputError(`${where(path)} ${path.join('.')}`, `${msg}. See docs/disclose.md.`);
  };
  if (data.model.paramsActive !== undefined && data.model.paramsActive > data.model.paramsTotal) {
    bad(['model', 'paramsActive'], `cannot exceed model.paramsTotal (${data.model.paramsTotal})`);
  }
  const cover = data.training.marketInstruments.reduce((s, m) => s + m.coverage, 0);
  if (cover > 1 + 1e-9) bad(['training', 'marketInstruments'], `coverage adds up to ${cover}: the shares cannot exceed 1`);
  const h = data.training.hardware;
  if (h.acceleratorHours === undefined && h.wallClockDays !== undefined && h.count === undefined) {
    bad(['training', 'hardware', 'wallClockDays'], 'needs training.hardware.count to give accelerator-hours');
  }
  const ids = new Set(regulatoryProfile(data.regulatoryProfile).milestones.map((m) => m.id));
  for (const k of Object.keys(data.profileDates)) {
    if (!ids.has(k)) bad(['profileDates', k], `'${k}' is not a milestone of ${data.regulatoryProfile} (${[...ids].join(', ')})`);
  }
  const seen = new Set<string>();
  data.withheld.forEach((w, i) => {
    if (seen.has(w.item)) bad(['withheld', i, 'item'], `${w.item} is listed twice`);
    seen.add(w.item);
  });
  return { ...data, file };
}

export function loadRunFile(path: string): RunFile {
  return parseRunFile(readCappedText(path, 'run file', MAX_YAML_BYTES), path);
}

/** JSON Schema of run.yaml (draft 2020-12), for editors. */
export function runJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(runSchema, { io: 'input' }),
    $id: 'https://tokenprint.dev/schemas/run.schema.json',
    title: 'tokenprint training-run file (run.yaml), read by `tokenprint disclose eu-ai-act|model-card|sci`',
  };
}

export function runSchemaText(): string {
  return JSON.stringify(runJsonSchema(), null, 2) + '\n';
}
