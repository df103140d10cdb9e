/** tokenprint's own CSV (docs/usage-events.md): a header naming the event fields, one event per row. The CSV fall-through. */
import { CsvParser } from '../csv.js';
import { readCsv } from '../read-csv.js';
import type { UsageReader } from '../usage-reader.js';

const COLUMNS = ['id', 'timestamp', 'provider', 'model', 'deployment', 'region', 'input_tokens', 'cached_input_tokens', 'output_tokens', 'reasoning_tokens', 'latency_ms', 'team', 'app'] as const;

/** One CSV cell (RFC 4180 quoting where needed). */
export const csvCell = (v: string | number | undefined): string => {
  if (v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const csvReader: UsageReader = {
  format: 'csv',
  title: "tokenprint's usage events as CSV with a header row",
  detect: (s) => s.layout === 'csv',
  read: (path, o) => readCsv(path, o, new CsvParser()),
  writer: {
    header: COLUMNS.join(','),
    line: (e) =>
      [e.id, new Date(e.timestampMs).toISOString(), e.provider, e.model, e.deployment, e.region, e.inputTokens, e.cachedInputTokens, e.outputTokens, e.reasoningTokens, e.latencyMs, e.team, e.app]
        .map(csvCell)
        .join(','),
  },
};
