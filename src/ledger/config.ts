/**
 * The ledger's configuration file (`tokenprint.yaml`), validated with zod; `schemas/tokenprint.schema.json` is
 * generated from this schema (scripts/gen-config-schema.ts) so editors can check it too. docs/config.md explains
 * every field.
 */
import { existsSync } from 'node:fs';
import { MAX_YAML_BYTES, parseCappedYaml, readCappedText } from '../sources/capped-file.js';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InvalidInputError, TokenprintError } from '../core/errors.js';
import { PRECISIONS, type Precision } from '../core/precision.js';
import { prepareInferenceNumbers } from '../core/inference.js';
import { resolveInferenceDeployment } from '../estimate/inference-deployment.js';
import { resolveRegion } from '../catalog/grid.js';
import { getAnyModel } from '../catalog/model-lookup.js';

const rangeOrNumber = z.union([
  z.number().positive(),
  z.object({ value: z.number().positive(), low: z.number().positive(), high: z.number().positive() }),
]);
const isoDate = z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'a date like 2025-06 or 2025-06-01');

export const DeploymentSchema = z
  .object({
    name: z.string().min(1).describe('Name usage events give in `deployment`'),
    model: z.string().min(1).describe('Model id (see `tokenprint catalog models`)'),
    accelerator: z.string().min(1).describe('Accelerator id (see `tokenprint catalog accelerators`)'),
    count: z.number().int().positive().optional().describe('Accelerators per replica (default: the fewest that hold the weights)'),
    replicas: z.number().int().positive().default(1).describe('Replicas in service (hardware inventory, Scope 3 cat. 2)'),
    precision: z.enum(PRECISIONS as unknown as [string, ...string[]]).optional(),
    batch: rangeOrNumber.optional().describe('Average concurrent sequences per replica (serving batch regime)'),
    region: z.string().min(1).describe('Grid zone (FR) or cloud region (aws:eu-west-3)'),
    pue: z.number().min(1).optional(),
    wue: z.number().min(0).optional().describe('On-site water usage effectiveness, L per kWh of IT energy'),
    idleShare: z.number().min(0).max(5).optional().describe('Idle/provisioned energy as a share of active server energy'),
    typicalInputTokens: z.number().int().positive().optional(),
    typicalOutputTokens: z.number().int().positive().optional(),
    acquired: isoDate.optional().describe('When the hardware was bought (books its embodied carbon in Scope 3 cat. 2 that period)'),
  })
  .strict();

export const InstrumentSchema = z
  .object({
    zone: z.string().min(1).describe('Grid zone the instrument belongs to (same market as the consumption)'),
    from: isoDate,
    to: isoDate.describe('Inclusive end of the period'),
    kind: z.enum(['ppa', 'certificates', 'supplier']).describe('PPA, energy attribute certificates, or a supplier-specific factor'),
    coverage: z.number().min(0).max(1).default(1).describe('Share of consumption covered by the instrument'),
    factorGPerKWh: z.number().min(0).default(0).describe('Emission factor of the covered share, gCO2e/kWh (0 for renewable PPAs/EACs)'),
    residualMixGPerKWh: z.number().min(0).optional().describe('Residual mix for the uncovered share, gCO2e/kWh'),
    source: z.string().optional().describe('Contract, certificate registry or supplier disclosure'),
  })
  .strict();

export const CalibrationSchema = z
  .object({
    deployment: z.string().min(1),
    factor: z.number().positive().describe('Measured/modelled energy ratio applied to the deployment'),
    measuredJPerOutputToken: z.number().positive().optional(),
  })
  .passthrough();

export const ProviderOverrideSchema = z
  .object({
    region: z.string().optional().describe('Region to assume for this provider when events give none'),
    defaultModel: z.string().optional().describe('Model to estimate with when an event names a model the catalog does not know'),
  })
  .strict();

const matchValue = z.string().min(1);
export const LabelRuleSchema = z
  .object({
    match: z
      .object({
        project: matchValue.optional().describe('Project id (OpenAI project_id, GCP project)'),
        workspace: matchValue.optional().describe('Workspace id (Anthropic workspace_id)'),
        apiKey: matchValue.optional().describe('API key id or name'),
        teamId: matchValue.optional().describe('Team id as the source gives it (LiteLLM team_id)'),
        role: matchValue.optional().describe('IAM role ARN (matches the STS sessions assumed from it)'),
        tag: z.record(z.string(), z.string()).optional().describe('Tags (or labels, properties) that must all have these values'),
      })
      .strict()
      .refine((m) => Object.keys(m).length > 0, 'give at least one key to match on'),
    team: z.string().min(1).optional(),
    app: z.string().min(1).optional(),
  })
  .strict()
  .refine((r) => r.team !== undefined || r.app !== undefined, 'a rule sets team, app or both');

export const MappingSchema = z
  .object({
    labels: z.array(LabelRuleSchema).optional().describe('Rules, first match wins: source ids → team and app'),
    zones: z.record(z.string(), z.string().min(1)).optional().describe('Provider region or inference_geo → grid zone (or cloud region)'),
    models: z.record(z.string(), z.string().min(1)).optional().describe('Provider model id (Bedrock modelId or profile ARN, Vertex resource name, Azure deployment) → catalog model id'),
  })
  .strict();

