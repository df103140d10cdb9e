/** POST /v1/plan: the what-if planner on a scenario (YAML or JSON text, as `tokenprint plan` reads from a file). */
import { createRoute, z } from '@hono/zod-openapi';
import { parseScenario } from '../../plan/scenario.js';
import { runPlan } from '../../plan/plan.js';
import { InvalidInputError } from '../../core/errors.js';
import type { App, ServerDeps } from '../context.js';
import { problemResponses } from './common.js';

const route = createRoute({
  method: 'post',
  path: '/v1/plan',
  tags: ['reduce'],
  summary: 'What-if planner: options, Pareto front, recommendation, levers, rebound (`tokenprint plan`)',
  description: 'The body is a scenario (docs/planning.md) as YAML (`application/yaml`) or JSON. A scenario may not name a server file (`grid.file`): send hourly data inline or use the catalog.',
  security: [{ ApiKey: [] }],
  request: { body: { content: { 'application/yaml': { schema: z.string() }, 'application/json': { schema: z.record(z.string(), z.unknown()) } } } },
  responses: { 200: { description: 'the plan report', content: { 'application/json': { schema: z.record(z.string(), z.unknown()).openapi('PlanReport') } } }, ...problemResponses([400, 401, 403, 422, 429]) },
});

export function planRoutes(app: App, _deps: ServerDeps): void {
  app.openapi(route, async (c) => {
    const text = await c.req.text();
    // JSON is YAML; the scenario parser names the line of a bad field.
    const s = parseScenario(text, 'request body');
    if (s.grid?.file !== undefined || s.grid?.source?.startsWith('file:')) throw new InvalidInputError(s.grid?.file !== undefined ? 'grid.file' : 'grid.source', 'a scenario sent to the server cannot read server files; give the hourly intensities another way or run `tokenprint plan` locally');
    return c.json(JSON.parse(JSON.stringify(runPlan(s))) as Record<string, unknown>, 200);
  });
}
