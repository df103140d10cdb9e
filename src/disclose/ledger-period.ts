/**
 * The organisation-level disclosures read the ledger over a reporting period: the ledger report (one source of
 * truth for every sum) plus its per-scope split and the factor set's configuration (instruments, deployments).
 */
import { z } from 'zod';
import { InvalidInputError } from '../core/errors.js';
import { parseConfig, type LedgerConfig } from '../ledger/config.js';
import { buildReport, type Dimension, type Report, type ReportRow } from '../ledger/report/report.js';
import type { LedgerStore } from '../ledger/store/store.js';

/** What selects the ledger rows: a period (`2025`, `2025-Q2`, `2025-06`) or --from/--to, and a factor set. */
export const ledgerSelectionSchema = z.strictObject({
  period: z.string().optional().describe('Reporting period: YYYY, YYYY-Qn or YYYY-MM'),
  from: z.string().optional().describe('First day included (YYYY-MM-DD or YYYY-MM)'),
  to: z.string().optional().describe('Last day included (YYYY-MM-DD or YYYY-MM)'),
  factorSet: z.number().int().positive().optional().describe('Factor set (default: the active one)'),
});
export type LedgerSelection = z.infer<typeof ledgerSelectionSchema>;

export function periodRange(s: LedgerSelection): { from?: string; to?: string; label: string } {
  if (s.period !== undefined) {
    if (s.from !== undefined || s.to !== undefined) throw new InvalidInputError('--period', 'give --period or --from/--to, not both');
    const p = s.period.trim();
    let m = /^(\d{4})$/.exec(p);
    if (m) return { from: `${m[1]}-01`, to: `${m[1]}-12`, label: m[1] };
    m = /^(\d{4})-Q([1-4])$/i.exec(p);
    if (m) {
      const q = Number(m[2]);
      const mm = (n: number): string => String(n).padStart(2, '0');
      return { from: `${m[1]}-${mm(3 * q - 2)}`, to: `${m[1]}-${mm(3 * q)}`, label: `${m[1]}-Q${q}` };
    }
    m = /^(\d{4})-(\d{2})$/.exec(p);
    if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return { from: p, to: p, label: p };
    throw new InvalidInputError('--period', `'${s.period}' is not a period like 2025, 2025-Q2 or 2025-06`);
  }
  return { from: s.from, to: s.to, label: `${s.from ?? 'first event'} → ${s.to ?? 'last event'}` };
}

export interface LedgerPeriod {
  readonly label: string;
  readonly report: Report;
  /** Totals per key of the first grouping dimension (default: ledger scope, `scope2`, `scope3.1`). */
  readonly byScope: ReadonlyMap<string, ReportRow>;
  readonly config: LedgerConfig;
}

export async function readLedgerPeriod(store: LedgerStore, s: LedgerSelection, now?: () => Date, by: readonly Dimension[] = ['scope']): Promise<LedgerPeriod> {
  const r = periodRange(s);
  const report = await buildReport(store, { by, from: r.from, to: r.to, factorSet: s.factorSet, now });
  const sets = await store.factorSets();
  const fsRow = sets.find((f) => f.id === report.factorSet);
  const config = parseConfig(fsRow?.config ?? '{}', `factor set ${report.factorSet}`);
  return { label: r.label, report, byScope: new Map(report.rows.map((row) => [row.keys[by[0]], row])), config };
}

/** Method-tier mix as words: "measured 0 %, modeled:deployment 100 %, modeled:provider 0 %". */
export function tierMix(row: ReportRow | undefined): string {
  if (!row || (row.requests === 0 && row.buckets === 0)) return 'no events';
  const mix = Object.entries(row.methodMix)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${k === 'aggregate' ? 'usage buckets (aggregate)' : k} ${(v * 100).toFixed(v < 0.01 ? 2 : 0)} %`);
  if (row.bucketsWithoutRequestCount > 0) mix.push(`${row.bucketsWithoutRequestCount} usage buckets without a request count (tokens and footprint included)`);
  return mix.join(', ');
}
