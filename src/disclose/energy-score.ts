/**
 * An AI Energy Score-style figure (Hugging Face AI Energy Score, text generation; research §4.1): GPU energy in Wh
 * per 1,000 queries at batch 1 on one H100 80GB (several for class C), from a measured `profile-endpoint` run at
 * concurrency 1 or from the project's inference estimator. Its class (A ≤ 20B, B ≤ 66B, C > 66B parameters) and —
 * only when the user gives the leaderboard edition's minimum and maximum — the star band (5 equal-width bands,
 * 5★ lowest energy). The methodology edition and the leaderboard edition are always named.
 */
import { z } from 'zod';
import { getModel } from '../catalog/models.js';
import { resolveInferenceDeployment } from '../estimate/inference-deployment.js';
import { prepareInference } from '../core/inference.js';
import { InvalidInputError } from '../core/errors.js';
import { type DisclosureDocument, type Figure, makeDocument, naFigure } from './document.js';
import { readCappedText } from '../sources/capped-file.js';

/** Largest profile read: a profile-endpoint --json result is a few KB per concurrency level. */
const MAX_PROFILE_BYTES = 16 << 20;
import { sigFigs } from './sig-figs.js';

/** AI Energy Score text-generation dataset: 369,139 input tokens over its 1,000 samples (huggingface/AIEnergyScore, index.md). */
export const AIES_TEXT_GEN_INPUT_TOKENS_PER_QUERY = 369.139;
export const AIES_METHOD = 'AI Energy Score v2 methodology (Hugging Face, 4 Dec 2025): text generation, GPU energy, batch 1, NVIDIA H100 80GB';

export const energyScoreRequestSchema = z.strictObject({
  model: z.string().min(1).optional().describe('Model id, for an estimate'),
  outputTokens: z.number().int().positive().optional().describe('Generated tokens per query (estimate): state what the benchmark generated'),
  profile: z.string().min(1).optional().describe('A `tokenprint profile-endpoint --json` result (measured)'),
  editionName: z.string().min(1).optional().describe('Leaderboard edition, e.g. "AI Energy Score v2, Dec 2025, text generation class B"'),
  editionMinWh: z.number().positive().optional(),
  editionMaxWh: z.number().positive().optional(),
});
export type EnergyScoreRequest = z.infer<typeof energyScoreRequestSchema>;

export type EnergyClass = 'A' | 'B' | 'C';

export interface EnergyScoreDisclosure {
  readonly kind: 'energy-score';
  readonly model: string;
  readonly source: 'measured' | 'estimate';
  readonly whPer1kQueries: number;
  readonly energyClass: EnergyClass;
  readonly stars: number | undefined;
  readonly edition: string | undefined;
  readonly methodology: string;
  readonly caveats: readonly string[];
  readonly document: DisclosureDocument;
}

/** Class by parameter count (AI Energy Score text-generation classes). */
export function energyClass(params: number): EnergyClass {
  return params <= 20e9 ? 'A' : params <= 66e9 ? 'B' : 'C';
}

/** 5 equal-width bands of [min, max]; the highest-energy band is 1★. Values outside the range clamp to 5★ / 1★. */
export function starBand(wh: number, minWh: number, maxWh: number): number {
  if (!(maxWh > minWh)) throw new InvalidInputError('--edition-max-wh', `must be above --edition-min-wh (${minWh})`);
  const w = (maxWh - minWh) / 5;
  return 5 - Math.min(4, Math.max(0, Math.floor((wh - minWh) / w)));
}

const profileSchema = z.object({
  kind: z.literal('endpoint-profile'),
  model: z.string(),
  measuredAt: z.string(),
  boundary: z.literal('gpu'),
  levels: z.array(
    z.object({
      concurrency: z.number(),
      meanInputTokens: z.number(),
      meanOutputTokens: z.number(),
      whPerRequest: z.object({ value: z.number(), low: z.number(), high: z.number() }).optional(),
    }),
  ),
});

