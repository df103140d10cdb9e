/** POST /v1/estimate/{inference,call,training}: the CLI's estimators, same inputs (as JSON), same output as --json. */
import { createRoute } from '@hono/zod-openapi';
import { ConflictingInputError } from '../../core/errors.js';
import type { Precision } from '../../core/precision.js';
import { estimateDeploymentRequest, resolveInferenceDeployment, type SiteOverrides } from '../../estimate/inference-deployment.js';
import { estimateCall } from '../../estimate/call-estimate.js';
import { estimateTraining, resolveTrainingInput } from '../../estimate/training-deployment.js';
import { CallBody, EstimateSchema, InferenceBody, TrainingBody } from '../schemas.js';
import type { App, ServerDeps } from '../context.js';
import { problemResponses } from './common.js';

interface SiteFields {
  region?: string;
  pue?: number;
  gridIntensityKgPerKWh?: number;
  marketIntensityKgPerKWh?: number;
  onsiteWueLPerKWh?: number;
  offsiteWueLPerKWh?: number;
}

function site(b: SiteFields): SiteOverrides {
  return {
    region: b.region,
    pue: b.pue,
    locationIntensityGPerKWh: b.gridIntensityKgPerKWh === undefined ? undefined : b.gridIntensityKgPerKWh * 1000,
    marketIntensityGPerKWh: b.marketIntensityKgPerKWh === undefined ? undefined : b.marketIntensityKgPerKWh * 1000,
    wueOnsiteLPerKWh: b.onsiteWueLPerKWh,
    offsiteWaterLPerKWh: b.offsiteWueLPerKWh,
  };
}

const est = (path: string, summary: string, schema: typeof InferenceBody | typeof CallBody | typeof TrainingBody) =>
  createRoute({
    method: 'post',
    path,
    tags: ['estimate'],
    summary,
    security: [{ ApiKey: [] }],
    request: { body: { required: true, content: { 'application/json': { schema } } } },
    responses: { 200: { description: 'the estimate with ranges and trace', content: { 'application/json': { schema: EstimateSchema } } }, ...problemResponses([400, 401, 403, 422, 429]) },
  });

const inferenceRoute = est('/v1/estimate/inference', 'One request to a model on known hardware (`tokenprint estimate inference`)', InferenceBody);
const callRoute = est('/v1/estimate/call', 'One call to a hosted LLM API (`tokenprint estimate call`)', CallBody);
const trainingRoute = est('/v1/estimate/training', 'A training run (`tokenprint estimate training`)', TrainingBody);

export function estimateRoutes(app: App, _deps: ServerDeps): void {
  app.openapi(inferenceRoute, async (c) => {
    const b = InferenceBody.parse(await c.req.json());
    if (b.cachedInputTokens > b.inputTokens) {
      throw new ConflictingInputError(`cachedInputTokens (${b.cachedInputTokens}) cannot exceed inputTokens (${b.inputTokens}): cached tokens are part of the prompt.`, { field: 'cachedInputTokens' });
    }
    const { deployment } = resolveInferenceDeployment({
      model: b.model,
      hardware: b.hardware,
      gpus: b.gpus,
      precision: b.precision as Precision | undefined,
      batch: b.batch,
      boundary: b.boundary,
      typicalInputTokens: Math.max(b.inputTokens, 1),
      typicalOutputTokens: Math.max(b.outputTokens + b.reasoningTokens, 1),
      ...site(b),
    });
    const e = estimateDeploymentRequest(deployment, { inputTokens: b.inputTokens, outputTokens: b.outputTokens, cachedInputTokens: b.cachedInputTokens, reasoningTokens: b.reasoningTokens });
    return c.json(JSON.parse(JSON.stringify(e)) as Record<string, unknown>, 200);
  });
  app.openapi(callRoute, async (c) => {
    const b = CallBody.parse(await c.req.json());
    const e = estimateCall(
      { provider: b.provider, model: b.model, inputTokens: b.inputTokens, outputTokens: b.outputTokens, cachedInputTokens: b.cachedInputTokens, reasoningTokens: b.reasoningTokens, latencyMs: b.latencyMs, region: b.region },
      { mode: b.lenient ? 'lenient' : 'strict', method: b.method, boundary: b.boundary },
    );
    return c.json(JSON.parse(JSON.stringify(e)) as Record<string, unknown>, 200);
  });
  app.openapi(trainingRoute, async (c) => {
    const b = TrainingBody.parse(await c.req.json());
    const mfu = typeof b.mfu === 'number' ? { value: b.mfu, low: b.mfu, high: b.mfu } : b.mfu;
    const { input } = resolveTrainingInput({ ...b, mfu, ...site(b) });
    return c.json(JSON.parse(JSON.stringify(estimateTraining(input))) as Record<string, unknown>, 200);
  });
}
