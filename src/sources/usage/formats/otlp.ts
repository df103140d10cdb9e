/**
 * OTLP-JSON trace exports (ExportTraceServiceRequest: a top-level `resourceSpans` array), one per line as the
 * OpenTelemetry Collector file exporter writes them, or one pretty-printed document. Spans are mapped in ../otlp.ts.
 */
import { MAX_LINE_BYTES } from '../event.js';
import { spansToRecords } from '../otlp.js';
import { readJson } from '../read-json.js';
import { isObject } from '../sniff.js';
import type { UsageReader } from '../usage-reader.js';

/** An export line holds a whole batch of spans: lines up to this size are read (bytes). */
const OTLP_MAX_LINE_BYTES = 64 << 20;

export const otlpReader: UsageReader = {
  format: 'otlp',
  title: 'OpenTelemetry trace exports (OTLP-JSON) with GenAI span attributes',
  // Structure, not text: the top-level value has a resourceSpans array (a prompt quoting the key is not enough).
  detect: (s) => (s.layout === 'lines' || s.layout === 'document') && isObject(s.value) && Array.isArray(s.value.resourceSpans),
  read(path, o) {
    const max = Math.max(o.maxLineBytes ?? MAX_LINE_BYTES, OTLP_MAX_LINE_BYTES);
    return readJson(
      path,
      o,
      (doc, line, raw, out) => {
        const r = spansToRecords(doc, line);
        for (const x of r.records) out.push(x.ok || x.raw !== '' ? x : { ...x, raw: raw.slice(0, 2000) });
        return r.ignoredSpans;
      },
      max,
    );
  },
};
