import type { Command } from 'commander';
import { ConflictingInputError } from '../../core/errors.js';
import type { InferenceEstimate } from '../../core/inference.js';
import { checkRequestTokens } from '../../estimate/request-checks.js';
import { PRECISIONS } from '../../core/precision.js';
import { BOUNDARIES } from '../../core/trace.js';
import {
  resolveInferenceDeployment,
  DEFAULT_INPUT_TOKENS,
  DEFAULT_OUTPUT_TOKENS,
  DEFAULT_ENGINE,
  ENGINE_IDS,
  estimateDeploymentRequest,
  type EngineId,
} from '../../estimate/inference-deployment.js';
import { parseChoice } from '../parse.js';
import { RequestFlags } from '../request-flags.js';
import { InferenceEstimateRequestSchema } from '../../estimate/inference-request.js';
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
    // Flags → the request of the HTTP API's schema (estimate/inference-request.ts) → the use case.
    const q = new RequestFlags();
    const rawIn = f.inputTokens ?? String(DEFAULT_INPUT_TOKENS);
    const rawOut = f.outputTokens ?? String(DEFAULT_OUTPUT_TOKENS);
    const { request, deployment: options } = q.parse(InferenceEstimateRequestSchema, {
      request: {
        inputTokens: q.num('request.inputTokens', '--input-tokens', rawIn),
        outputTokens: q.num('request.outputTokens', '--output-tokens', rawOut),
        cachedInputTokens: q.num('request.cachedInputTokens', '--cached-input-tokens', f.cachedInputTokens ?? '0'),
        reasoningTokens: q.num('request.reasoningTokens', '--reasoning-tokens', f.reasoningTokens ?? '0'),
      },
      deployment: {
        model: f.model,
        hardware: f.hardware,
        gpus: q.num('deployment.gpus', '--gpus', f.gpus),
        precision: q.choice('deployment.precision', '--precision', f.precision),
        batch: q.num('deployment.batch', '--batch', f.batch),
        boundary: q.choice('deployment.boundary', '--boundary', f.boundary ?? 'facility'),
        engine: parseChoice<EngineId>(f.engine ?? DEFAULT_ENGINE, '--engine', ENGINE_IDS),
        ...siteOverrides(f),
      },
    });
    const { inputTokens, outputTokens } = request;
    const cachedInputTokens = request.cachedInputTokens ?? 0;
    const reasoningTokens = request.reasoningTokens ?? 0;
    if (cachedInputTokens > inputTokens) {
      throw new ConflictingInputError(
        `--cached-input-tokens (${cachedInputTokens}) cannot exceed --input-tokens (${inputTokens}): cached tokens are part of the prompt.`,
      );
    }
    const boundary = options.boundary ?? 'facility';
    if (boundary !== 'facility' && f.pue !== undefined) {
      throw new ConflictingInputError(`--pue ${f.pue} has no effect with --boundary ${boundary}: PUE applies only at the facility boundary. Drop --pue or use --boundary facility.`);
    }
    const { deployment, model } = resolveInferenceDeployment({
      ...options,
      typicalInputTokens: Math.max(inputTokens, 1),
      typicalOutputTokens: Math.max(outputTokens + reasoningTokens, 1),
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
