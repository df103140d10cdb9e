/** `tokenprint disclose <kind>`: compliance documents from the estimators and the ledger (docs/disclose.md). */
import type { Command } from 'commander';
import { discloseEuAiAct } from '../../disclose/eu-ai-act.js';
import { discloseModelCard } from '../../disclose/model-card.js';
import { loadRunFile } from '../../disclose/run-file.js';
import { discloseGhg } from '../../disclose/ghg.js';
import { discloseEsrs } from '../../disclose/esrs.js';
import { discloseSciLedger, discloseSciRun, SCI_UNITS, type SciUnit } from '../../disclose/sci.js';
import { InvalidInputError } from '../../core/errors.js';
import { discloseEnergyScore } from '../../disclose/energy-score.js';
import { parseChoice, parseNonNegative, parsePositive, parsePositiveInt } from '../parse.js';
import { ledgerOptions, storeFrom, type LedgerFlags } from './ingest.js';
import { emit, outputOptions, type OutputFlags } from './disclose-output.js';

interface PeriodFlags extends LedgerFlags, OutputFlags {
  period?: string;
  from?: string;
  to?: string;
  factorSet?: string;
}

function periodOptions(cmd: Command): Command {
  return ledgerOptions(
    outputOptions(cmd)
      .option('--period <p>', 'reporting period: 2025, 2025-Q2 or 2025-06')
      .option('--from <date>', 'first day included (YYYY-MM-DD or YYYY-MM), instead of --period')
      .option('--to <date>', 'last day included (YYYY-MM-DD or YYYY-MM)')
      .option('--factor-set <n>', 'factor set (default: the active one)'),
  );
}

const selection = (f: PeriodFlags) => ({
  period: f.period,
  from: f.from,
  to: f.to,
  factorSet: f.factorSet === undefined ? undefined : parsePositiveInt(f.factorSet, '--factor-set'),
});

function cat3Options(cmd: Command): Command {
  return cmd
    .option('--cat3-g-per-kwh <g>', 'upstream + T&D-loss factor of purchased electricity, gCO2e/kWh (Scope 3 cat. 3)')
    .option('--cat3-source <text>', 'where the cat. 3 factor comes from');
}

interface GhgFlags extends PeriodFlags {
  cat3GPerKwh?: string;
  cat3Source?: string;
}
const cat3 = (f: GhgFlags) => {
  if (f.cat3GPerKwh !== undefined && !f.cat3Source) throw new InvalidInputError('--cat3-source', 'say where the --cat3-g-per-kwh factor comes from');
  return { cat3GPerKWh: f.cat3GPerKwh === undefined ? undefined : parseNonNegative(f.cat3GPerKwh, '--cat3-g-per-kwh'), cat3Source: f.cat3Source };
};

/** `fossil=0.6,nuclear=0.3,renewable=0.1` → shares. */
export function parseGridMix(raw: string, source: string | undefined): { fossil: number; nuclear: number; renewable: number; source: string } {
  if (!source) throw new InvalidInputError('--grid-mix-source', 'say where the --grid-mix shares come from');
  const out: Record<string, number> = {};
  for (const part of raw.split(',')) {
    const [k, v] = part.split('=').map((x) => x.trim());
    if (!['fossil', 'nuclear', 'renewable'].includes(k) || v === undefined) throw new InvalidInputError('--grid-mix', `'${part}' is not fossil=…, nuclear=… or renewable=…`);
    out[k] = parseNonNegative(v, `--grid-mix ${k}`);
  }
  for (const k of ['fossil', 'nuclear', 'renewable']) if (out[k] === undefined) throw new InvalidInputError('--grid-mix', `missing ${k}=…`);
  return { fossil: out.fossil, nuclear: out.nuclear, renewable: out.renewable, source };
}

