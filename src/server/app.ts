/**
 * The HTTP API as a Hono app (schema-driven routes from @hono/zod-openapi; OpenAPI 3.1 at /openapi.json from the
 * same zod schemas). Middleware order: request id and log → body limit → key check and role → rate limit → route.
 */
import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { VERSION } from '../version.js';
import { allows } from './keys.js';
import { HttpProblem, problem, problemFor } from './problem.js';
import { RateLimiter } from './rate-limit.js';
import type { App, Env, ServerDeps } from './context.js';
import { eventRoutes } from './routes/events.js';
import { reportRoutes } from './routes/report.js';
import { discloseRoutes } from './routes/disclose.js';
import { estimateRoutes } from './routes/estimate.js';
import { planRoutes } from './routes/plan.js';
import { carbonAwareRoutes } from './routes/carbon-aware.js';
import { healthRoutes } from './routes/health.js';
import { docsPage } from './docs-page.js';
import { webRoutes } from './web.js';

const OPENAPI_INFO = {
  title: 'tokenprint',
  version: VERSION,
  description: 'Energy, carbon and water footprint of LLM workloads: the ledger as a shared service. Errors are application/problem+json with the CLI error codes.',
};

export interface Readiness {
  ready: boolean;
  reason: string;
  storage: string;
}

function sendProblem(c: Context<Env>, err: unknown, deps: ServerDeps): Response {
  const requestId = c.get('requestId') ?? 'none';
  const { body, headers, unexpected } = problemFor(err, requestId);
  if (unexpected) deps.log({ level: 'error', requestId, error: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined });
  return new Response(JSON.stringify(body), { status: body.status, headers: { 'content-type': 'application/problem+json', ...headers } });
}

/** Which role a path needs: posting events is `ingest`; everything else under the API is `read`. */
function needOf(method: string, path: string): 'ingest' | 'read' {
  return method === 'POST' && path === '/v1/events' ? 'ingest' : 'read';
}

function authenticate(deps: ServerDeps): MiddlewareHandler<Env> {
  const perKey = new RateLimiter(deps.limits.ratePerS, deps.limits.burst);
  // Failed key checks are limited per client address (guessing keys costs a scrypt each on the server).
  const failures = new RateLimiter(5, 20);
  return async (c, next) => {
    const h = c.req.header('authorization') ?? '';
    const presented = h.toLowerCase().startsWith('bearer ') ? h.slice(7).trim() : (c.req.header('x-api-key') ?? '').trim();
    const addr = (() => {
      try {
        return getConnInfo(c).remote.address ?? 'unknown';
      } catch {
        return 'unknown';
      }
    })();
    if (presented === '') throw new HttpProblem('UNAUTHORIZED', 'send an API key as `Authorization: Bearer tpk_…` (create one with `npx tokenprint keys create --tenant T --role read`)', { 'WWW-Authenticate': 'Bearer' });
    const v = await deps.keys.verify(presented);
    if (!v.ok) {
      const wait = failures.take(`ip:${addr}`, deps.now());
      if (wait > 0) throw new HttpProblem('RATE_LIMITED', `too many failed key checks from this address; retry in ${wait} s`, { 'Retry-After': String(wait) });
      const why = v.reason === 'revoked' ? 'this API key was revoked' : v.reason === 'malformed' ? 'this is not a tokenprint API key (tpk_<id>_<secret>)' : 'unknown API key';
      throw new HttpProblem('UNAUTHORIZED', why, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    }
    const need = needOf(c.req.method, c.req.path);
    if (!allows(v.role, need)) throw new HttpProblem('FORBIDDEN', `a ${v.role} key cannot do this: ${c.req.method} ${c.req.path} needs a ${need} or admin key`);
    const wait = perKey.take(v.keyId, deps.now());
    if (wait > 0) throw new HttpProblem('RATE_LIMITED', `rate limit of ${deps.limits.ratePerS} requests/s (burst ${deps.limits.burst}) reached for this key; retry in ${wait} s`, { 'Retry-After': String(wait) });
    c.set('caller', { tenant: v.tenant, role: v.role, keyId: v.keyId });
    await next();
  };
}

export function buildApp(deps: ServerDeps, readiness: Readiness): App {
  const app: App = new OpenAPIHono<Env>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const field = issue?.path.length ? issue.path.join('.') : result.target;
        const body = problem('INVALID_INPUT', `${field}: ${issue?.message ?? 'invalid'}${result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : ''}`, {
          field,
          requestId: c.get('requestId'),
        });
        return new Response(JSON.stringify(body), { status: 400, headers: { 'content-type': 'application/problem+json' } });
      }
    },
  });

  app.use('*', async (c, next) => {
    const requestId = randomUUID();
    c.set('requestId', requestId);
    c.header('X-Request-Id', requestId);
    const t0 = performance.now();
    await next();
    const s = (performance.now() - t0) / 1000;
    const route = c.req.routePath || c.req.path;
    deps.metrics.observe(route, c.req.method, c.res.status, s);
    const caller = c.get('caller');
    deps.log({ level: 'info', requestId, method: c.req.method, path: c.req.path, route, status: c.res.status, ms: Math.round(s * 10000) / 10, tenant: caller?.tenant, keyId: caller?.keyId });
  });
  app.onError((err, c) => sendProblem(c, err, deps));
  app.notFound((c) => sendProblem(c, new HttpProblem('ROUTE_NOT_FOUND', `no endpoint ${c.req.method} ${c.req.path}; the API is described at /openapi.json`), deps));

  const limit = bodyLimit({
    maxSize: deps.limits.maxBodyBytes,
    onError: () => {
      throw new HttpProblem('PAYLOAD_TOO_LARGE', `the body is larger than ${deps.limits.maxBodyBytes} bytes: split the batch (or start the server with a larger --max-body-mb)`);
    },
  });
  app.use('/v1/*', limit);
  app.use('/v1/*', authenticate(deps));
  app.use('/emissions/*', authenticate(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'ApiKey', { type: 'http', scheme: 'bearer', description: 'tpk_<id>_<secret>, from `tokenprint keys create`' });
  healthRoutes(app, deps, readiness);
  eventRoutes(app, deps);
  reportRoutes(app, deps);
  discloseRoutes(app, deps);
  estimateRoutes(app, deps);
  planRoutes(app, deps);
  carbonAwareRoutes(app, deps);
  let doc: string | undefined; // generated once, on first request
  app.get('/openapi.json', (c) => {
    doc ??= JSON.stringify(app.getOpenAPI31Document({ openapi: '3.1.0', info: OPENAPI_INFO }));
    return c.body(doc, 200, { 'content-type': 'application/json' });
  });
  app.get('/docs', (c) => c.html(docsPage(app)));
  webRoutes(app, deps.webDir);
  return app;
}
