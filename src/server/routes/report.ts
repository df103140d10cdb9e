/** GET /v1/report and GET /v1/rejects: the tenant's ledger, read with the CLI's report and reject queries. */
import { createRoute, z } from '@hono/zod-openapi';
import type { Dimension } from '../../ledger/report/report.js';
import { TokenprintError } from '../../core/errors.js';
import { reportCsv, reportMarkdown } from '../../ledger/report/report-render.js';
import { buildHtmlReport } from '../../ledger/report/report-html.js';
import { ReportQuery, ReportSchema, RejectsQuery, RejectsSchema } from '../schemas.js';
import { filteredReport } from '../report-filter.js';
import { requestIdOf } from '../intake.js';
import { maxStaleOf } from '../read-model.js';
import type { App, ServerDeps } from '../context.js';
import { problemResponses } from './common.js';

const reportRoute = createRoute({
  method: 'get',
  path: '/v1/report',
  tags: ['account'],
  summary: "The tenant's footprint by dimension, over a period, with the GHG view",
  description:
    'The same report as `tokenprint report --json` (energy kWh, carbon kgCO2e location- and market-based, water L, embodied kgCO2e, each a range). Filters narrow rows and total. A report reflects every batch answered before it; a client that accepts an older one during a sustained ingest sends `Cache-Control: max-stale=S` and gets a report computed at most S seconds ago (with an `Age` header) without waiting for a new sum over the ledger.',
  security: [{ ApiKey: [] }],
  request: { query: ReportQuery },
  responses: {
    200: {
      description: 'the report',
      content: { 'application/json': { schema: ReportSchema }, 'text/csv': { schema: z.string() }, 'text/markdown': { schema: z.string() }, 'text/html': { schema: z.string() } },
    },
    ...problemResponses([400, 401, 403, 404, 429]),
  },
});

const rejectsRoute = createRoute({
  method: 'get',
  path: '/v1/rejects',
  tags: ['account'],
  summary: 'Records the ledger refused, with the request, line and reason',
  security: [{ ApiKey: [] }],
  request: { query: RejectsQuery },
  responses: { 200: { description: 'refused records', content: { 'application/json': { schema: RejectsSchema } } }, ...problemResponses([400, 401, 403, 429]) },
});

/**
 * The text of a kept report in one format, made once per report object: the read model hands the same object to
 * every read until the ledger changes (or for `max-stale` seconds), so a polled report is not serialised again for
 * each read (JSON.stringify of the report was the server's third-largest cost under the bench's reads).
 */
const texts = new WeakMap<object, Map<string, string>>();

function rendered<T extends object>(r: T, format: string, render: (r: T) => string): string {
  let m = texts.get(r);
  if (m === undefined) texts.set(r, (m = new Map()));
  let t = m.get(format);
  if (t === undefined) m.set(format, (t = render(r)));
  return t;
}

/** A tenant with no events has no factor set yet: 404 with what to do, rather than an empty document. */
export async function requireEvents(deps: ServerDeps, tenant: string): Promise<void> {
  if (!(await deps.tenants.read(tenant, (s) => s.activeFactorSet()))) {
    throw new TokenprintError('NOT_FOUND', `tenant ${tenant} has no events yet: POST /v1/events first`);
  }
}

export function reportRoutes(app: App, deps: ServerDeps): void {
  app.openapi(reportRoute, async (c) => {
    const q = c.req.valid('query');
    const opts = { by: (q.by ? q.by.split(',') : []) as Dimension[], from: q.from, to: q.to, factorSet: q.factorSet === undefined ? undefined : Number(q.factorSet) };
    const tenant = c.get('caller').tenant;
    // From the read model (read-model.ts): kept while the ledger is unchanged, or as old as `max-stale` allows. A kept
    // report means the tenant has events (none are ever removed), so only a report computed afresh asks the ledger.
    const maxStale = maxStaleOf(c.req.header('cache-control'));
    const key = JSON.stringify({ ...q, format: q.format === 'html' ? 'html' : 'data' });
    if (q.format === 'html') {
      const html = await deps.readModel.get(tenant, key, maxStale, async () => {
        await requireEvents(deps, tenant);
        return deps.tenants.read(tenant, (s) => buildHtmlReport(s, opts));
      });
      if (html.ageS > 0) c.header('Age', String(html.ageS));
      return c.body(html.value, 200, { 'content-type': 'text/html; charset=utf-8' });
    }
    const kept = await deps.readModel.get(tenant, key, maxStale, async () => {
      await requireEvents(deps, tenant);
      return deps.tenants.read(tenant, (s) => filteredReport(s, { ...opts, filters: { team: q.team, model: q.model, provider: q.provider, region: q.region } }));
    });
    if (kept.ageS > 0) c.header('Age', String(kept.ageS));
    const r = kept.value satisfies z.infer<typeof ReportSchema>;
    if (q.format === 'csv') return c.body(rendered(r, 'csv', reportCsv), 200, { 'content-type': 'text/csv; charset=utf-8' });
    if (q.format === 'md') return c.body(rendered(r, 'md', reportMarkdown), 200, { 'content-type': 'text/markdown; charset=utf-8' });
    return c.body(rendered(r, 'json', (x) => JSON.stringify(x)), 200, { 'content-type': 'application/json' });
  });

  app.openapi(rejectsRoute, async (c) => {
    const q = c.req.valid('query');
    const ingest = q.ingest === undefined ? undefined : Number(q.ingest);
    const { rows, total } = await deps.tenants.read(c.get('caller').tenant, async (s) => ({ rows: await s.rejects(ingest, Number(q.limit)), total: await s.rejectCount(ingest) }));
    // The spool file's name is the request id the POST answered with; the server's paths stay private.
    return c.json({ total, rejects: rows.map((r) => ({ ingest: r.ingest, request: requestIdOf(r.file), line: r.line, reason: r.reason, raw: r.raw })) }, 200);
  });
}
