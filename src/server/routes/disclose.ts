/**
 * GET /v1/disclose/{ghg,esrs,sci}: the disclose job's ledger documents for the caller's tenant, the same use cases
 * and request schemas as `tokenprint disclose`. Query strings become numbers and booleans before the disclose
 * schema's own rule checks them (so the limits and descriptions are the disclose job's, not copies).
 * POST /v1/disclose/{eu-ai-act,model-card}: a training-run file (run.yaml, as YAML or JSON) as the body, parsed and
 * validated by the disclose job's own run-file schema; POST /v1/disclose/energy-score: its request as JSON. Every
 * document also as `format=pdf`, printed by Chromium as `tokenprint disclose … --format pdf` does.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import { InvalidInputError } from '../../core/errors.js';
import { HttpProblem } from '../problem.js';
import { discloseGhg, ghgRequestSchema } from '../../disclose/ghg.js';
import { discloseEsrs, esrsRequestSchema } from '../../disclose/esrs.js';
import { discloseSciLedger, sciRequestSchema } from '../../disclose/sci.js';
import type { DisclosureDocument } from '../../disclose/document.js';
import { renderDisclosure } from '../../disclose/render.js';
import { parseRunFile, runSchema } from '../../disclose/run-file.js';
import { discloseEuAiAct } from '../../disclose/eu-ai-act.js';
import { discloseModelCard } from '../../disclose/model-card.js';
import { discloseEnergyScore, energyScoreRequestSchema } from '../../disclose/energy-score.js';
import type { LedgerStore } from '../../ledger/store/store.js';
import type { App, ServerDeps } from '../context.js';
import { requireEvents } from './report.js';
import { problemResponses } from './common.js';

/** `"12.5"` → 12.5 (anything else is left for the disclose rule to refuse, e.g. `"abc"` → NaN → not a number). */
const num = <T extends ZodType>(rule: T) => z.preprocess((v) => (typeof v === 'string' && v !== '' ? Number(v) : v), rule);
const bool = <T extends ZodType>(rule: T) => z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), rule);
const format = z.enum(['json', 'md', 'html', 'pdf']).default('md').describe('json: the typed result, unrounded; md: Markdown; html: a self-contained page; pdf: that page printed by Chromium');

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

const MEDIA = { json: 'application/json; charset=utf-8', md: 'text/markdown; charset=utf-8', html: 'text/html; charset=utf-8', pdf: 'application/pdf' } as const;
const DOCUMENT_CONTENT = { 'text/markdown': { schema: z.string() }, 'text/html': { schema: z.string() }, 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } };

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
      200: { description: `the ${kind} disclosure`, content: { 'application/json': { schema: z.object({ kind: z.literal(kind), document: z.unknown() }).passthrough() }, ...DOCUMENT_CONTENT } },
      ...problemResponses([400, 401, 403, 404, 429]),
    },
  });
}

const ghgRoute = route('ghg', GhgQuery, 'GHG Protocol inventory lines: Scope 2 both ways, Scope 3 cat. 1/2/3, data quality, ISO 14064-1 category');
const esrsRoute = route('esrs', EsrsQuery, 'ESRS E1-5 energy (own operations), E1-6 Scope 2/3 and totals, intensity per revenue; E3-4 water with water=true');
const sciRoute = route('sci', SciQuery, 'Software Carbon Intensity (ISO/IEC 21031), consumer persona, per 1k tokens, request or workflow');

