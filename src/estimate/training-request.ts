/** The request of the training estimate (`tokenprint estimate training`, the coming HTTP API) as a zod schema. */
import { z } from 'zod';
import type { TrainingOptions } from './training-deployment.js';
import { type Assert, type SameShape, rangeInput, siteRequestShape } from './site-request.js';

const positive = z.number().positive();

export const TrainingRequestSchema = z
  .object({
    ...siteRequestShape,
    hardware: z.string().min(1).describe('accelerator id'),
    params: positive.optional().describe('parameters (6·N·D mode)'),
    activeParams: positive.optional().describe('active parameters of a mixture of experts'),
    tokens: positive.optional().describe('training tokens (6·N·D mode)'),
    accelerators: z.number().int().positive().optional(),
    mfu: rangeInput.optional().describe('model FLOP utilisation, a range'),
    acceleratorHours: positive.optional().describe('accelerator-hours (hours mode)'),
    powerW: positive.optional().describe('average power per accelerator, W'),
    powerBasis: z.enum(['tdp', 'measured']).optional(),
    powerScope: z.enum(['accelerator', 'system']).optional(),
    energyItMWh: positive.optional().describe('metered IT energy, MWh (energy mode)'),
    energyScope: z.enum(['accelerator', 'system']).optional(),
  })
  .strict();

export type TrainingRequest = z.infer<typeof TrainingRequestSchema>;
export type _TrainingRequestMatches = Assert<SameShape<TrainingRequest, TrainingOptions>>;
