import type { Command } from 'commander';
import { parsePositiveInt } from '../parse.js';
import { InvalidInputError } from '../../core/errors.js';
import { bold, table } from '../format.js';
import { ledgerOptions, storeFrom, type LedgerFlags } from './ingest.js';

interface Flags extends LedgerFlags {
  ingest?: string;
  limit?: string;
  json?: boolean;
}

export function registerRejects(program: Command): void {
  const cmd = program
    .command('rejects')
    .description('records the ledger refused, with file, line and reason')
    .option('--ingest <id>', 'one ingest (default: all)')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print as JSON');
  ledgerOptions(cmd);
  cmd.action(async (f: Flags) => {
    const ingest = f.ingest === undefined ? undefined : parsePositiveInt(f.ingest, '--ingest');
    const limit = parsePositiveInt(f.limit ?? '100', '--limit');
    const store = await storeFrom(f, undefined, { mustExist: true, readOnly: true });
    try {
      if (ingest !== undefined && !(await store.ingestInfo(ingest))) {
        const last = await store.lastIngest();
        throw new InvalidInputError('--ingest', `no ingest ${ingest} in ${store.driver.location} (${last === undefined ? 'it holds none' : `ingests are 1–${last}`})`);
      }
      const rows = await store.rejects(ingest, limit);
      const total = await store.rejectCount(ingest);
      if (f.json) {
        process.stdout.write(JSON.stringify({ total, rejects: rows }, null, 2) + '\n');
        return;
      }
      process.stdout.write(bold(`${total} refused record${total === 1 ? '' : 's'}${ingest ? ` in ingest ${ingest}` : ''}`) + '\n');
      if (rows.length) process.stdout.write(table(rows.map((r) => [String(r.ingest), `${r.file}:${r.line}`, r.reason]), ['ingest', 'where', 'reason']) + '\n');
      if (total > rows.length) process.stdout.write(`(${total - rows.length} more: --limit ${total})\n`);
    } finally {
      await store.close();
    }
  });
}
