import type { Command } from 'commander';
import { ConflictingInputError, InvalidInputError } from '../../core/errors.js';
import { scalingPlan } from '../../plan/scaling.js';
import { bold, dim, num, table } from '../format.js';
import { parseAmount, parseFractionRange, parsePositive, parsePositiveInt } from '../parse.js';

interface Flags {
  reference?: string;
  targetLoss?: string;
  inferenceTokens: string;
  fit?: string;
  energyWeighted?: boolean;
  accelerator?: string;
  inferenceModel?: string;
  batch?: string;
  mfu?: string;
  json?: boolean;
}

/** `13B:576B` → parameters and training tokens. */
function parseReference(raw: string): { params: number; tokens: number } {
  const parts = raw.split(':');
  if (parts.length !== 2) throw new InvalidInputError('--reference', `expected PARAMS:TOKENS such as 13B:576B, got '${raw}'`);
  return { params: parsePositive(parts[0], '--reference (parameters)'), tokens: parsePositive(parts[1], '--reference (tokens)') };
}

export function registerScaling(program: Command): void {
  program
    .command('scaling')
    .description('inference-aware model size: lifetime-optimal parameters and training tokens vs the Chinchilla-optimal plan')
    .option('--reference <N:D>', 'a planned model, parameters:training tokens (e.g. 13B:576B); its loss is the target')
    .option('--target-loss <L>', 'target pre-training loss, nats/token')
    .requiredOption('--inference-tokens <T>', 'tokens the model will process in inference over its life (e.g. 2T)')
    .option('--fit <f>', 'loss fit: besiroglu|hoffmann|hoffmann-sardana', 'besiroglu')
    .option('--energy-weighted', 'price FLOPs in joules: training at MFU, inference at decode efficiency')
    .option('--accelerator <id>', 'accelerator for --energy-weighted (default h100-sxm)')
    .option('--inference-model <id>', 'catalog model whose serving sets decode efficiency, for --energy-weighted (default llama-3.1-8b-instruct)')
    .option('--batch <n>', 'decode batch for --energy-weighted (default 64, assumed)')
    .option('--mfu <x>', 'training MFU for --energy-weighted (default: published range for the generation)')
    .option('--json', 'print JSON')
    .action((f: Flags) => {
      if ((f.reference === undefined) === (f.targetLoss === undefined)) {
        throw new ConflictingInputError('give exactly one of --reference N:D or --target-loss L');
      }
      const energyOnly = (['accelerator', 'inferenceModel', 'batch', 'mfu'] as const).filter((k) => f[k] !== undefined);
      if (!f.energyWeighted && energyOnly.length) {
        const flags = energyOnly.map((k) => `--${k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`).join(', ');
        throw new ConflictingInputError(`${flags} ${energyOnly.length > 1 ? 'only apply' : 'only applies'} with --energy-weighted (FLOPs priced in joules); add --energy-weighted or drop ${energyOnly.length > 1 ? 'them' : 'it'}`);
      }
      const energy = f.energyWeighted
        ? {
            accelerator: f.accelerator ?? 'h100-sxm',
            inferenceModel: f.inferenceModel ?? 'llama-3.1-8b-instruct',
            // Left undefined when not given, so the trace marks the default batch as an assumption.
            ...(f.batch === undefined ? {} : { batch: parsePositiveInt(f.batch, '--batch') }),
            ...(f.mfu === undefined ? {} : { mfu: parseFractionRange(f.mfu, '--mfu').value }),
          }
        : false;
      const rep = scalingPlan({
        ...(f.reference ? { reference: parseReference(f.reference) } : {}),
        ...(f.targetLoss ? { targetLoss: parsePositive(f.targetLoss, '--target-loss') } : {}),
        inferenceTokens: parseAmount(f.inferenceTokens, '--inference-tokens'),
        fit: f.fit,
        energyWeighted: energy,
      });
      if (f.json) {
        process.stdout.write(JSON.stringify(rep, null, 2) + '\n');
        return;
      }
      const r = rep.result;
      const row = (name: string, p: { params: number; trainTokens: number; tokensPerParam: number; trainFlops: number; totalFlops: number; trainingShare: number; loss: number; totalEnergyJ?: number }) => [
        name,
        num(p.params),
        num(p.trainTokens),
        num(p.tokensPerParam),
        num(p.loss, 4),
        num(p.trainFlops),
        num(p.totalFlops),
        `${Math.round(p.trainingShare * 100)}%`,
        p.totalEnergyJ === undefined ? '' : num(p.totalEnergyJ / 3.6e9),
      ];
      const lines = [
        bold(`Lifetime-optimal plan for loss ${num(r.targetLoss, 4)} with ${num(r.inferenceTokens)} inference tokens (${r.fit.id}, objective: ${r.objective})`),
        '',
        table(
          [row('optimum', r), row('chinchilla', r.chinchilla), ...(r.reference ? [row('reference', r.reference)] : [])],
          ['plan', 'params', 'train tokens', 'tok/param', 'loss', 'train FLOP', 'lifetime FLOP', 'training share', 'lifetime MWh'],
        ),
        '',
        `saving vs Chinchilla-optimal: ${num(r.savingFlops)} FLOP (${(r.savingFraction * 100).toFixed(1)}%)` +
          (r.savingEnergyFraction === undefined ? '' : `; energy ${num((r.savingEnergyJ ?? 0) / 3.6e9)} MWh (${(r.savingEnergyFraction * 100).toFixed(1)}%)`),
      ];
      if (rep.pricing) {
        lines.push(
          dim(`J/FLOP: training ${num(rep.pricing.trainJPerFlop)} · decode ${num(rep.pricing.inferenceJPerFlop)} (accelerator boundary; --json for the trace)`),
        );
      }
      for (const w of r.warnings) lines.push(`warning: ${w}`);
      lines.push(dim(`fit: ${r.fit.source}. Method: docs/methodology/reduce.md#inference-aware-scaling`));
      process.stdout.write(lines.join('\n') + '\n');
    });
}
