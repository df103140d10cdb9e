/**
 * Self-hosted buckets (vLLM metrics, a gateway's self-hosted model group) name a served model, not a deployment of
 * tokenprint.yaml: the join finds the deployment whose physics the footprint uses — the one `ingest --deployment`
 * names, else the one named as the served model (`vllm serve --served-model-name NAME`), else the only one serving
 * that model. No match is a refusal with the names to choose from, never a guess.
 */
import type { UsageAggregate } from '../../sources/usage/aggregate.js';
import type { LedgerConfig } from '../config.js';

/** A served model name as a catalog id: `meta-llama/Llama-3.1-70B-Instruct` → `llama-3.1-70b-instruct`. */
const plain = (s: string) => s.split('/').pop()!.trim().toLowerCase();

export function joinDeployment(config: LedgerConfig, a: UsageAggregate, flag: string | undefined): UsageAggregate | string {
  if (a.provider !== 'self-hosted') return a;
  const served = a.deployment ?? a.model;
  const named = flag ?? served;
  let d = config.deployments.find((x) => x.name === named);
  if (d === undefined && flag === undefined) {
    const same = config.deployments.filter((x) => plain(x.model) === plain(served));
    if (same.length === 1) d = same[0];
  }
  if (d === undefined) {
    const known = config.deployments.map((x) => `${x.name} (${x.model})`).join(', ') || 'none';
    return flag !== undefined
      ? `--deployment ${flag} is not a deployment of the config (known: ${known})`
      : `served model '${served}' matches no deployment of the config by name or model (known: ${known}): name it with ingest --deployment NAME, or serve it under the deployment's name`;
  }
  return { ...a, deployment: d.name, model: d.model };
}
