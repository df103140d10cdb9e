import type { Command } from 'commander';
import type { UsageFormat } from '../../sources/usage/event.js';
import { USAGE_FORMAT_NAMES } from '../../sources/usage/formats/registry.js';
import { findConfig, type LedgerConfig } from '../../ledger/config.js';
import { DEFAULT_DB, ledgerExists, ledgerLocation, openStore } from '../../ledger/store/open-store.js';
import type { LedgerStore } from '../../ledger/store/store.js';
import { ingest, type IngestSummary } from '../../ledger/ingest/ingest.js';
import { parseChoice, parsePositiveInt, parseRate } from '../parse.js';
import { InvalidInputError } from '../../core/errors.js';
import { EXIT, ExitWith } from '../exit-codes.js';
import { bold, num, table, waterText } from '../format.js';

export interface LedgerFlags {
  db?: string;
  config?: string;
}

/** `--config`, else ./tokenprint.yaml when present, else an empty config (ledger/config.ts findConfig). */
export async function configFrom(f: LedgerFlags): Promise<{ config: LedgerConfig; path: string | null }> {
  return findConfig(f.config);
}

/**
 * `--db`, else the config's `db`, else ./tokenprint.duckdb (ledger/store/open-store.ts ledgerLocation). Commands
 * that only read the ledger pass `mustExist`: a DuckDB path that does not exist is a mistyped path, and is refused
 * instead of created empty; and `readOnly`: a DuckDB ledger is opened read-only (a chmod 444 file still reads).
 */
export async function storeFrom(f: LedgerFlags, config?: LedgerConfig, o: { mustExist?: boolean; readOnly?: boolean } = {}): Promise<LedgerStore> {
  const location = ledgerLocation(f.db, config);
  if (o.mustExist && !ledgerExists(location)) {
    throw new InvalidInputError('--db', `${location} does not exist: give the ledger's path, or run \`npx tokenprint ingest FILE\` first`);
  }
  return openStore(location, { readOnly: o.readOnly });
}

/**
 * The ingest's verdict on its input: a non-empty file from which nothing was accepted (wrong headers, a binary file,
 * the wrong format), or a run refusing more than `maxRejectRate` of what it read (duplicates aside), is a failure.
 * The summary is printed first; this returns the lines that explain the exit code (empty when all is well).
 */
export function ingestProblems(s: IngestSummary, maxRejectRate: number): string[] {
  const out: string[] = [];
  for (const f of s.files) {
    if (f.read > 0 && f.accepted === 0 && f.duplicates === 0) out.push(`${f.path}: accepted nothing of ${f.read} records read (wrong format or headers? see \`npx tokenprint rejects --ingest ${s.ingestId}\`)`);
  }
  const fresh = s.read - s.duplicates;
  if (fresh > 0 && s.rejected / fresh > maxRejectRate) {
    out.push(`refused ${s.rejected} of ${fresh} new records (${((s.rejected / fresh) * 100).toFixed(1)} %), above --max-reject-rate ${num(maxRejectRate * 100)} %`);
  }
  return out;
}

export function ledgerOptions(cmd: Command): Command {
  return cmd
    .option('--db <path|url>', `ledger: a DuckDB file or a postgres:// URL (default: config db, else ${DEFAULT_DB})`)
    .option('--config <file>', 'ledger config (default: ./tokenprint.yaml when present)');
}

/** A one-line progress indicator on stderr, only when stderr is a terminal. */
export function progressLine(enabled: boolean): { update: (text: string) => void; done: () => void } {
  const on = enabled && process.stderr.isTTY === true;
  let lastMs = 0;
  let shown = false;
  return {
    update(text: string) {
      if (!on) return;
      const now = Date.now();
      if (now - lastMs < 100) return;
      lastMs = now;
      shown = true;
      process.stderr.write(`\r\x1b[2K${text}`);
    },
    done() {
      if (on && shown) process.stderr.write('\r\x1b[2K');
    },
  };
}

function traceCommit(pauseMs: number): (c: { linesDone: number }) => void {
  return (c) => {
    process.stderr.write(`committed ${c.linesDone}\n`);
    if (pauseMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pauseMs);
  };
}

interface Flags extends LedgerFlags {
  format?: string;
  json?: boolean;
  quiet?: boolean;
  batchSize?: string;
  maxRejectRate?: string;
  deployment?: string;
}

