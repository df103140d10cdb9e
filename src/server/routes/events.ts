/** POST /v1/events: usage events (JSONL, CSV, OTLP-JSON or a JSON array; gzip with Content-Encoding) into the ledger. */
import { createRoute, z } from '@hono/zod-openapi';
import type { UsageFormat } from '../../sources/usage/event.js';
import { InvalidInputError } from '../../core/errors.js';
import { BatchResultSchema } from '../schemas.js';
import { HttpProblem } from '../problem.js';
import { Idempotency } from '../store/idempotency.js';
import type { App, ServerDeps } from '../context.js';
import { problemResponses } from './common.js';

const route = createRoute({
  method: 'post',
  path: '/v1/events',
  tags: ['account'],
  summary: 'Account a batch of usage events',
  description:
    'The body is JSONL (`application/x-ndjson`), CSV (`text/csv`), OTLP-JSON spans or a JSON array of events (`application/json`); `Content-Encoding: gzip` is read directly. Events go through the same ingest as `tokenprint ingest`: `read = accepted + rejected + duplicates` (`blank` counts the blank lines, which are not records); an event already in the ledger (same event id, else same content) is a duplicate and adds nothing, so a retried batch never doubles. Rejected lines are listed by GET /v1/rejects. An `Idempotency-Key` header makes a retry return the first answer.',
  security: [{ ApiKey: [] }],
  request: {
    headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
    // Not `required` here: that would make the JSON validator run on every body; an empty body is refused below.
    body: {
      content: {
        'application/x-ndjson': { schema: z.string().openapi({ example: '{"ts":"2025-06-01T10:00:00Z","provider":"openai","model":"gpt-4o","input_tokens":1200,"output_tokens":300}' }) },
        'text/csv': { schema: z.string() },
        'application/json': { schema: z.union([z.array(z.record(z.string(), z.unknown())), z.object({ resourceSpans: z.array(z.unknown()) }).passthrough()]) },
      },
    },
  },
  responses: {
    200: { description: 'committed: the counts of this batch', content: { 'application/json': { schema: BatchResultSchema } } },
    ...problemResponses([400, 401, 403, 409, 413, 415, 422, 429]),
  },
});

/** The format from the Content-Type (and, for JSON, the first bytes: OTLP has `resourceSpans`). */
function formatOf(contentType: string): UsageFormat | 'json' {
  const t = contentType.split(';')[0].trim().toLowerCase();
  if (t === 'application/x-ndjson' || t === 'application/jsonl' || t === 'application/jsonlines' || t === 'text/plain') return 'jsonl';
  if (t === 'text/csv') return 'csv';
  if (t === 'application/json') return 'json';
  throw new HttpProblem('UNSUPPORTED_MEDIA_TYPE', `Content-Type '${t || '(none)'}' is not one of application/x-ndjson, text/csv, application/json`);
}

/** A JSON body: an OTLP export stays as is; an array of events becomes JSONL (one event a line). */
function fromJson(body: Uint8Array): { bytes: Uint8Array; format: UsageFormat } {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch (e) {
    throw new InvalidInputError('body', `not valid JSON: ${(e as Error).message}`);
  }
  if (Array.isArray(v)) return { bytes: Buffer.from(v.map((x) => JSON.stringify(x)).join('\n') + '\n'), format: 'jsonl' };
  if (v !== null && typeof v === 'object' && 'resourceSpans' in v) return { bytes: body, format: 'otlp' };
  throw new InvalidInputError('body', 'a JSON body must be an array of events or an OTLP export (an object with resourceSpans)');
}

export function eventRoutes(app: App, deps: ServerDeps): void {
  app.openapi(
    route,
    async (c) => {
      const caller = c.get('caller');
      const raw = new Uint8Array(await c.req.arrayBuffer());
      if (raw.length === 0) throw new InvalidInputError('body', 'empty: send JSONL, CSV, OTLP-JSON or a JSON array of events');
      const gzip = (c.req.header('content-encoding') ?? '').toLowerCase() === 'gzip';
      const declared = formatOf(c.req.header('content-type') ?? '');
      const { bytes, format } = declared === 'json' && !gzip ? fromJson(raw) : { bytes: raw, format: declared === 'json' ? 'jsonl' : declared };
      const key = c.req.header('idempotency-key');
      if (key === undefined) return c.json(await deps.intake.submit(caller.tenant, bytes, format, gzip), 200);
      const sha = Idempotency.bodyHash(raw);
      if (!deps.idempotency.claim(caller.tenant, key)) throw new HttpProblem('IDEMPOTENCY_CONFLICT', `a request with Idempotency-Key '${key}' is still being processed; retry when it has answered`, { 'Retry-After': '1' });
      try {
        // On the writer's connection: the key table is created there, never beside a write on the read connection.
        const before = await deps.tenants.write(caller.tenant, (s) => deps.idempotency.find(s, key));
        if (before) {
          if (before.bodySha !== sha) throw new HttpProblem('IDEMPOTENCY_CONFLICT', `Idempotency-Key '${key}' was first used with a different body; use a new key for a new batch`);
          c.header('Idempotent-Replayed', 'true');
          return c.json(BatchResultSchema.parse(JSON.parse(before.response)), 200);
        }
        const result = await deps.intake.submit(caller.tenant, bytes, format, gzip);
        await deps.tenants.write(caller.tenant, (s) => deps.idempotency.put(s, key, sha, JSON.stringify(result), new Date(deps.now()).toISOString()));
        return c.json(result, 200);
      } finally {
        deps.idempotency.release(caller.tenant, key);
      }
    },
  );
}

