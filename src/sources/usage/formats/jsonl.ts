/**
 * tokenprint's own JSONL (docs/usage-events.md): one usage event per line. The fall-through for JSON that no other
 * reader claims, so its detection is last in the registry.
 */
import { RecordError, normalizeObject } from '../normalize.js';
import { readJson, rawOf } from '../read-json.js';
import { isObject } from '../sniff.js';
import type { UsageReader } from '../usage-reader.js';
import type { ParsedRecord, UsageEvent } from '../event.js';

/** An event as a JSONL line, in the documented field names. */
export function eventJson(e: UsageEvent): Record<string, unknown> {
  const o: Record<string, unknown> = {
    id: e.id,
    timestamp: new Date(e.timestampMs).toISOString(),
    provider: e.provider,
    model: e.model,
    deployment: e.deployment,
    region: e.region,
    input_tokens: e.inputTokens,
    cached_input_tokens: e.cachedInputTokens || undefined,
    output_tokens: e.outputTokens,
    reasoning_tokens: e.reasoningTokens || undefined,
    latency_ms: e.latencyMs,
    team: e.team,
    app: e.app,
    tags: e.tags,
  };
  return o;
}

/** One parsed value as a record, or a reject with the reason (`plain`: see normalizeObject). */
function pushEvent(x: unknown, line: number, text: string, out: ParsedRecord[], plain: boolean): void {
  if (!isObject(x)) {
    out.push({ ok: false, line, reason: 'expected a JSON object per line', raw: text });
    return;
  }
  try {
    out.push({ ok: true, line, event: normalizeObject(x, plain), raw: text });
  } catch (e) {
    if (e instanceof RecordError) out.push({ ok: false, line, reason: e.message, raw: text });
    else throw e;
  }
}

export const jsonlReader: UsageReader = {
  format: 'jsonl',
  title: "tokenprint's usage events, one JSON object per line",
  detect: (s) => s.layout === 'lines' || s.layout === 'document',
  read(path, o) {
    return readJson(path, o, (v, line, raw, out) => {
      // A whole document (pretty-printed array of events) holds many; a line holds one.
      if (raw === '' && Array.isArray(v)) for (const x of v) pushEvent(x, line, rawOf(raw, x), out, false);
      else pushEvent(v, line, rawOf(raw, v), out, raw !== '' && !raw.includes('\\u'));
      return 0;
    });
  },
  writer: { line: (e) => JSON.stringify(eventJson(e)) },
};
