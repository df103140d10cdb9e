import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../ledger/config.js';
import { openStore } from '../../ledger/store/open-store.js';
import { ingest } from '../../ledger/ingest/ingest.js';
import { buildReport } from '../../ledger/report/report.js';
import { buildHtmlReport } from '../../ledger/report/report-html.js';
import { reportTableText } from '../report-table.js';
import { parsePositiveInt } from '../parse.js';
import { dim } from '../format.js';
import { writeSample } from './sample.js';
import { checkOutDir } from '../out-path.js';
import { printIngestSummary, progressLine } from './ingest.js';

interface Flags {
  dir?: string;
  events?: string;
  wide?: boolean;
}

export function registerQuickstart(program: Command): void {
  program
    .command('quickstart')
    .description('the main job in one go (what `npm start` runs): sample month → ledger → report → HTML')
    .option('--dir <dir>', 'working folder (recreated)', 'tokenprint-quickstart')
    .option('--events <n>', 'events in the sample month', '50000')
    .option('--wide', 'report table: keep every low–high range and column even when wider than the terminal (as `report --wide`)')
    .action(async (f: Flags) => {
      const dir = f.dir ?? 'tokenprint-quickstart';
      const events = parsePositiveInt(f.events ?? '50000', '--events');
      // The folder is recreated: only one holding nothing but an earlier quickstart's files may be reused.
      checkOutDir(dir, '--dir', ['tokenprint.duckdb', 'tokenprint.yaml', 'usage-', 'report.html']);
      const t0 = Date.now();
      const db = join(dir, 'tokenprint.duckdb');
      await rm(db, { force: true });
      await rm(`${db}.wal`, { force: true });
      const files = await writeSample(dir, { events, seed: 42, month: '2025-06' });
      process.stdout.write(dim(`1/4 sample month written: ${files.usage} (${files.lines} lines), ${files.config}`) + '\n');
      const config = await loadConfig(files.config);
      const store = await openStore(db);
      try {
        const bar = progressLine(true);
        const s = await ingest(store, config, [files.usage], { onProgress: (p) => bar.update(`ingest: ${p.records.toLocaleString('en-US')} records`) });
        bar.done();
        process.stdout.write(dim(`2/4 ingested into ${db}`) + '\n');
        printIngestSummary(s);
        const r = await buildReport(store, { by: ['team', 'provider'], from: '2025-06', to: '2025-06' });
        process.stdout.write('\n' + dim('3/4 the month by team and provider') + '\n' + reportTableText(r, 'June 2025', { notes: false, wide: f.wide }));
        const html = join(dir, 'report.html');
        await writeFile(html, await buildHtmlReport(store, { from: '2025-06', to: '2025-06' }));
        process.stdout.write(
          '\n' +
            dim(`4/4 HTML report: ${html}`) +
            '\n' +
            `done in ${((Date.now() - t0) / 1000).toFixed(1)} s. Next: open ${html} · npx tokenprint report --db ${db} --by model · npx tokenprint rejects --db ${db}\n`,
        );
      } finally {
        await store.close();
      }
    });
}
