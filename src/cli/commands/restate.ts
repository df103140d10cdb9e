import type { Command } from 'commander';
import { restate } from '../../ledger/ingest/restate.js';
import { bold, num, waterText } from '../format.js';
import { configFrom, ledgerOptions, storeFrom, type LedgerFlags } from './ingest.js';

interface Flags extends LedgerFlags {
  note?: string;
  json?: boolean;
}

export function registerRestate(program: Command): void {
  const cmd = program
    .command('restate')
    .description('recompute the whole ledger under the current factors into a new factor set (the old one is kept)')
    .option('--note <text>', 'why (kept with the factor set)')
    .option('--json', 'print the summary as JSON');
  ledgerOptions(cmd);
  cmd.action(async (f: Flags) => {
    const { config } = await configFrom(f);
    const store = await storeFrom(f, config, { mustExist: true });
    try {
      const s = await restate(store, config, { note: f.note });
      if (f.json) {
        process.stdout.write(JSON.stringify(s, null, 2) + '\n');
        return;
      }
      process.stdout.write(
        [
          bold(`restated factor set ${s.from} → ${s.to}: ${s.restated} of ${s.rows} rows`),
          `energy ${num(s.before.energyKWh)} → ${num(s.after.energyKWh)} kWh · location ${num(s.before.carbonKgLocation)} → ${num(s.after.carbonKgLocation)} kgCO2e · market ${num(s.before.carbonKgMarket)} → ${num(s.after.carbonKgMarket)} kgCO2e`,
          `water ${waterText(s.before)} → ${waterText(s.after)}`,
          ...(s.failed ? [`${s.failed} rows could not be estimated under the new factors (kept only in factor set ${s.from}):`, ...s.failures.map((x) => `  ${x.key}: ${x.reason}`)] : []),
          `earlier reports: npx tokenprint report --factor-set ${s.from}`,
        ].join('\n') + '\n',
      );
    } finally {
      await store.close();
    }
  });
}
