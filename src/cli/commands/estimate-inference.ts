import type { Command } from 'commander';
import { ConflictingInputError } from '../../core/errors.js';
import type { InferenceEstimate } from '../../core/inference.js';
import { checkRequestTokens } from '../../estimate/request-checks.js';
import { PRECISIONS, type Precision } from '../../core/precision.js';
import { BOUNDARIES, type Boundary } from '../../core/trace.js';
import {
  resolveInferenceDeployment,
  DEFAULT_INPUT_TOKENS,
  DEFAULT_OUTPUT_TOKENS,
  DEFAULT_ENGINE,
  ENGINE_IDS,
  estimateDeploymentRequest,
  type EngineId,
} from '../../estimate/inference-deployment.js';
import { parseChoice, parseNonNegativeInt, parsePositive, parsePositiveInt } from '../parse.js';
import { printEstimate } from '../print-estimate.js';
import { siteOptions, siteOverrides, type SiteFlags } from '../site-flags.js';

interface Flags extends SiteFlags {
  model: string;
  hardware: string;
  gpus?: string;
  precision?: string;
  batch?: string;
  inputTokens?: string;
  outputTokens?: string;
  cachedInputTokens?: string;
  reasoningTokens?: string;
  boundary?: string;
  engine?: string;
  json?: boolean;
}

export function registerEstimateInference(estimate: Command): void {
  const cmd = estimate
    .command('inference')
    .description('footprint of one request to a model served on known hardware (physical model, calibrated on ML.ENERGY)')
    .requiredOption('--model <id>', 'model id or Hugging Face id (see `npx tokenprint catalog models`)')
    .requiredOption('--hardware <id>', 'accelerator id (see `npx tokenprint catalog accelerators`)')
    .option('--gpus <n>', 'accelerators per replica (default: the smallest power of two that holds the weights)')
    .option('--precision <p>', `weight precision: ${PRECISIONS.join('|')} (default: the model's native precision)`)
    .option('--batch <n>', 'average concurrent sequences per replica (default 64, range 16–256)')
    .option('--input-tokens <n>', 'prompt tokens', String(DEFAULT_INPUT_TOKENS))
    .option('--output-tokens <n>', 'generated tokens', String(DEFAULT_OUTPUT_TOKENS))
    .option('--cached-input-tokens <n>', 'prompt tokens served from the prefix cache', '0')
    .option('--reasoning-tokens <n>', 'reasoning tokens generated beside the output', '0')
    .option('--boundary <b>', `energy boundary: ${BOUNDARIES.join('|')}`, 'facility')
    .option('--engine <e>', `serving engine: ${ENGINE_IDS.join('|')} (the calibration's engine is vllm)`, DEFAULT_ENGINE);
  siteOptions(cmd).option('--json', 'print the estimate as JSON (with the full trace)');
  cmd.action((f: Flags) => {
    const inputTokens = parseNonNegativeInt(f.inputTokens ?? String(DEFAULT_INPUT_TOKENS), '--input-tokens');
    const outputTokens = parseNonNegativeInt(f.outputTokens ?? String(DEFAULT_OUTPUT_TOKENS), '--output-tokens');
    const cachedInputTokens = parseNonNegativeInt(f.cachedInputTokens ?? '0', '--cached-input-tokens');
    const reasoningTokens = parseNonNegativeInt(f.reasoningTokens ?? '0', '--reasoning-tokens');
    if (cachedInputTokens > inputTokens) {
      throw new ConflictingInputError(
        `--cached-input-tokens (${cachedInputTokens}) cannot exceed --input-tokens (${inputTokens}): cached tokens are part of the prompt.`,
      );
    }
    const boundary = parseChoice<Boundary>(f.boundary ?? 'facility', '--boundary', BOUNDARIES);
    if (boundary !== 'facility' && f.pue !== undefined) {
      throw new ConflictingInputError(`--pue ${f.pue} has no effect with --boundary ${boundary}: PUE applies only at the facility boundary. Drop --pue or use --boundary facility.`);
    }
    const { deployment, model } = resolveInferenceDeployment({
      model: f.model,
      hardware: f.hardware,
      gpus: f.gpus === undefined ? undefined : parsePositiveInt(f.gpus, '--gpus'),
      precision: f.precision === undefined ? undefined : parseChoice<Precision>(f.precision, '--precision', PRECISIONS),
      batch: f.batch === undefined ? undefined : parsePositive(f.batch, '--batch'),
      boundary,
      engine: parseChoice<EngineId>(f.engine ?? DEFAULT_ENGINE, '--engine', ENGINE_IDS),
      typicalInputTokens: Math.max(inputTokens, 1),
      typicalOutputTokens: Math.max(outputTokens + reasoningTokens, 1),
      ...siteOverrides(f),
    });
    checkRequestTokens({ inputTokens, outputTokens, reasoningTokens }, model);
    const est = estimateDeploymentRequest(deployment, { inputTokens, outputTokens, cachedInputTokens, reasoningTokens });
    output(est, f.json === true);
  });
}

function output(est: InferenceEstimate, json: boolean): void {
  if (json) process.stdout.write(JSON.stringify(est, null, 2) + '\n');
  else printEstimate(est);
}
