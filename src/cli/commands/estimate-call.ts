import type { Command } from 'commander';
import { BOUNDARIES } from '../../core/trace.js';
import { CALL_METHODS, type CallEstimate, estimateCall } from '../../estimate/call-estimate.js';
import { CallRequestSchema, callArguments } from '../../estimate/call-request.js';
import { RequestFlags } from '../request-flags.js';
import { PROVIDER_IDS } from '../../estimate/catalog-listing.js';
import { printEstimate } from '../print-estimate.js';
import { bold, dim, num } from '../format.js';
import { checkCallTokens, checkProviderServes, publishedSize } from '../../estimate/request-checks.js';

interface Flags {
  provider: string;
  model: string;
  inputTokens: string;
  outputTokens: string;
  cachedInputTokens?: string;
  reasoningTokens?: string;
  latencyMs?: string;
  region?: string;
  method?: string;
  boundary?: string;
  lenient?: boolean;
  json?: boolean;
}

export function registerEstimateCall(estimate: Command): void {
  estimate
    .command('call')
    .description('footprint of one call to a hosted LLM API (deployment assumed from the provider profile; method tier modeled:provider)')
    .requiredOption('--provider <id>', `API provider: ${PROVIDER_IDS.join('|')} (OTel gen_ai.provider.name values work too)`)
    .requiredOption('--model <name>', 'model as the API names it (gpt-4o-2024-08-06, claude-sonnet-4-5-20250929, gemini-2.5-flash…)')
    .requiredOption('--input-tokens <n>', 'prompt tokens, cached ones included (OpenAI prompt_tokens)')
    .requiredOption('--output-tokens <n>', 'generated tokens, reasoning included (OpenAI completion_tokens, Anthropic output_tokens)')
    .option('--cached-input-tokens <n>', 'prompt tokens read from the provider cache (part of --input-tokens)', '0')
    .option('--reasoning-tokens <n>', 'reasoning/thinking tokens (part of --output-tokens)', '0')
    .option('--latency-ms <n>', 'measured call latency, ms (caps the EcoLogits generation time; 0 means 0 s)')
    .option('--region <zone>', "grid zone (FR) or cloud region (azure:eastus, aws:eu-west-1); default: the provider's assumed location")
    .option('--method <m>', `estimator: ${CALL_METHODS.join('|')} (ecologits = EcoLogits 0.9.3 as published: its model registry and provider PUE/WUE; --region changes its electricity mix only)`, 'tokenprint')
    .option('--boundary <b>', `energy boundary: ${BOUNDARIES.join('|')}`, 'facility')
    .option('--lenient', 'unknown provider/model/region: fall back to a flagged, wide class default instead of failing')
    .option('--json', 'print the estimate as JSON (same shape as `estimate inference`, plus provider fields)')
    .action((f: Flags) => {
      // Flags → the request of the HTTP API's schema (estimate/call-request.ts) → the use case.
      const q = new RequestFlags();
      const request = q.parse(CallRequestSchema, {
        provider: f.provider,
        model: f.model,
        region: f.region,
        inputTokens: q.num('inputTokens', '--input-tokens', f.inputTokens),
        outputTokens: q.num('outputTokens', '--output-tokens', f.outputTokens),
        cachedInputTokens: q.num('cachedInputTokens', '--cached-input-tokens', f.cachedInputTokens ?? '0'),
        reasoningTokens: q.num('reasoningTokens', '--reasoning-tokens', f.reasoningTokens ?? '0'),
        latencyMs: q.num('latencyMs', '--latency-ms', f.latencyMs),
        method: q.choice('method', '--method', f.method ?? 'tokenprint'),
        boundary: q.choice('boundary', '--boundary', f.boundary ?? 'facility'),
        mode: f.lenient ? 'lenient' : 'strict',
      });
      if (!f.lenient) checkProviderServes(f.provider, f.model);
      checkCallTokens(f.model, request);
      const { input, options } = callArguments(request);
      const est = estimateCall(input, options);
      if (f.json) process.stdout.write(JSON.stringify(est, null, 2) + '\n');
      else printCall(est);
    });
}

/** What the header says about the architecture: a published size with an estimated layer shape is not "unpublished". */
function architectureNote(e: CallEstimate): string {
  if (!e.estimatedArchitecture) return '';
  const size = publishedSize(e.model);
  if (size) return dim(` — layer shape estimated from the published size (${num(size.paramsB)}B ${size.architecture}); see trace`);
  return dim(' — estimated architecture (parameter counts not published or model unknown: ranges, see trace)');
}

function printCall(e: CallEstimate): void {
  process.stdout.write(
    bold(`provider ${e.provider}, estimator ${e.estimator}`) +
      (e.methodVersion ? ` (method: ${e.methodVersion}${e.ecologits ? `, model ${e.ecologits.provider}/${e.ecologits.model}, zone ${e.ecologits.zone}` : ''})` : '') +
      architectureNote(e) +
      '\n',
  );
  if (e.fallback) process.stdout.write(`fallback: ${e.fallback}\n`);
  printEstimate(e);
}
