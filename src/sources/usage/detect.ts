/**
 * Format detection from the file's structure (sniff.ts): each reader in the registry is asked in order whether the
 * head has its format's structure. The name (`.jsonl`, `.csv`, `otlp`/`traces`, optional `.gz`) decides only when
 * the content cannot (an empty file).
 */
import { basename } from 'node:path';
import { InvalidInputError } from '../../core/errors.js';
import { USAGE_FORMAT_NAMES, USAGE_READERS } from './formats/registry.js';
import { sniffBytes, sniffFile, sniffHead, type Sniff } from './sniff.js';

/** The format whose structure the head has; undefined for an empty head or one no reader claims. */
export function detectFromHead(head: string, name = ''): string | undefined {
  return formatOfSniff(sniffHead(head, name));
}

/** `detectFromHead` of a head held as bytes (an uncompressed request body; sniff.ts `sniffBytes`). */
export function detectFromBytes(head: Uint8Array, name = ''): string | undefined {
  return formatOfSniff(sniffBytes(head, name));
}

function formatOfSniff(s: Sniff | undefined): string | undefined {
  if (s === undefined) return undefined;
  return USAGE_READERS.find((r) => r.detect(s))?.format;
}

export function detectFromName(path: string): string | undefined {
  const n = basename(path).toLowerCase().replace(/\.gz$/, '');
  if (n.endsWith('.jsonl') || n.endsWith('.ndjson')) return 'jsonl';
  if (n.endsWith('.csv')) return 'csv';
  if (n.includes('otlp') || n.includes('traces')) return 'otlp';
  return undefined;
}

/** The format whose structure the file's head has (gzip read through); undefined when no reader claims it. */
export async function detectFromContent(path: string): Promise<{ format: string | undefined; gzip: boolean }> {
  const { sniff, gzip } = await sniffFile(path);
  return { format: sniff === undefined ? undefined : USAGE_READERS.find((r) => r.detect(sniff))?.format, gzip };
}

export async function detectFormat(path: string): Promise<{ format: string; gzip: boolean }> {
  const { format: byHead, gzip } = await detectFromContent(path);
  const format = byHead ?? detectFromName(path);
  if (format === undefined) {
    throw new InvalidInputError('--format', `cannot tell the format of ${path}: pass --format ${USAGE_FORMAT_NAMES.join('|')}`);
  }
  return { format, gzip };
}
