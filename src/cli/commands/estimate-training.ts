import type { Command } from 'commander';
export function registerEstimateTraining(estimate: Command): void {
  void estimate;
}
