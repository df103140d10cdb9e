import type { Command } from 'commander';
import type { TrainingEstimate } from '../../core/training.js';
import { estimateTraining, resolveTrainingInput } from '../../estimate/training-deployment.js';
import { parseFractionRange } from '../parse.js';
import { RequestFlags } from '../request-flags.js';
import { TrainingRequestSchema, type TrainingRequest } from '../../estimate/training-request.js';
import { siteOptions, siteOverrides, type SiteFlags } from '../site-flags.js';
import { bold, dim, num, rng, table } from '../format.js';
import { acceleratorTdp } from '../../estimate/request-checks.js';
import { ConflictingInputError, InfeasibleError, InvalidInputError } from '../../core/errors.js';
import { assumptions, facilityDefaults } from '../print-estimate.js';

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

export function registerEstimateTraining(estimate: Command): void {
  const cmd = estimate
    .command('training')
    .description(
      'footprint of a training run: from parameters and tokens (6·N·D, MFU), from accelerator-hours, or from measured energy',
    )
    .requiredOption('--hardware <id>', 'accelerator id (see `npx tokenprint catalog accelerators`)')
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
    const acc = acceleratorTdp(f.hardware);
    // Flags → the request of the HTTP API's schema (estimate/training-request.ts) → the use case.
    const q = new RequestFlags();
    const request = q.parse(TrainingRequestSchema, {
      hardware: f.hardware,
      params: q.num('params', '--params', f.params),
      activeParams: q.num('activeParams', '--active-params', f.activeParams),
      tokens: q.num('tokens', '--tokens', f.tokens),
      accelerators: q.num('accelerators', '--accelerators', f.accelerators),
      mfu: f.mfu === undefined ? undefined : q.from('mfu', '--mfu', f.mfu, parseFractionRange(f.mfu, '--mfu')),
      acceleratorHours: q.num('acceleratorHours', '--accelerator-hours', f.acceleratorHours),
      powerW: q.num('powerW', '--power-w', f.powerW),
      powerBasis: q.choice('powerBasis', '--power-basis', f.powerBasis),
      powerScope: q.choice('powerScope', '--power-scope', f.powerScope ?? 'accelerator'),
      energyItMWh: q.num('energyItMWh', '--energy-it-mwh', f.energyItMwh),
      energyScope: q.choice('energyScope', '--energy-scope', f.energyScope ?? 'system'),
      ...siteOverrides(f),
    });
    checkTrainingPlausible(acc, request, request.powerScope ?? 'accelerator', { params: f.params, activeParams: f.activeParams, tokens: f.tokens });
    const { input } = resolveTrainingInput(request);
    const est = withFlagNames(() => estimateTraining(input));
    checkFinite(est);
    if (f.json) process.stdout.write(JSON.stringify(est, null, 2) + '\n');
    else printTraining(est);
  });
}

/**
 * Ceilings that catch a wrong unit or an overflow before the physics multiplies it through. Parameters: the largest
 * published models are ~2e12 (Kimi K2 1.04T, DeepSeek-V3 671B); 1e14 leaves 50× headroom. Tokens: the largest
 * published pre-training sets are ~3.6e13 (Qwen3, 36T); 1e15 leaves headroom. Power per accelerator: a measured
 * draw above TDP × 1.2 is not the accelerator alone; with the host included (--power-scope system) an 8-GPU H100
 * node draws 10.2 kW, 1.8 × TDP per GPU (NVIDIA DGX H100 datasheet), so 3 × TDP is a ceiling.
 */
const MAX_PARAMS = 1e14;
const MAX_TOKENS = 1e15;
const MAX_POWER_TDP_MULTIPLE = { accelerator: 1.2, system: 3 } as const;

