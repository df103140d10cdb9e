/** Health (the process answers), readiness (the key store and the ledgers can be reached) and Prometheus metrics. */
import { createRoute, z } from '@hono/zod-openapi';
import type { App, ServerDeps } from '../context.js';

const health = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['operations'],
  summary: 'Liveness: the process answers',
  responses: { 200: { description: 'alive', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } } },
});
const ready = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['operations'],
  summary: 'Readiness: keys readable and the spool recovered',
  responses: {
    200: { description: 'ready', content: { 'application/json': { schema: z.object({ status: z.literal('ready'), storage: z.string() }) } } },
    503: { description: 'not ready', content: { 'application/json': { schema: z.object({ status: z.literal('not ready'), reason: z.string() }) } } },
  },
});
const metrics = createRoute({
  method: 'get',
  path: '/metrics',
  tags: ['operations'],
  summary: 'Prometheus metrics (requests, latency, events accepted/rejected)',
  responses: { 200: { description: 'text exposition format', content: { 'text/plain': { schema: z.string() } } } },
});

export function healthRoutes(app: App, deps: ServerDeps, readiness: { ready: boolean; reason: string; storage: string }): void {
  app.openapi(health, (c) => c.json({ status: 'ok' as const }, 200));
  app.openapi(ready, async (c) => {
    if (!readiness.ready) return c.json({ status: 'not ready' as const, reason: readiness.reason }, 503);
    return c.json({ status: 'ready' as const, storage: readiness.storage }, 200);
  });
  app.openapi(metrics, (c) => c.text(deps.metrics.render(deps.intake.counts), 200, { 'content-type': 'text/plain; version=0.0.4' }));
}
