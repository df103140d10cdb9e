import type { Command } from 'commander';
import { readHourlyCsv } from '../../sources/grid/hourly-csv.js';
import { InvalidInputError, TokenprintError } from '../../core/errors.js';
import { ledgerOptions, storeFrom, type LedgerFlags } from './ingest.js';
import { parseRate } from '../parse.js';
import { EXIT, ExitWith } from '../exit-codes.js';

interface Flags extends LedgerFlags {
  json?: boolean;
  maxRejectRate?: string;
}

export function registerGrid(program: Command): void {
  const grid = program.command('grid').description('grid carbon-intensity data used by the ledger');
  const imp = grid
    .command('import')
    .description('import hourly location-based intensity (CSV: zone,timestamp,intensity,factor_type; gCO2e/kWh)')
    .argument('<file>', 'CSV file')
    .option('--json', 'print the summary as JSON')
    .option('--max-reject-rate <x>', 'exit 1 when more than this share of rows is refused: 0.5, 50% (the valid rows are imported either way)', '50%');
  ledgerOptions(imp);
  imp.action(async (file: string, f: Flags) => {
    const maxRejectRate = parseRate(f.maxRejectRate ?? '50%', '--max-reject-rate');
    const parsed = await readHourlyCsv(file).catch((e: NodeJS.ErrnoException) => {
      if (e instanceof TokenprintError) throw e; // not a regular file, a line over the cap: already says where
      throw new InvalidInputError('FILE', `cannot read ${file}: ${e.code ?? e.message}`);
    });
    // Nothing usable (a wrong header, a binary file) is an error before the ledger is touched, not "imported 0 values".
    if (parsed.rows.length === 0) {
      const why = parsed.rejects.slice(0, 5).map((r) => `  ${file}:${r.line}: ${r.reason}`).join('\n');
      throw new InvalidInputError('FILE', `${file}: no hourly value could be read${why ? `:\n${why}` : ' (the file is empty)'}`);
    }
    const store = await storeFrom(f);
    try {
      await store.putHourly(parsed.rows);
      const zones = [...new Set(parsed.rows.map((r) => r.zone))];
      const summary = { file, rows: parsed.rows.length, zones, rejected: parsed.rejects };
      if (f.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
      else {
        process.stdout.write(`imported ${parsed.rows.length} hourly values for ${zones.join(', ') || 'no zone'}\n`);
        for (const r of parsed.rejects.slice(0, 20)) process.stdout.write(`  refused ${file}:${r.line}: ${r.reason}\n`);
        if ((await store.activeFactorSet()) && (await store.rowCount((await store.activeFactorSet())!.id)) > 0) {
          process.stdout.write('the ledger already holds rows: run `npx tokenprint restate` to recompute them with the hourly data.\n');
        }
      }
      const read = parsed.rows.length + parsed.rejects.length;
      if (parsed.rejects.length / read > maxRejectRate) {
        process.stderr.write(`tokenprint: refused ${parsed.rejects.length} of ${read} rows (${((parsed.rejects.length / read) * 100).toFixed(1)} %), above --max-reject-rate ${(maxRejectRate * 100).toFixed(1)} %\n`);
        throw new ExitWith(EXIT.failure);
      }
    } finally {
      await store.close();
    }
  });
}