function checkTrainingPlausible(
  acc: { id: string; tdpW: number },
  r: TrainingRequest,
  scope: 'accelerator' | 'system',
  raw: { params?: string; activeParams?: string; tokens?: string },
): void {
  const powerW = r.powerW;
  const hours = r.acceleratorHours;
  const energyItMWh = r.energyItMWh;
  for (const [flag, v, text, max, what] of [
    ['--params', r.params, raw.params, MAX_PARAMS, 'parameters'],
    ['--active-params', r.activeParams, raw.activeParams, MAX_PARAMS, 'parameters'],
    ['--tokens', r.tokens, raw.tokens, MAX_TOKENS, 'training tokens'],
  ] as const) {
    if (v !== undefined && v > max) throw new InvalidInputError(flag, `${text ?? v} ${what} is beyond any model trained (≤ ${num(max)}); check the unit (7B, 15T)`);
  }
  const maxW = acc.tdpW * MAX_POWER_TDP_MULTIPLE[scope];
  if (powerW !== undefined && powerW > maxW) {
    throw new InvalidInputError(
      '--power-w',
      `${powerW} W per accelerator is above what a ${acc.id} (TDP ${acc.tdpW} W) can draw${scope === 'accelerator' ? ' on its own' : ' with its host share'} (≤ ${num(maxW)} W with --power-scope ${scope}); give watts per accelerator, not per node or cluster`,
    );
  }
  if (hours !== undefined && energyItMWh !== undefined) {
    const impliedW = (energyItMWh * 1e6) / hours;
    const cap = acc.tdpW * MAX_POWER_TDP_MULTIPLE.system;
    if (impliedW > cap) {
      throw new ConflictingInputError(
        `--energy-it-mwh ${energyItMWh} over --accelerator-hours ${hours} is ${num(impliedW / 1000)} kW per ${acc.id} (TDP ${acc.tdpW} W; at most ~${num(cap)} W with its host): one of the two is wrong (MWh vs kWh? hours per accelerator?)`,
      );
    }
  }
}

/** The library's field names → the flags a CLI user typed (errors must name what the user can change). */
const FLAG_OF: Record<string, string> = {
  paramsTotal: '--params',
  paramsActive: '--active-params',
  tokens: '--tokens',
  peakTflops: '--hardware',
  mfu: '--mfu',
  generation: '--hardware',
  energyItMWh: '--energy-it-mwh',
  energyScope: '--energy-scope',
  acceleratorHours: '--accelerator-hours',
  accelerators: '--accelerators',
  powerW: '--power-w',
  'site.wueOnsiteLPerKWh': '--onsite-wue',
  'site.offsiteWaterLPerKWh': '--offsite-wue',
  'site.pue': '--pue',
};
const MODE_FLAGS: Record<string, string> = {
  parameters: '--params and --tokens',
  'accelerator-hours': '--accelerator-hours',
  'measured-energy': '--energy-it-mwh',
};

function withFlagNames<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof InvalidInputError && typeof e.details.field === 'string' && FLAG_OF[e.details.field]) {
      const field = e.details.field;
      throw new InvalidInputError(FLAG_OF[field], e.message.replace(`${field}: `, '').replace(/site\.wueOnsiteLPerKWh|site\.offsiteWaterLPerKWh/g, (m) => FLAG_OF[m]), e.details);
    }
    if (!(e instanceof ConflictingInputError) || typeof e.details.field !== 'string') throw e;
    const flag = FLAG_OF[e.details.field];
    const mode = typeof e.details.mode === 'string' ? MODE_FLAGS[e.details.mode] : undefined;
    if (!flag || !mode) throw e;
    throw new ConflictingInputError(`${flag} does not apply when the run is given by ${mode}: drop ${flag}, or describe the run another way`, e.details);
  }
}

/** A result that overflowed (a huge but finite input multiplied past 1.8e308) is refused, never printed as Infinity. */
function checkFinite(e: TrainingEstimate): void {
  const ranges = [e.energyItMWh, e.energyMWh, e.carbonT.location, e.carbonT.market, e.flops, e.acceleratorHours, e.waterKL, e.embodiedT];
  if (ranges.some((r) => r !== undefined && ![r.value, r.low, r.high].every(Number.isFinite))) {
    throw new InfeasibleError('the inputs overflow the arithmetic (a result is not a finite number): check --params, --tokens, --accelerator-hours and the site factors');
  }
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
  if (e.waterKL) rows.push(['water (on-site + off-site)', rng(e.waterKL, 'kL')]);
  if (e.waterOnsiteKL) rows.push(['  on-site (cooling)', rng(e.waterOnsiteKL, 'kL')]);
  if (e.waterOffsiteKL) rows.push(['  off-site (electricity)', rng(e.waterOffsiteKL, 'kL')]);
  if (e.embodiedT) rows.push(['embodied carbon (beside)', rng(e.embodiedT, 'tCO2e')]);
  else rows.push(['embodied carbon (beside)', 'not computed: give --accelerator-hours to amortise the hardware']);
  if (!e.waterKL) rows.push(['water', 'not computed: give --onsite-wue and --offsite-wue']);
  process.stdout.write(
    [bold(`training run — mode: ${e.mode}`), '', table(rows), ...facilityDefaults(e.trace, e.energyAcceleratorMWh, 'MWh'), '', dim('Assumptions used:'), ...assumptions(e.trace), dim('Run with --json for the full trace.')].join('\n') + '\n',
  );
}
