import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { buildReport, parseDimensions } from '../../ledger/report/report.js';
import { buildHtmlReport } from '../../ledger/report/report-html.js';
import { periodText, reportCsv, reportJson, reportMarkdown } from '../../ledger/report/report-render.js';
import { reportTableText } from '../report-table.js';
import { parseChoice, parsePositiveInt } from '../parse.js';
import { exportLedgerFactors, factorsCsv, gridCsv, WAREHOUSE_VIEW_SQL } from '../../ledger/report/warehouse-factors.js';
import { ConflictingInputError, InvalidInputError } from '../../core/errors.js';
import { ledgerOptions, storeFrom, type LedgerFlags } from './ingest.js';
import { checkOutFile } from '../out-path.js';

const FORMATS = ['table', 'json', 'csv', 'md', 'html'] as const;
type Format = (typeof FORMATS)[number];

interface Flags extends LedgerFlags {
  by?: string;
  from?: string;
  to?: string;
  format?: string;
  out?: string;
  factorSet?: string;
  json?: boolean;
  exportFactors?: string;
  exportGrid?: string;
  exportView?: string;
  wide?: boolean;
}

export function registerReport(program: Command): void {
  const cmd = program
    .command('report')
    .description('footprint of the ledger by team, model, provider, region, deployment, day or month, with the GHG view')
    .option('--by <dims>', 'comma-separated: team,model,provider,region,deployment,app,day,month,scope,method')
    .option('--from <date>', 'first day included (YYYY-MM-DD or YYYY-MM)')
    .option('--to <date>', 'last day included (YYYY-MM-DD or YYYY-MM: the whole month)')
    .option('--format <f>', `${FORMATS.join('|')} (default: table)`)
    .option('--out <file>', 'write the report to a file instead of stdout')
    .option('--factor-set <n>', 'report under an earlier factor set (default: the active one)')
    .option('--json', 'same as --format json')
    .option('--wide', 'table format: keep every low–high range even when the table is wider than the terminal')
    .option('--export-factors <file>', 'write the factor table (CSV, tp_factors) of the warehouse view in docs/ledger.md, and exit')
    .option('--export-grid <file>', 'write the ledger\'s hourly grid data (CSV, tp_grid_hourly) for the same view, and exit')
    .option('--export-view <file>', 'write the portable SQL of that view (tp_footprint over usage, tp_factors, tp_grid_hourly), and exit');
  ledgerOptions(cmd);
  cmd.action(async (f: Flags) => {
    if (f.json && f.format !== undefined && f.format.trim().toLowerCase() !== 'json') {
      throw new ConflictingInputError(`--json and --format ${f.format} ask for two formats: give one of them`);
    }
    const format: Format = f.json ? 'json' : parseChoice<Format>(f.format ?? 'table', '--format', FORMATS);
    const opts = {
      by: f.by ? parseDimensions(f.by) : [],
      from: f.from,
      to: f.to,
      factorSet: f.factorSet === undefined ? undefined : parsePositiveInt(f.factorSet, '--factor-set'),
    };
    if (f.out) checkOutFile(f.out, '--out');
    if (f.exportFactors) checkOutFile(f.exportFactors, '--export-factors');
    if (f.exportGrid) checkOutFile(f.exportGrid, '--export-grid');
    if (f.exportView) {
      checkOutFile(f.exportView, '--export-view');
      await writeFile(f.exportView, WAREHOUSE_VIEW_SQL + ';\n');
      process.stderr.write(`wrote the view tp_footprint to ${f.exportView}\n`);
      if (!f.exportFactors && !f.exportGrid) return;
    }
    const store = await storeFrom(f, undefined, { mustExist: true, readOnly: true });
    try {
      if (f.exportFactors || f.exportGrid) {
        const { rows, failed, grid } = await exportLedgerFactors(store);
        if (f.exportFactors) {
          await writeFile(f.exportFactors, factorsCsv(rows));
          process.stderr.write(`wrote ${rows.length} factor rows to ${f.exportFactors}${failed.length ? ` (${failed.length} keys failed: ${failed.map((x) => x.reason).join('; ')})` : ''}\n`);
        }
        if (f.exportGrid) {
          await writeFile(f.exportGrid, gridCsv(grid));
          process.stderr.write(`wrote ${grid.length} hourly grid rows to ${f.exportGrid}\n`);
        }
        return;
      }
      let text: string;
      if (format === 'html') text = await buildHtmlReport(store, opts);
      else {
        const r = await buildReport(store, opts);
        if (format === 'json') text = reportJson(r);
        else if (format === 'csv') text = reportCsv(r);
        else if (format === 'md') text = reportMarkdown(r);
        else text = reportTableText(r, `LLM program footprint · ${periodText(r)} · factor set ${r.factorSet}`, { wide: f.wide });
      }
      if (f.out) {
        await writeFile(f.out, text);
        process.stderr.write(`wrote ${f.out}\n`);
      } else process.stdout.write(text);
    } finally {
      await store.close();
    }
  });
}
