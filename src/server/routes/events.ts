/**
 * POST /v1/events: usage in any format `tokenprint ingest` reads (JSONL, CSV, OTLP-JSON, a JSON array, the
 * gateway and provider exports, provider usage buckets; gzip with Content-Encoding) into the ledger.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { UsageFormat } from '../../sources/usage/event.js';
import { detectFromHead } from '../../sources/usage/detect.js';
import { USAGE_FORMAT_NAMES } from '../../sources/usage/formats/registry.js';
import { SNIFF_BYTES } from '../../sources/usage/sniff.js';
import { InvalidInputError } from '../../core/errors.js';
import { BatchResultSchema } from '../schemas.js';
import { HttpProblem } from '../problem.js';
import { Idempotency } from '../store/idempotency.js';
import type { App, ServerDeps } from '../context.js';
import { problemResponses } from './common.js';

const formatNames = USAGE_FORMAT_NAMES as [string, ...string[]];

const EventsQuery = z.object({
  format: z
    .enum(formatNames, { error: () => `unknown format: use one of ${formatNames.join(', ')}` })
    .optional()
    .openapi({ description: 'The usage format (as `tokenprint ingest --format`); default: detected from the content as the CLI does' }),
  deployment: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'The config deployment that self-hosted usage buckets (vllm-metrics) ran on (as `tokenprint ingest --deployment`)' }),
});

const route = createRoute({
  method: 'post',
  path: '/v1/events',
  tags: ['account'],
  summary: 'Account a batch of usage events',
  description:
    `The body is any usage file \`tokenprint ingest\` reads (formats: ${formatNames.join(', ')}): JSONL (\`application/x-ndjson\`), CSV (\`text/csv\`), text (\`text/plain\`: Prometheus scrapes of vLLM, or JSON lines), or JSON (\`application/json\`: OTLP-JSON spans, a JSON array of events, a gateway or provider export, a provider usage report); \`Content-Encoding: gzip\` is read directly. The format is detected from the content as the CLI detects it, or named by \`format\`. Provider usage buckets (openai-usage, anthropic-usage, litellm-daily, vllm-metrics; \`deployment\` as \`--deployment\`) are booked as aggregate records; a bucket already booked is a duplicate, one already booked with other totals is rejected. Records go through the same ingest as \`tokenprint ingest\`: \`read = accepted + rejected + duplicates\`; an event already in the ledger (same event id, else same content) is a duplicate and adds nothing, so a retried batch never doubles. Rejected lines are listed by GET /v1/rejects. An \`Idempotency-Key\` header makes a retry return the first answer.`,
  security: [{ ApiKey: [] }],
  request: {
    query: EventsQuery,
    headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
    // Not `required` here: that would make the JSON validator run on every body; an empty body is refused below.
    body: {
      content: {
        'application/x-ndjson': { schema: z.string().openapi({ example: '{"ts":"2025-06-01T10:00:00Z","provider":"openai","model":"gpt-4o","input_tokens":1200,"output_tokens":300}' }) },
        'text/csv': { schema: z.string() },
        // Prometheus exposition text (vllm-metrics scrapes), or lines of JSON.
        'text/plain': { schema: z.string() },
        'application/json': { schema: z.union([z.array(z.record(z.string(), z.unknown())), z.record(z.string(), z.unknown())]) },
      },
    },
  },
  responses: {
    200: { description: 'committed: the counts of this batch', content: { 'application/json': { schema: BatchResultSchema } } },
    ...problemResponses([400, 401, 403, 409, 413, 415, 422, 429]),
  },
});

/** What the Content-Type says the body is (the format taken when no reader claims the content). */
function formatOf(contentType: string): UsageFormat | 'json' {
  const t = contentType.split(';')[0].trim().toLowerCase();
  if (t === 'application/x-ndjson' || t === 'application/jsonl' || t === 'application/jsonlines' || t === 'text/plain') return 'jsonl';
  if (t === 'text/csv') return 'csv';
  if (t === 'application/json') return 'json';
  throw new HttpProblem('UNSUPPORTED_MEDIA_TYPE', `Content-Type '${t || '(none)'}' is not one of application/x-ndjson, text/csv, application/json`);
}

/**
 * A JSON body is kept as it is (an OTLP export, a provider report, a gateway's export), except an array read as
 * tokenprint's events (named so, or detected so), which becomes JSONL: one event a line.
 */
function fromJson(body: Uint8Array, format: UsageFormat | undefined): Uint8Array {
  const text = Buffer.from(body).toString('utf8');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new InvalidInputError('body', `not valid JSON: ${(e as Error).message}`);
  }
  if (v === null || typeof v !== 'object') throw new InvalidInputError('body', 'a JSON body must be an array of records or an object (an OTLP export, a usage report)');
  if (Array.isArray(v) && (format ?? detectFromHead(text.slice(0, SNIFF_BYTES))) === 'jsonl') return Buffer.from(v.map((x) => JSON.stringify(x)).join('\n') + '\n');
  return body;
}

export function eventRoutes(app: App, deps: ServerDeps): void {
  app.openapi(
    route,
    async (c) => {
      const caller = c.get('caller');
      const q = c.req.valid('query');
      const raw = new Uint8Array(await c.req.arrayBuffer());
      if (raw.length === 0) throw new InvalidInputError('body', 'empty: send JSONL, CSV, OTLP-JSON, a JSON array of events or a usage export');
      const gzip = (c.req.header('content-encoding') ?? '').toLowerCase() === 'gzip';
      const declared = formatOf(c.req.header('content-type') ?? '');
      const bytes = declared === 'json' && !gzip ? fromJson(raw, q.format) : raw;
      const how = { format: q.format, fallback: declared === 'json' ? 'jsonl' : declared, gzip, deployment: q.deployment };
      const key = c.req.header('idempotency-key');
      if (key === undefined) return c.json(await deps.intake.submit(caller.tenant, bytes, how), 200);
      // The key covers how the body is read too: the same bytes as another format are another batch.
      const sha = q.format === undefined && q.deployment === undefined ? Idempotency.bodyHash(raw) : Idempotency.bodyHash(Buffer.concat([raw, Buffer.from(`\u0000${q.format ?? ''}\u0000${q.deployment ?? ''}`)]));
      if (!deps.idempotency.claim(caller.tenant, key)) throw new HttpProblem('IDEMPOTENCY_CONFLICT', `a request with Idempotency-Key '${key}' is still being processed; retry when it has answered`, { 'Retry-After': '1' });
      try {
        // On the writer's connection: the key table is created there, never beside a write on the read connection.
        const before = await deps.tenants.write(caller.tenant, (s) => deps.idempotency.find(s, key));
        if (before) {
          if (before.bodySha !== sha) throw new HttpProblem('IDEMPOTENCY_CONFLICT', `Idempotency-Key '${key}' was first used with a different body; use a new key for a new batch`);
          c.header('Idempotent-Replayed', 'true');
          return c.json(BatchResultSchema.parse(JSON.parse(before.response)), 200);
        }
        const result = await deps.intake.submit(caller.tenant, bytes, how);
        await deps.tenants.write(caller.tenant, (s) => deps.idempotency.put(s, key, sha, JSON.stringify(result), new Date(deps.now()).toISOString()));
        return c.json(result, 200);
      } finally {
        deps.idempotency.release(caller.tenant, key);
      }
    },
  );
}

