/** JSONL: one JSON object per line (docs/usage-events.md). */
import type { ParsedRecord } from './event.js';
import { RecordError, normalizeObject } from './normalize.js';

/** Parses one line; undefined for a blank line (not a record). */
export function parseJsonlLine(text: string, line: number): ParsedRecord | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    if (text.trim() === '') return undefined;
    return { ok: false, line, reason: `malformed JSON: ${(e as Error).message}`, raw: text };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return { ok: false, line, reason: 'expected a JSON object per line', raw: text };
  }
  const o = v as Record<string, unknown>;
  try {
    return { ok: true, line, event: normalizeObject(o), raw: text };
  } catch (e) {
    if (e instanceof RecordError) return { ok: false, line, reason: e.message, raw: text };
    throw e;
  }
}
