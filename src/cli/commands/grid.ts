import type { Command } from 'commander';
import { readHourlyCsv } from '../../sources/grid/hourly-csv.js';
import { InvalidInputError } from '../../core/errors.js';
import { ledgerOptions, storeFrom, type LedgerFlags } from './ingest.js';

interface Flags extends LedgerFlags {
  json?: boolean;
}

export function registerGrid(program: Command): void {
  const grid = program.command('grid').description('grid carbon-intensity data used by the ledger');
  const imp = grid
    .command('import')
    .description('import hourly location-based intensity (CSV: zone,timestamp,intensity,factor_type; gCO2e/kWh)')
    .argument('<file>', 'CSV file')
    .option('--json', 'print the summary as JSON');
  ledgerOptions(imp);
  imp.action(async (file: string, f: Flags) => {
    const parsed = await readHourlyCsv(file).catch((e: NodeJS.ErrnoException) => {
      throw new InvalidInputError('FILE', `cannot read ${file}: ${e.code ?? e.message}`);
    });
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
    } finally {
      await store.close();
    }
  });
}
