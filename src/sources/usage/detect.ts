/** Format detection: the file name first (`.jsonl`, `.csv`, `.json` + optional `.gz`), then the first bytes. */
import { basename } from 'node:path';
import { InvalidInputError } from '../../core/errors.js';
import type { UsageFormat } from './event.js';
import { peek } from './lines.js';

/** Detects from the text of the first bytes: an OTLP export has `resourceSpans`; other JSON is JSONL; else CSV. */
export function detectFromHead(head: string): UsageFormat | undefined {
  const s = head.replace(/^\uFEFF/, '').trimStart();
  if (s === '') return undefined;
  if (s.startsWith('{') || s.startsWith('[')) {
    return /"resourceSpans"\s*:/.test(s.slice(0, 4096)) ? 'otlp' : 'jsonl';
  }
  const firstLine = s.split('\n', 1)[0];
  return firstLine.includes(',') ? 'csv' : undefined;
}

export function detectFromName(path: string): UsageFormat | undefined {
  const n = basename(path).toLowerCase().replace(/\.gz$/, '');
  if (n.endsWith('.jsonl') || n.endsWith('.ndjson')) return 'jsonl';
  if (n.endsWith('.csv')) return 'csv';
  if (n.includes('otlp') || n.includes('traces')) return 'otlp';
  return undefined;
}

export async function detectFormat(path: string): Promise<{ format: UsageFormat; gzip: boolean }> {
  const { gzip, head } = await peek(path);
  const byHead = detectFromHead(head);
  const byName = detectFromName(path);
  // The content wins over the name for JSON vs OTLP (an OTLP export saved as .jsonl is still OTLP).
  const format = byHead === 'otlp' ? 'otlp' : (byName ?? byHead);
  if (format === undefined) {
    throw new InvalidInputError('--format', `cannot tell the format of ${path}: name it .jsonl/.csv or pass --format jsonl|csv|otlp`);
  }
  return { format, gzip };
}