async function withStore<T>(f: LedgerFlags, use: (s: Awaited<ReturnType<typeof storeFrom>>) => Promise<T>): Promise<T> {
  const store = await storeFrom(f, undefined, { readOnly: true });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

export function registerDisclose(program: Command): void {
  const disclose = program
    .command('disclose')
    .description('compliance documents from the same numbers: eu-ai-act, model-card, ghg, esrs, sci, energy-score (docs/disclose.md)');

  outputOptions(
    disclose
      .command('eu-ai-act')
      .description('GPAI Model Documentation Form compute and energy items (C1–C5, E1–E4), thresholds, beyond-compliance items')
      .argument('<run>', 'training-run file (see examples/run.yaml)'),
  ).action(async (file: string, f: OutputFlags) => emit(discloseEuAiAct(loadRunFile(file)), f));

  outputOptions(
    disclose
      .command('model-card')
      .description('the "Environmental impact" section of a model card (hardware, hours, region, energy, emissions both ways)')
      .argument('<run>', 'training-run file (see examples/run.yaml)'),
  ).action(async (file: string, f: OutputFlags) => emit(discloseModelCard(loadRunFile(file)), f));

  cat3Options(
    periodOptions(
      disclose
        .command('ghg')
        .description('GHG Protocol inventory lines of the ledger: Scope 2 both ways, Scope 3 cat. 1/2/3, data-quality tier, ISO 14064-1 category'),
    ),
  ).action(async (f: GhgFlags) => withStore(f, async (store) => emit(await discloseGhg(store, { ...selection(f), ...cat3(f) }), f)));

  cat3Options(periodOptions(
    disclose
      .command('esrs')
      .description('ESRS E1-5 energy and mix (own operations), E1-6 Scope 2/3 and totals, intensity per revenue; E3-4 water with --water')
      .option('--revenue <eur>', 'net revenue of the period, EUR (intensity datapoints)')
      .option('--grid-mix <shares>', 'electricity mix of own operations: fossil=0.6,nuclear=0.3,renewable=0.1')
      .option('--grid-mix-source <text>', 'where the grid mix comes from')
      .option('--water', 'add ESRS E3-4 water consumption (m³)')
      .option('--scope1-t <t>', 'gross Scope 1 of the program, tCO2e, from the facilities inventory (tokenprint does not track it)')
      .option('--scope1-source <text>', 'where the Scope 1 figure comes from'),
  )).action(async (f: GhgFlags & { revenue?: string; gridMix?: string; gridMixSource?: string; water?: boolean; scope1T?: string; scope1Source?: string }) =>
    withStore(f, async (store) =>
      emit(
        await discloseEsrs(store, {
          ...selection(f),
          ...cat3(f),
          revenueEur: f.revenue === undefined ? undefined : parsePositive(f.revenue, '--revenue'),
          gridMix: f.gridMix === undefined ? undefined : parseGridMix(f.gridMix, f.gridMixSource),
          water: f.water === true,
          scope1T: f.scope1T === undefined ? undefined : parseNonNegative(f.scope1T, '--scope1-t'),
          scope1Source: f.scope1Source,
        }),
        f,
      ),
    ),
  );

  periodOptions(
    disclose
      .command('sci')
      .description('Software Carbon Intensity (ISO/IEC 21031): consumer SCI of the ledger per 1k tokens/request/workflow, or provider SCI of a training run')
      .argument('[run]', 'training-run file: provider SCI per training run (without it: the ledger, consumer persona)')
      .option('--unit <u>', `functional unit: ${SCI_UNITS.join('|')} (default: 1k-tokens, or training-run with a run file)`)
      .option('--workflows <n>', 'workflow executions in the period (for --unit workflow)')
      .option('--intensity <basis>', 'location (market is refused: SCI excludes market-based measures)', 'location'),
  ).action(async (file: string | undefined, f: PeriodFlags & { unit?: string; workflows?: string; intensity: string }) => {
    const req = {
      unit: f.unit === undefined ? undefined : parseChoice<SciUnit>(f.unit, '--unit', SCI_UNITS),
      workflows: f.workflows === undefined ? undefined : parsePositiveInt(f.workflows, '--workflows'),
      intensity: parseChoice(f.intensity, '--intensity', ['location', 'market'] as const),
    };
    if (file !== undefined) return emit(discloseSciRun(loadRunFile(file), req), f);
    return withStore(f, async (store) => emit(await discloseSciLedger(store, { ...selection(f), ...req }), f));
  });

  outputOptions(
    disclose
      .command('energy-score')
      .description('AI Energy Score-style label: GPU Wh per 1,000 text-generation queries at batch 1, class, stars for a named edition')
      .option('--profile <file>', 'measured: a `tokenprint profile-endpoint --json` result with a concurrency-1 level')
      .option('--model <id>', 'estimated: model id (see `tokenprint catalog models`)')
      .option('--output-tokens <n>', 'generated tokens per query for the estimate')
      .option('--edition <name>', 'leaderboard edition the stars refer to (with its min/max for the task and class)')
      .option('--edition-min-wh <wh>', 'lowest Wh/1,000 queries on that edition')
      .option('--edition-max-wh <wh>', 'highest Wh/1,000 queries on that edition'),
  ).action(async (f: OutputFlags & { profile?: string; model?: string; outputTokens?: string; edition?: string; editionMinWh?: string; editionMaxWh?: string }) =>
    emit(
      discloseEnergyScore({
        profile: f.profile,
        model: f.model,
        outputTokens: f.outputTokens === undefined ? undefined : parsePositiveInt(f.outputTokens, '--output-tokens'),
        editionName: f.edition,
        editionMinWh: f.editionMinWh === undefined ? undefined : parsePositive(f.editionMinWh, '--edition-min-wh'),
        editionMaxWh: f.editionMaxWh === undefined ? undefined : parsePositive(f.editionMaxWh, '--edition-max-wh'),
      }),
      f,
    ),
  );
}
