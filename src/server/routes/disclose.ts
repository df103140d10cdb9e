/**
 * GET /v1/disclose/{ghg,esrs,sci}: the disclose job's ledger documents for the caller's tenant, the same use cases
 * and request schemas as `tokenprint disclose`. Query strings become numbers and booleans before the disclose
 * schema's own rule checks them (so the limits and descriptions are the disclose job's, not copies).
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import { InvalidInputError } from '../../core/errors.js';
import { discloseGhg, ghgRequestSchema } from '../../disclose/ghg.js';
import { discloseEsrs, esrsRequestSchema } from '../../disclose/esrs.js';
import { discloseSciLedger, sciRequestSchema } from '../../disclose/sci.js';
import type { DisclosureDocument } from '../../disclose/document.js';
import { renderDisclosure } from '../../disclose/render.js';
import type { LedgerStore } from '../../ledger/store/store.js';
import type { App, ServerDeps } from '../context.js';
import { requireEvents } from './report.js';
import { problemResponses } from './common.js';

/** `"12.5"` → 12.5 (anything else is left for the disclose rule to refuse, e.g. `"abc"` → NaN → not a number). */
const num = <T extends ZodType>(rule: T) => z.preprocess((v) => (typeof v === 'string' && v !== '' ? Number(v) : v), rule);
const bool = <T extends ZodType>(rule: T) => z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), rule);
const format = z.enum(['json', 'md', 'html']).default('md').describe('json: the typed result, unrounded; md: Markdown; html: a self-contained page');

const selection = { factorSet: num(ghgRequestSchema.shape.factorSet) };
export const GhgQuery = ghgRequestSchema.extend({ ...selection, cat3GPerKWh: num(ghgRequestSchema.shape.cat3GPerKWh), format });
// The grid mix (an object) is not a query parameter: ESRS E1-5's split by source is CLI-only (`--grid-mix`).
export const EsrsQuery = esrsRequestSchema.omit({ gridMix: true }).extend({
  ...selection,
  cat3GPerKWh: num(esrsRequestSchema.shape.cat3GPerKWh),
  revenueEur: num(esrsRequestSchema.shape.revenueEur),
  water: bool(esrsRequestSchema.shape.water),
  scope1T: num(esrsRequestSchema.shape.scope1T),
  format,
});
export const SciQuery = sciRequestSchema.extend({ ...selection, workflows: num(sciRequestSchema.shape.workflows), format });

const MEDIA = { json: 'application/json', md: 'text/markdown', html: 'text/html' } as const;

function route<Q extends typeof GhgQuery | typeof EsrsQuery | typeof SciQuery>(kind: 'ghg' | 'esrs' | 'sci', query: Q, summary: string) {
  return createRoute({
    method: 'get',
    path: `/v1/disclose/${kind}`,
    tags: ['disclose'],
    summary,
    description: `The same document as \`tokenprint disclose ${kind} --format json|md|html\` over the tenant's ledger (docs/disclose.md). Sent as an attachment.`,
    security: [{ ApiKey: [] }],
    request: { query },
    responses: {
      200: { description: `the ${kind} disclosure`, content: { 'application/json': { schema: z.object({ kind: z.literal(kind), document: z.unknown() }).passthrough() }, 'text/markdown': { schema: z.string() }, 'text/html': { schema: z.string() } } },
      ...problemResponses([400, 401, 403, 404, 429]),
    },
  });
}

const ghgRoute = route('ghg', GhgQuery, 'GHG Protocol inventory lines: Scope 2 both ways, Scope 3 cat. 1/2/3, data quality, ISO 14064-1 category');
const esrsRoute = route('esrs', EsrsQuery, 'ESRS E1-5 energy (own operations), E1-6 Scope 2/3 and totals, intensity per revenue; E3-4 water with water=true');
const sciRoute = route('sci', SciQuery, 'Software Carbon Intensity (ISO/IEC 21031), consumer persona, per 1k tokens, request or workflow');

const cat3Source = (q: { cat3GPerKWh?: number; cat3Source?: string }): void => {
  if (q.cat3GPerKWh !== undefined && !q.cat3Source) throw new InvalidInputError('cat3Source', 'say where the cat3GPerKWh factor comes from');
};

export function discloseRoutes(app: App, deps: ServerDeps): void {
  const send = async (tenant: string, fmt: keyof typeof MEDIA, make: (s: LedgerStore) => Promise<{ readonly kind: string; readonly document: DisclosureDocument }>): Promise<Response> => {
    await requireEvents(deps, tenant);
    const result = await deps.tenants.read(tenant, make);
    const body = await renderDisclosure(result, fmt, new Date(deps.now()).toISOString());
    return new Response(body, {
      status: 200,
      headers: { 'content-type': `${MEDIA[fmt]}; charset=utf-8`, 'content-disposition': `attachment; filename="tokenprint-${result.kind}.${fmt}"` },
    });
  };
  app.openapi(ghgRoute, async (c) => {
    const { format: fmt, ...req } = c.req.valid('query');
    cat3Source(req);
    return send(c.get('caller').tenant, fmt, (s) => discloseGhg(s, req));
  });
  app.openapi(esrsRoute, async (c) => {
    const { format: fmt, ...req } = c.req.valid('query');
    cat3Source(req);
    return send(c.get('caller').tenant, fmt, (s) => discloseEsrs(s, req));
  });
  app.openapi(sciRoute, async (c) => {
    const { format: fmt, ...req } = c.req.valid('query');
    return send(c.get('caller').tenant, fmt, (s) => discloseSciLedger(s, req));
  });
}
