/**
 * The README's commands, as the README-output fixture test runs them: each with `--json` (or `--format json`) where
 * the command has machine output, in order, in one temporary directory (later commands read what earlier ones wrote).
 * Left out, with the reason: `measure -- python train.py` (measures this machine's energy, differs every run) and
 * `profile-endpoint` (times a live server).
 */
export interface ReadmeCommand {
  name: string;
  argv: string[];
}

export const readmeCommands: readonly ReadmeCommand[] = [
  { name: 'estimate-inference-gcp', argv: ['estimate', 'inference', '--model', 'meta-llama/Llama-3.1-70B-Instruct', '--hardware', 'h100-sxm', '--region', 'gcp:europe-west4', '--input-tokens', '2000', '--output-tokens', '400', '--json'] },
  { name: 'estimate-inference-fp8', argv: ['estimate', 'inference', '--model', 'llama-3.1-70b-instruct', '--hardware', 'h100-sxm', '--precision', 'fp8', '--batch', '128', '--boundary', 'gpu', '--json'] },
  { name: 'estimate-training-6nd', argv: ['estimate', 'training', '--params', '405B', '--tokens', '15.6T', '--hardware', 'h100-sxm', '--accelerators', '16384', '--region', 'US-MIDA-PJM', '--json'] },
  { name: 'estimate-training-hours', argv: ['estimate', 'training', '--hardware', 'a100-80gb', '--accelerator-hours', '1.7M', '--power-w', '400', '--region', 'FR', '--json'] },
  { name: 'estimate-training-energy', argv: ['estimate', 'training', '--hardware', 'h100-sxm', '--energy-it-mwh', '1200', '--pue', '1.1', '--grid-intensity', '0.35', '--market-intensity', '0.05', '--json'] },
  { name: 'estimate-call-openai', argv: ['estimate', 'call', '--provider', 'openai', '--model', 'gpt-4o', '--input-tokens', '1200', '--cached-input-tokens', '1024', '--output-tokens', '350', '--json'] },
  { name: 'estimate-call-ecologits', argv: ['estimate', 'call', '--provider', 'mistral', '--model', 'mistral-large-latest', '--input-tokens', '0', '--output-tokens', '400', '--method', 'ecologits', '--json'] },
  { name: 'catalog-accelerators', argv: ['catalog', 'accelerators', '--json'] },
  { name: 'catalog-models', argv: ['catalog', 'models', '--json'] },
  { name: 'catalog-zones', argv: ['catalog', 'zones', '--json'] },
  { name: 'sample', argv: ['sample', '--out', 'my-program'] },
  { name: 'ingest', argv: ['ingest', 'my-program/usage-2025-06.jsonl', '--config', 'my-program/tokenprint.yaml', '--json'] },
  { name: 'report-team-model', argv: ['report', '--by', 'team,model', '--format', 'json'] },
  { name: 'report-team-model-table', argv: ['report', '--by', 'team,model'] },
  { name: 'report-team-model-html', argv: ['report', '--by', 'team,model', '--format', 'html', '--out', 'report.html'] },
  { name: 'rejects', argv: ['rejects', '--ingest', '1', '--json'] },
  { name: 'grid-import', argv: ['grid', 'import', '{examples}/grid-hourly-FR-2025-06.csv', '--json'] },
  { name: 'restate', argv: ['restate', '--config', 'my-program/tokenprint.yaml', '--json'] },
  { name: 'plan', argv: ['plan', '{examples}/scenario.yaml', '--format', 'json'] },
  { name: 'plan-html', argv: ['plan', '{examples}/scenario.yaml', '--format', 'html', '--out', 'plan.html'] },
  { name: 'compare-hardware', argv: ['compare-hardware', '--model', 'llama-3.1-70b-instruct', '--requests-per-day', '1M', '--region', 'FR', '--json'] },
  { name: 'scaling', argv: ['scaling', '--reference', '13B:576B', '--inference-tokens', '2T', '--energy-weighted', '--json'] },
  { name: 'schedule-static', argv: ['schedule', '--duration', '2h', '--earliest', 'now', '--latest', '+24h', '--zones', 'DE,FR,SE', '--source', 'static', '--json'] },
  { name: 'schedule-file', argv: ['schedule', '--duration', '2h', '--earliest', '2025-06-01T00:00Z', '--latest', '2025-06-02T00:00Z', '--zones', 'FR', '--source', 'file:{examples}/grid-hourly-FR-2025-06.csv', '--json'] },
  { name: 'quickstart', argv: ['quickstart'] },
];