/** The training-run disclosures: the run file is the body (YAML or JSON; JSON is YAML, so one parser reads both). */
function runRoute(kind: 'eu-ai-act' | 'model-card', summary: string) {
  return createRoute({
    method: 'post',
    path: `/v1/disclose/${kind}`,
    tags: ['disclose'],
    summary,
    description: `The same document as \`tokenprint disclose ${kind} run.yaml --format json|md|html|pdf\`: the body is the training-run file (examples/run.yaml; fields in docs/disclose.md), validated by the disclose job's run-file schema. Sent as an attachment.`,
    security: [{ ApiKey: [] }],
    request: {
      query: z.object({ format }),
      // Not `required`: the route's JSON validator would then check the body before the run-file parser, whose
      // messages name the field and line (and which adds the run file's own cross-field checks).
      body: { content: { 'application/yaml': { schema: z.string() }, 'text/yaml': { schema: z.string() }, 'application/json': { schema: runSchema } } },
    },
    responses: {
      200: { description: `the ${kind} disclosure`, content: { 'application/json': { schema: z.object({ kind: z.literal(kind), document: z.unknown() }).passthrough() }, ...DOCUMENT_CONTENT } },
      ...problemResponses([400, 401, 403, 413, 415, 429]),
    },
  });
}
const euAiActRoute = runRoute('eu-ai-act', 'EU AI Act GPAI Model Documentation Form compute and energy items (C1–C5, E1–E4) of a training run');
const modelCardRoute = runRoute('model-card', 'The "Environmental impact" section of a model card, from a training run');

// A measured profile is a file the CLI reads; the server reads no files a request names, so here the score is estimated.
const EnergyScoreBody = energyScoreRequestSchema.omit({ profile: true });
const energyScoreRoute = createRoute({
  method: 'post',
  path: '/v1/disclose/energy-score',
  tags: ['disclose'],
  summary: 'AI Energy Score-style label of a model (estimated): GPU Wh per 1,000 text-generation queries at batch 1, class, stars for a named edition',
  description: 'The same document as `tokenprint disclose energy-score --model ID … --format json|md|html|pdf`. A measured score (`--profile`) is CLI-only.',
  security: [{ ApiKey: [] }],
  request: { query: z.object({ format }), body: { required: true, content: { 'application/json': { schema: EnergyScoreBody } } } },
  responses: {
    200: { description: 'the energy-score disclosure', content: { 'application/json': { schema: z.object({ kind: z.literal('energy-score'), document: z.unknown() }).passthrough() }, ...DOCUMENT_CONTENT } },
    ...problemResponses([400, 401, 403, 429]),
  },
});

/** The run file from the body: YAML (application/yaml, text/yaml) or JSON. */
async function runFileOf(req: { header(name: string): string | undefined; text(): Promise<string> }): Promise<ReturnType<typeof parseRunFile>> {
  const type = (req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (!['application/yaml', 'application/x-yaml', 'text/yaml', 'application/json'].includes(type)) {
    throw new HttpProblem('UNSUPPORTED_MEDIA_TYPE', `Content-Type '${type || '(none)'}' is not application/yaml, text/yaml or application/json: send the training-run file (examples/run.yaml)`);
  }
  const text = await req.text();
  if (text.trim() === '') throw new InvalidInputError('body', 'empty: send the training-run file (examples/run.yaml) as YAML or JSON');
  return parseRunFile(text, 'request body');
}

const cat3Source = (q: { cat3GPerKWh?: number; cat3Source?: string }): void => {
  if (q.cat3GPerKWh !== undefined && !q.cat3Source) throw new InvalidInputError('cat3Source', 'say where the cat3GPerKWh factor comes from');
};

export function discloseRoutes(app: App, deps: ServerDeps): void {
  const render = async (fmt: keyof typeof MEDIA, result: { readonly kind: string; readonly document: DisclosureDocument }): Promise<Response> => {
    const body = await renderDisclosure(result, fmt, new Date(deps.now()).toISOString());
    return new Response(body, {
      status: 200,
      headers: { 'content-type': MEDIA[fmt], 'content-disposition': `attachment; filename="tokenprint-${result.kind}.${fmt}"` },
    });
  };
  const send = async (tenant: string, fmt: keyof typeof MEDIA, make: (s: LedgerStore) => Promise<{ readonly kind: string; readonly document: DisclosureDocument }>): Promise<Response> => {
    await requireEvents(deps, tenant);
    return render(fmt, await deps.tenants.read(tenant, make));
  };
  app.openapi(euAiActRoute, async (c) => render(c.req.valid('query').format, discloseEuAiAct(await runFileOf(c.req))));
  app.openapi(modelCardRoute, async (c) => render(c.req.valid('query').format, discloseModelCard(await runFileOf(c.req))));
  app.openapi(energyScoreRoute, async (c) => render(c.req.valid('query').format, discloseEnergyScore(c.req.valid('json'))));
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