export function printIngestSummary(s: IngestSummary): void {
  const out = [
    bold(`ingest ${s.ingestId}${s.resumed ? ' (resumed)' : ''} · factor set ${s.factorSet}`),
    table(
      s.files.map((f) => [f.path, f.format, String(f.read), String(f.accepted), String(f.rejected), String(f.duplicates), String(f.blank)]),
      ['file', 'format', 'read', 'accepted', 'rejected', 'duplicates', 'blank lines'],
    ),
    `energy ${num(s.energyKWh)} kWh · carbon ${num(s.carbonKg.location)} kgCO2e location-based, ${num(s.carbonKg.market)} market-based · water ${waterText(s)} · embodied ${num(s.embodiedKg)} kgCO2e (amortised)`,
  ];
  if (s.unknownModels !== undefined) {
    const what = { rejected: 'refused', lenient: 'booked leniently', default: 'booked with the provider default' } as const;
    out.push(`models neither the catalog nor mapping.models knows (map them in tokenprint.yaml, docs/config.md#mapping):`);
    for (const u of s.unknownModels) out.push(`  ${u.provider} ${u.model}: ${u.events} events ${what[u.outcome]}`);
  }
  if (s.unmappedGeos !== undefined) {
    out.push(`inference_geo values mapping.zones does not map (booked in the provider's region instead; map them in tokenprint.yaml, docs/config.md#mapping):`);
    for (const g of s.unmappedGeos) {
      const where = g.from === 'config' ? `providers.${g.provider}.region` : `${g.provider}'s catalog default; providers.${g.provider}.region is not set`;
      const zone = `${g.zone ?? 'no zone'} (${where})`;
      out.push(`  ${g.provider} ${g.geo}: ${g.buckets} buckets booked in ${zone}`);
    }
  }
  if (s.rejected > 0) out.push(`${s.rejected} records refused: \`npx tokenprint rejects --ingest ${s.ingestId}\` shows why.`);
  process.stdout.write(out.join('\n') + '\n');
}

export function registerIngest(program: Command): void {
  const cmd = program
    .command('ingest')
    .description('account usage logs (JSONL, CSV, OTLP-JSON, gateway and cloud logs: see --format; gzip read directly) into the ledger, idempotently and resumably')
    .argument('<file...>', 'usage files')
    .option('--format <f>', `input format: ${USAGE_FORMAT_NAMES.join('|')} (default: detected from the file's content)`)
    .option('--json', 'print the summary as JSON (read = accepted + rejected + duplicates; blank lines are not records: counted beside read, as blank)')
    .option('--quiet', 'no progress and no summary table')
    .option('--batch-size <n>', 'records per committed batch', '50000')
    .option('--deployment <name>', 'the config deployment that self-hosted usage buckets (vllm-metrics) ran on (default: the deployment named as, or serving, their model_name)')
    .option('--max-reject-rate <x>', 'exit 1 when more than this share of new records is refused: 0.5, 50% (accepted rows are kept either way)', '50%');
  ledgerOptions(cmd);
  cmd.action(async (files: string[], f: Flags) => {
    const format = f.format === undefined ? undefined : parseChoice<UsageFormat>(f.format, '--format', USAGE_FORMAT_NAMES);
    const batchSize = parsePositiveInt(f.batchSize ?? '50000', '--batch-size');
    const maxRejectRate = parseRate(f.maxRejectRate ?? '50%', '--max-reject-rate');
    const { config } = await configFrom(f);
    const store = await storeFrom(f, config);
    const bar = progressLine(!f.quiet && !f.json);
    const t0 = Date.now();
    try {
      const s = await ingest(store, config, files, {
        format,
        batchSize,
        deployment: f.deployment,
        onLockWait: () => process.stderr.write(`tokenprint: another ingest or restate is writing ${store.driver.location}; waiting for it to finish…\n`),
        onProgress: (p) => bar.update(`ingest ${p.file.split('/').pop()}: ${p.records.toLocaleString('en-US')} records, ${Math.round(p.records / Math.max(0.001, (Date.now() - t0) / 1000)).toLocaleString('en-US')}/s`),
        // A test hook: lets the crash-resume test kill the process right after a commit (a number pauses that many ms).
        onCommit: process.env.TOKENPRINT_TRACE_COMMITS ? traceCommit(Number(process.env.TOKENPRINT_TRACE_COMMITS)) : undefined,
      });
      bar.done();
      if (f.json) process.stdout.write(JSON.stringify(s, null, 2) + '\n');
      else if (!f.quiet) printIngestSummary(s);
      const problems = ingestProblems(s, maxRejectRate);
      if (problems.length) {
        for (const p of problems) process.stderr.write(`tokenprint: ${p}\n`);
        throw new ExitWith(EXIT.failure);
      }
    } finally {
      bar.done();
      await store.close();
    }
  });
}
