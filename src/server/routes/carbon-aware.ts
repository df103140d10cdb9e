/**
 * Carbon Aware SDK-compatible endpoints (the Green Software Foundation Web API's shapes, camelCase JSON), backed by
 * the server's grid source (`--grid`, default the static yearly averages, which can pick a location but not an
 * hour): GET /emissions/bylocations/best and GET /emissions/forecasts/current. Intensities are gCO2e/kWh, average
 * signal (the series' basis is in the X-Tokenprint-Grid-Source header).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { InvalidInputError } from '../../core/errors.js';
import type { App, ServerDeps } from '../context.js';
import { problemResponses } from './common.js';

const locations = z.union([z.string().min(1).max(100), z.array(z.string().min(1).max(100)).min(1).max(50)]);
const iso = z.string().datetime({ offset: true });
const HOUR_MS = 3_600_000;

const EmissionsData = z.object({ location: z.string(), time: z.string(), rating: z.number().describe('gCO2e/kWh'), duration: z.string().describe('hh:mm:ss') }).openapi('EmissionsData');
const Point = z.object({ location: z.string(), timestamp: z.string(), duration: z.number().describe('minutes'), value: z.number().describe('gCO2e/kWh') });
const Forecast = z
  .object({
    generatedAt: z.string(),
    requestedAt: z.string(),
    location: z.string(),
    dataStartAt: z.string(),
    dataEndAt: z.string(),
    windowSize: z.number().describe('minutes'),
    optimalDataPoints: z.array(Point),
    forecastData: z.array(Point),
  })
  .openapi('EmissionsForecast');

const bestRoute = createRoute({
  method: 'get',
  path: '/emissions/bylocations/best',
  tags: ['carbon-aware'],
  summary: 'Carbon Aware SDK: the location and time with the lowest intensity',
  security: [{ ApiKey: [] }],
  request: { query: z.object({ location: locations, time: iso.optional(), toTime: iso.optional() }) },
  responses: { 200: { description: 'the best points (ties all listed)', content: { 'application/json': { schema: z.array(EmissionsData) } } }, ...problemResponses([400, 401, 403, 429]) },
});

const forecastRoute = createRoute({
  method: 'get',
  path: '/emissions/forecasts/current',
  tags: ['carbon-aware'],
  summary: 'Carbon Aware SDK: the current forecast and the best window of windowSize minutes',
  security: [{ ApiKey: [] }],
  request: {
    query: z.object({ location: locations, dataStartAt: iso.optional(), dataEndAt: iso.optional(), windowSize: z.string().regex(/^\d{1,5}$/).optional() }),
  },
  responses: { 200: { description: 'one forecast per location', content: { 'application/json': { schema: z.array(Forecast) } } }, ...problemResponses([400, 401, 403, 429]) },
});

const hms = (s: number) => [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60].map((x) => String(x).padStart(2, '0')).join(':');
const list = (l: string | string[]) => (Array.isArray(l) ? l : [l]);

export function carbonAwareRoutes(app: App, deps: ServerDeps): void {
  app.openapi(bestRoute, async (c) => {
    const q = c.req.valid('query');
    const locs = c.req.queries('location') ?? list(q.location);
    const now = deps.now();
    const from = q.time ? Date.parse(q.time) : Math.floor(now / HOUR_MS) * HOUR_MS;
    const to = q.toTime ? Date.parse(q.toTime) : from + HOUR_MS;
    if (!(to > from)) throw new InvalidInputError('toTime', 'must be after time');
    if (to - from > 31 * 24 * HOUR_MS) throw new InvalidInputError('toTime', 'at most 31 days after time');
    const all: z.infer<typeof EmissionsData>[] = [];
    for (const l of locs) {
      const s = await deps.grid.history(l, from, to);
      c.header('X-Tokenprint-Grid-Source', s.source.replace(/[^\x20-\x7e]/g, '-'));
      for (const p of s.points) all.push({ location: l, time: new Date(p.startMs).toISOString(), rating: p.gPerKWh, duration: hms(p.durationS) });
    }
    const best = Math.min(...all.map((d) => d.rating));
    return c.json(all.filter((d) => d.rating === best), 200);
  });

  app.openapi(forecastRoute, async (c) => {
    const q = c.req.valid('query');
    const locs = c.req.queries('location') ?? list(q.location);
    const now = deps.now();
    const windowMin = q.windowSize === undefined ? 0 : Number(q.windowSize);
    const out: z.infer<typeof Forecast>[] = [];
    for (const l of locs) {
      const s = await deps.grid.forecast(l, q.dataStartAt ? Date.parse(q.dataStartAt) : undefined, q.dataEndAt ? Date.parse(q.dataEndAt) : undefined);
      const pts = s.points.map((p) => ({ location: l, timestamp: new Date(p.startMs).toISOString(), duration: p.durationS / 60, value: p.gPerKWh }));
      // The best window: the start whose next windowSize minutes have the lowest mean intensity (first on ties).
      let bestI = -1;
      let bestMean = Infinity;
      for (let i = 0; i < pts.length; i++) {
        let minutes = 0;
        let sum = 0;
        let j = i;
        while (j < pts.length && minutes < Math.max(windowMin, 1)) {
          sum += pts[j].value * pts[j].duration;
          minutes += pts[j].duration;
          j++;
        }
        if (minutes < windowMin) break;
        if (sum / minutes < bestMean) {
          bestMean = sum / minutes;
          bestI = i;
        }
      }
      out.push({
        generatedAt: new Date(s.generatedAtMs ?? now).toISOString(),
        requestedAt: new Date(now).toISOString(),
        location: l,
        dataStartAt: pts[0]?.timestamp ?? new Date(now).toISOString(),
        dataEndAt: pts.length ? new Date(Date.parse(pts[pts.length - 1].timestamp) + pts[pts.length - 1].duration * 60000).toISOString() : new Date(now).toISOString(),
        windowSize: windowMin,
        optimalDataPoints: bestI >= 0 ? [{ ...pts[bestI], duration: windowMin || pts[bestI].duration, value: bestMean }] : [],
        forecastData: pts,
      });
    }
    return c.json(out, 200);
  });
}
