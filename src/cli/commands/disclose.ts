/** `tokenprint disclose <kind>`: compliance documents from the estimators and the ledger (docs/disclose.md). */
import type { Command } from 'commander';
import { discloseEuAiAct } from '../../disclose/eu-ai-act.js';
import { discloseModelCard } from '../../disclose/model-card.js';
import { loadRunFile } from '../../disclose/run-file.js';
import { emit, outputOptions, type OutputFlags } from './disclose-output.js';

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
}