export function discloseEnergyScore(req: EnergyScoreRequest): EnergyScoreDisclosure {
  if ((req.profile === undefined) === (req.model === undefined)) {
    throw new InvalidInputError('--profile/--model', 'give a measured run (--profile FILE from `tokenprint profile-endpoint --json`) or a model to estimate (--model ID), one of them');
  }
  const caveats: string[] = [];
  let whPer1k: number;
  let modelName: string;
  let params: number;
  let source: 'measured' | 'estimate';
  if (req.profile !== undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(readCappedText(req.profile, 'profile', MAX_PROFILE_BYTES));
    } catch (e) {
      if (e instanceof SyntaxError) throw new InvalidInputError('--profile', `${req.profile} is not JSON: ${e.message}`);
      throw e;
    }
    const r = profileSchema.safeParse(raw);
    if (!r.success) throw new InvalidInputError('--profile', `${req.profile} is not a profile-endpoint --json result (${r.error.issues[0].path.join('.')}: ${r.error.issues[0].message})`);
    const level = r.data.levels.find((l) => l.concurrency === 1);
    if (!level) throw new InvalidInputError('--profile', `${req.profile} has no concurrency-1 level: the score is at batch 1 (profile-endpoint --concurrency 1)`);
    if (!level.whPerRequest) throw new InvalidInputError('--profile', `${req.profile}: the concurrency-1 level has no energy (the profile ran without a power source)`);
    whPer1k = level.whPerRequest.value * 1000;
    modelName = r.data.model;
    const spec = (() => {
      try {
        return getModel(r.data.model);
      } catch {
        return undefined;
      }
    })();
    if (!spec) throw new InvalidInputError('--profile', `model '${r.data.model}' is not in the catalog, so its class (by parameter count) is unknown`);
    params = spec.totalParams.value;
    source = 'measured';
    caveats.push(
      `Measured on the profile's own prompts (mean ${sigFigs(level.meanInputTokens, 3)} input, ${sigFigs(level.meanOutputTokens, 3)} output tokens), not the AI Energy Score dataset (${AIES_TEXT_GEN_INPUT_TOKENS_PER_QUERY} input tokens per query): not an official score.`,
      `Measured ${r.data.measuredAt}; GPU energy only, as the score counts it.`,
    );
  } else {
    const spec = getModel(req.model ?? '');
    if (req.outputTokens === undefined) {
      throw new InvalidInputError('--output-tokens', 'give the generated tokens per query the estimate should use (the score’s input side is fixed at 369.139 tokens per query; its output length is set by the benchmark run)');
    }
    const { deployment } = resolveInferenceDeployment({
      model: spec.id,
      hardware: 'h100-sxm',
      batch: 1,
      boundary: 'gpu',
      typicalInputTokens: Math.round(AIES_TEXT_GEN_INPUT_TOKENS_PER_QUERY),
      typicalOutputTokens: req.outputTokens,
    });
    const est = prepareInference(deployment)({ inputTokens: AIES_TEXT_GEN_INPUT_TOKENS_PER_QUERY, outputTokens: req.outputTokens, cachedInputTokens: 0, reasoningTokens: 0 });
    whPer1k = est.perRequest.energyWh.value * 1000;
    modelName = spec.name;
    params = spec.totalParams.value;
    source = 'estimate';
    caveats.push(
      `Estimated with the tokenprint inference model (roofline, calibrated on ML.ENERGY) for ${deployment.count} × H100 SXM at batch 1, GPU boundary, ${AIES_TEXT_GEN_INPUT_TOKENS_PER_QUERY} input and ${req.outputTokens} output tokens per query: an estimate, not a benchmark result.`,
    );
  }
  const cls = energyClass(params);
  let stars: number | undefined;
  const haveEdition = req.editionMinWh !== undefined || req.editionMaxWh !== undefined;
  if (haveEdition) {
    if (req.editionMinWh === undefined || req.editionMaxWh === undefined || req.editionName === undefined) {
      throw new InvalidInputError('--edition', 'stars need the leaderboard edition named (--edition) with its --edition-min-wh and --edition-max-wh for this task and class');
    }
    stars = starBand(whPer1k, req.editionMinWh, req.editionMaxWh);
    if (whPer1k < req.editionMinWh || whPer1k > req.editionMaxWh) caveats.push(`Outside the edition's range ${req.editionMinWh}–${req.editionMaxWh} Wh: clamped to ${stars}★.`);
  }
  const figures: Figure[] = [
    { id: 'aies.wh', label: 'GPU energy per 1,000 queries (text generation, batch 1)', value: whPer1k, display: `${sigFigs(whPer1k, 3)} Wh`, unit: 'Wh/1,000 queries', method: source === 'measured' ? 'profile-endpoint, concurrency 1: GPU energy per request × 1,000' : 'inference estimator, GPU boundary, batch 1, × 1,000', boundary: 'GPU only (CPU and RAM not scored)', source: AIES_METHOD },
    { id: 'aies.class', label: 'Class (A ≤ 20B single consumer GPU, B ≤ 66B single H100, C > 66B multi-GPU)', value: null, display: cls, unit: 'class', method: `${sigFigs(params, 3)} parameters`, source: AIES_METHOD },
    stars === undefined
      ? naFigure({ id: 'aies.stars', label: 'Star rating', unit: '★', method: '5 equal-width bands of the edition’s [min, max]', source: 'leaderboard edition' }, 'stars are relative to a leaderboard edition: give --edition NAME --edition-min-wh X --edition-max-wh Y')
      : { id: 'aies.stars', label: `Star rating (${req.editionName})`, value: stars, display: `${'★'.repeat(stars)}${'☆'.repeat(5 - stars)} (${stars}/5)`, unit: '★', method: `5 equal-width bands of ${req.editionMinWh}–${req.editionMaxWh} Wh`, source: req.editionName ?? '' },
  ];
  const document = makeDocument({
    kind: 'energy-score',
    title: `AI Energy Score-style label — ${modelName}`,
    subtitle: `${AIES_METHOD}${req.editionName ? ` · leaderboard edition: ${req.editionName}` : ' · no leaderboard edition given'}`,
    sections: [{ title: 'Text generation', figures, notes: caveats }],
  });
  return { kind: 'energy-score', model: modelName, source, whPer1kQueries: whPer1k, energyClass: cls, stars, edition: req.editionName, methodology: AIES_METHOD, caveats, document };
}