export const ConfigSchema = z
  .object({
    version: z.literal(1).default(1),
    db: z.string().optional().describe('Ledger database: a DuckDB file path or a postgres:// URL'),
    boundary: z.enum(['gpu', 'server', 'facility']).default('facility'),
    unknownModels: z.enum(['reject', 'lenient']).default('reject').describe('What to do with an API model the catalog does not know'),
    deployments: z.array(DeploymentSchema).default([]),
    providers: z.record(z.string(), ProviderOverrideSchema).default({}),
    teams: z.array(z.object({ id: z.string().min(1), name: z.string().optional(), costCentre: z.string().optional() }).strict()).default([]),
    instruments: z.array(InstrumentSchema).default([]),
    calibrations: z.array(CalibrationSchema).default([]),
    // Optional without a default: a config without a mapping keeps its factor-set signature.
    mapping: MappingSchema.optional().describe('What provider ids mean: labels, zones and catalog models (docs/config.md)'),
  })
  .strict();

export type LedgerConfig = z.infer<typeof ConfigSchema>;
export type DeploymentConfig = z.infer<typeof DeploymentSchema>;
export type InstrumentConfig = z.infer<typeof InstrumentSchema>;

/** The config file looked for in the working folder when none is named. */
export const DEFAULT_CONFIG_FILE = 'tokenprint.yaml';

export function defaultConfig(): LedgerConfig {
  return ConfigSchema.parse({});
}

/** Parses YAML (or JSON) text; errors name the file, the field path and what was expected. */
export function parseConfig(text: string, file = 'tokenprint.yaml'): LedgerConfig {
  const raw = parseCappedYaml(text, file).value ?? {};
  const r = ConfigSchema.safeParse(raw);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new InvalidInputError(file, `${issues}. See docs/config.md.`);
  }
  const names = new Set<string>();
  for (const d of r.data.deployments) {
    if (names.has(d.name)) throw new InvalidInputError(`${file}: deployments`, `the name '${d.name}' is used twice`);
    names.add(d.name);
  }
  return r.data;
}

export async function loadConfig(path: string): Promise<LedgerConfig> {
  let text: string;
  try {
    text = readCappedText(path, 'config', MAX_YAML_BYTES);
  } catch (e) {
    if (e instanceof InvalidInputError) throw e;
    throw new InvalidInputError('--config', `cannot read ${path}: ${(e as Error).message.replace(/^cannot read config \S+: /, '')}`);
  }
  let empty = text.trim() === '';
  try {
    empty ||= parseCappedYaml(text, path).value === null;
  } catch {
    // parseConfig reports the YAML error with its position
  }
  if (empty) throw new InvalidInputError(path, 'the config is empty: give at least one deployment, provider or instrument (see docs/config.md), or leave --config out');
  const config = parseConfig(text, path);
  checkDeployments(config, path);
  checkMapping(config, path);
  return config;
}

/**
 * Each deployment is resolved against the catalog when the file loads: a region `FRANCE`, a model `llama-9` or a
 * count too small for the weights is an error naming the deployment now (exit 2, or 3 for a count that cannot hold
 * the model), not one reject per matching record later.
 */
export function checkDeployments(config: LedgerConfig, file: string): void {
  config.deployments.forEach((d, i) => {
    try {
      const { deployment } = resolveInferenceDeployment({
        model: d.model,
        hardware: d.accelerator,
        gpus: d.count,
        precision: d.precision as Precision | undefined,
        region: d.region,
        pue: d.pue,
      });
      prepareInferenceNumbers(deployment); // the memory check: weights must fit the count given
    } catch (e) {
      if (!(e instanceof TokenprintError)) throw e;
      throw new TokenprintError(e.code, `${file}: deployments.${i} (${d.name}): ${e.message}`, { ...e.details, deployment: d.name });
    }
  });
}

/**
 * The mapping's targets are resolved against the catalog when the file loads: a zone or catalog model that does not
 * exist is an error naming its key now (exit 2), not one reject per row later.
 */
export function checkMapping(config: LedgerConfig, file: string): void {
  const check = (section: string, entries: Record<string, string> | undefined, resolve: (v: string) => unknown) => {
    for (const [k, v] of Object.entries(entries ?? {})) {
      try {
        resolve(v);
      } catch (e) {
        if (!(e instanceof TokenprintError)) throw e;
        throw new TokenprintError(e.code, `${file}: mapping.${section}.${k}: ${e.message}`, { ...e.details, key: `mapping.${section}.${k}` });
      }
    }
  };
  check('zones', config.mapping?.zones, resolveRegion);
  check('models', config.mapping?.models, getAnyModel);
}

/** The config in effect: the file given, else ./tokenprint.yaml when present, else an empty config (API events only). */
export async function findConfig(path?: string): Promise<{ config: LedgerConfig; path: string | null }> {
  if (path) return { config: await loadConfig(path), path };
  if (existsSync(DEFAULT_CONFIG_FILE)) return { config: await loadConfig(DEFAULT_CONFIG_FILE), path: DEFAULT_CONFIG_FILE };
  return { config: defaultConfig(), path: null };
}

/** JSON Schema of the config (draft 2020-12) for editors. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ConfigSchema, { io: 'input' }),
    $id: 'https://tokenprint.dev/schemas/tokenprint.schema.json',
    title: 'tokenprint ledger configuration (tokenprint.yaml)',
  };
}

/** The file scripts/gen-config-schema.ts writes (a test checks the committed copy is current). */
export function configSchemaText(): string {
  return JSON.stringify(configJsonSchema(), null, 2) + '\n';
}
