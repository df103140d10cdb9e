import type { Command } from 'commander';
import { registerEstimateInference } from './estimate-inference.js';
import { registerEstimateTraining } from './estimate-training.js';
import { registerEstimateCall } from './estimate-call.js';

export function registerEstimate(program: Command): void {
  const estimate = program
    .command('estimate')
    .description('estimate the footprint of inference requests or a training run, with ranges and a trace');
  registerEstimateInference(estimate);
  registerEstimateTraining(estimate);
  registerEstimateCall(estimate);
}
