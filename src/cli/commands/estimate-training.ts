import type { Command } from 'commander';
import type { TrainingEstimate } from '../../core/training.js';
import { estimateTraining, resolveTrainingInput } from '../../estimate/training-deployment.js';
import { parseChoice, parseFractionRange, parsePositive, parsePositiveInt } from '../parse.js';
import { siteOptions, siteOverrides, type SiteFlags } from '../site-flags.js';
import { bold, dim, rng, table } from '../format.js';
import { assumptions } from '../print-estimate.js';

interface Flags extends SiteFlags {
  hardware: string;
  params?: string;
  activeParams?: string;
  tokens?: string;
  accelerators?: string;
  mfu?: string;
  acceleratorHours?: string;
  powerW?: string;
  powerBasis?: string;
  powerScope?: string;
  energyItMwh?: string;
  energyScope?: string;
  json?: boolean;
}

const opt = <T>(v: string | undefined, f: (s: string) => T): T | undefined => (v === undefined ? undefined : f(v));

export function registerEstimateTraining(estimate: Command): void {
  const cmd = estimate
    .command('training')
    .description(
      'footprint of a training run: from parameters and tokens (6·N·D, MFU), from accelerator-hours, or from measured energy',
    )
    .requiredOption('--hardware <id>', 'accelerator id (see `tokenprint catalog accelerators`)')
    .option('--params <n>', 'total parameters (7e9, 7B, 70B…)')
    .option('--active-params <n>', 'parameters used per token (MoE); default: --params')
    .option('--tokens <n>', 'training tokens (15T, 2e12…)')
    .option('--accelerators <n>', 'accelerators in the job (gives the wall-clock duration)')
    .option('--mfu <x>', 'model FLOPs utilisation, e.g. 0.4, 40% or a range 0.35-0.45 (default: by hardware generation and size)')
    .option('--accelerator-hours <h>', 'accelerator-hours used (instead of --params/--tokens)')
    .option('--power-w <w>', 'average power per accelerator, W (default: TDP × 0.85 (0.6–1.0))')
    .option('--power-basis <b>', 'what --power-w is: measured|tdp (default measured when --power-w is given)')
    .option('--power-scope <s>', 'what the power covers: accelerator (host power added from the catalog) | system', 'accelerator')
    .option('--energy-it-mwh <e>', 'measured IT energy of the run, MWh (instead of modelling it)')
    .option('--energy-scope <s>', 'what --energy-it-mwh covers: system|accelerator', 'system');
  siteOptions(cmd).option('--json', 'print the estimate as JSON (with the full trace)');
  cmd.action((f: Flags) => {
    const { input } = resolveTrainingInput({
      hardware: f.hardware,
      params: opt(f.params, (s) => parsePositive(s, '--params')),
      activeParams: opt(f.activeParams, (s) => parsePositive(s, '--active-params')),
      tokens: opt(f.tokens, (s) => parsePositive(s, '--tokens')),
      accelerators: opt(f.accelerators, (s) => parsePositiveInt(s, '--accelerators')),
      mfu: opt(f.mfu, (s) => parseFractionRange(s, '--mfu')),
      acceleratorHours: opt(f.acceleratorHours, (s) => parsePositive(s, '--accelerator-hours')),
      powerW: opt(f.powerW, (s) => parsePositive(s, '--power-w')),
      powerBasis: opt(f.powerBasis, (s) => parseChoice(s, '--power-basis', ['tdp', 'measured'] as const)),
      powerScope: parseChoice(f.powerScope ?? 'accelerator', '--power-scope', ['accelerator', 'system'] as const),
      energyItMWh: opt(f.energyItMwh, (s) => parsePositive(s, '--energy-it-mwh')),
      energyScope: parseChoice(f.energyScope ?? 'system', '--energy-scope', ['accelerator', 'system'] as const),
      ...siteOverrides(f),
    });
    const est = estimateTraining(input);
    if (f.json) process.stdout.write(JSON.stringify(est, null, 2) + '\n');
    else printTraining(est);
  });
}

function printTraining(e: TrainingEstimate): void {
  const rows: string[][] = [];
  if (e.flops) rows.push(['training compute', rng(e.flops, 'FLOP')]);
  if (e.acceleratorHours) rows.push(['accelerator-hours', rng(e.acceleratorHours, 'h')]);
  if (e.wallClockDays) rows.push(['wall-clock', rng(e.wallClockDays, 'days')]);
  rows.push(
    [`IT energy (${e.itBoundary})`, rng(e.energyItMWh, 'MWh')],
    ['facility energy', rng(e.energyMWh, 'MWh')],
    ['carbon, location-based', rng(e.carbonT.location, 'tCO2e')],
    ['carbon, market-based', rng(e.carbonT.market, 'tCO2e')],
  );
  if (e.waterKL) rows.push(['water', rng(e.waterKL, 'kL')]);
  if (e.embodiedT) rows.push(['embodied carbon (beside)', rng(e.embodiedT, 'tCO2e')]);
  else rows.push(['embodied carbon (beside)', 'not computed: give --accelerator-hours to amortise the hardware']);
  if (!e.waterKL) rows.push(['water', 'not computed: give --onsite-wue and --offsite-wue']);
  process.stdout.write(
    [bold(`training run — mode: ${e.mode}`), '', table(rows), '', dim('Assumptions used:'), ...assumptions(e.trace), dim('Run with --json for the full trace.')].join('\n') + '\n',
  );
}
