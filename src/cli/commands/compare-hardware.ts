import type { Command } from 'commander';
import { PRECISIONS, type Precision } from '../../core/precision.js';
import { compareHardware } from '../../plan/hardware-lifecycle.js';
import { bold, dim, num, table } from '../format.js';
import { parseChoice, parsePositive, parsePositiveInt } from '../parse.js';

interface Flags {
  model: string;
  requestsPerDay: string;
  years?: string;
  region?: string;
  precision?: string;
  inputTokens?: string;
  outputTokens?: string;
  maxItlMs?: string;
  maxBatch?: string;
  json?: boolean;
}

export function registerCompareHardware(program: Command): void {
  program
    .command('compare-hardware')
    .description('lifecycle comparison of every catalog accelerator that can serve a model: units, embodied, operational, per 1M tokens')
    .requiredOption('--model <id>', 'model id (see `npx tokenprint catalog models`)')
    .requiredOption('--requests-per-day <n>', 'steady demand, requests per day (e.g. 1M)')
    .option('--years <n>', 'service life of the fleet, years: all its manufacturing footprint is spread over it (default: 4, the catalog lifetime)')
    .option('--region <zone>', 'grid zone or cloud region (default: world average, assumed)')
    .option('--precision <p>', `weight precision: ${PRECISIONS.join('|')} (default: native)`)
    .option('--input-tokens <n>', 'mean prompt tokens', '1000')
    .option('--output-tokens <n>', 'mean generated tokens', '500')
    .option('--max-itl-ms <ms>', 'inter-token latency target, ms (default: none)')
    .option('--max-batch <n>', 'largest batch the serving regime allows', '64')
    .option('--json', 'print JSON')
    .action((f: Flags) => {
      const r = compareHardware({
        model: f.model,
        requestsPerDay: parsePositive(f.requestsPerDay, '--requests-per-day'),
        years: f.years === undefined ? undefined : parsePositive(f.years, '--years'),
        region: f.region,
        precision: f.precision === undefined ? undefined : parseChoice<Precision>(f.precision, '--precision', PRECISIONS),
        inputTokens: parsePositiveInt(f.inputTokens ?? '1000', '--input-tokens'),
        outputTokens: parsePositiveInt(f.outputTokens ?? '500', '--output-tokens'),
        maxInterTokenMs: f.maxItlMs === undefined ? undefined : parsePositive(f.maxItlMs, '--max-itl-ms'),
        maxBatch: parsePositiveInt(f.maxBatch ?? '64', '--max-batch'),
      });
      if (f.json) {
        process.stdout.write(JSON.stringify(r, null, 2) + '\n');
        return;
      }
      const lines = [
        bold(`${r.model} (${r.precision}) at ${Math.round(r.requestsPerDay).toLocaleString('en-US')} requests/day for ${r.years} years, grid ${r.zone}`),
        '',
        table(
          r.rows.map((x) => [
            x.accelerator,
            x.vendor,
            `${x.replicas}×${x.countPerReplica}`,
            String(x.units),
            String(x.batch),
            num(x.embodiedManufacturedKg.value),
            num(x.operationalKg.value),
            num(x.perMillionTokensG.value),
            `${Math.round(x.embodiedShare * 100)}%`,
            x.assumedFields.length ? x.assumedFields.join(',') : 'none',
          ]),
          ['accelerator', 'vendor', 'replicas', 'units', 'batch', 'embodied kg', 'operational kg (life)', 'gCO2e/1M tok', 'embodied share', 'assumed'],
        ),
      ];
      if (r.cannotServe.length) {
        lines.push('', dim('cannot serve:'), ...r.cannotServe.map((c) => dim(`  · ${c.accelerator}: ${c.reason}`)));
      }
      if (r.notes.length) lines.push('', ...r.notes.map((n) => `note: ${n}`));
      lines.push(
        '',
        dim('operational: location-based, facility boundary; embodied: accelerator + host share, all of it attributed to the service life (--years).'),
        dim("'assumed' lists catalog fields that are assumptions, not published figures (see docs/data-sources/hardware.md)."),
      );
      process.stdout.write(lines.join('\n') + '\n');
    });
}
