/**
 * The config's `mapping` (docs/config.md, "mapping"): what the provider's own ids mean to the organisation. Labels:
 * a project, workspace, API key, team id, IAM role or tag → team and app. Zones: a provider region or
 * `inference_geo` → a grid zone. Models: a provider model id (Bedrock `modelId` or inference-profile ARN, Vertex
 * resource name, Azure deployment name) → a catalog model id. Compiled once per ingest or restate; zone and model
 * lookups run once per distinct provider/model/region (the estimator memoises them), labels once per row, and
 * only when the config has label rules.
 */
import type { UsageEvent } from '../sources/usage/event.js';
import type { LedgerConfig } from './config.js';

/** The source keys a label rule may match on, and where each is found on an event (tags written by the readers). */
export const MATCH_KEYS = {
  project: ['project', 'project_id', 'gcp.project'],
  workspace: ['workspace', 'workspace_id'],
  apiKey: ['api_key', 'api_key_id', 'api_key_name', 'api_key_alias'],
  teamId: ['team_id'],
  role: ['aws.arn', 'role_arn'],
} as const;

export type MatchKey = keyof typeof MATCH_KEYS;

export interface LabelRule {
  readonly match: Partial<Record<MatchKey, string>> & { readonly tag?: Readonly<Record<string, string>> };
  readonly team?: string;
  readonly app?: string;
}

/**
 * An IAM role and the STS sessions assumed from it compare equal: `arn:aws:sts::123:assumed-role/NAME/SESSION` and
 * `arn:aws:iam::123:role/[PATH/]NAME` both become `123:NAME` (Bedrock logs the session ARN in `identity.arn`).
 */
export function roleKey(arn: string): string {
  const s = /^arn:aws[\w-]*:sts::(\d+):assumed-role\/([^/]+)\//.exec(arn);
  if (s) return `${s[1]}:${s[2]}`;
  const r = /^arn:aws[\w-]*:iam::(\d+):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (r) return `${r[1]}:${r[2]}`;
  return arn;
}

/** A value by source key: from tags under the key's names (and, for teamId, the team the record gave). */
export type SourceLookup = (names: readonly string[]) => readonly (string | undefined)[];

interface CompiledRule {
  readonly tests: readonly ((look: SourceLookup) => boolean)[];
  readonly team?: string;
  readonly app?: string;
}

function compileRule(r: LabelRule): CompiledRule {
  const tests: ((look: SourceLookup) => boolean)[] = [];
  for (const k of Object.keys(MATCH_KEYS) as MatchKey[]) {
    const want = r.match[k];
    if (want === undefined) continue;
    const names = MATCH_KEYS[k];
    if (k === 'role') {
      const w = roleKey(want);
      tests.push((look) => look(names).some((v) => v !== undefined && roleKey(v) === w));
    } else tests.push((look) => look(names).some((v) => v === want));
  }
  for (const [tag, want] of Object.entries(r.match.tag ?? {})) tests.push((look) => look([tag])[0] === want);
  return { tests, team: r.team, app: r.app };
}

export class UsageMapping {
  private readonly zones: ReadonlyMap<string, string>;
  private readonly models: ReadonlyMap<string, string>;
  private readonly rules: readonly CompiledRule[];

  constructor(config: Pick<LedgerConfig, 'mapping'>) {
    const m = config.mapping;
    this.zones = new Map(Object.entries(m?.zones ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    this.models = new Map(Object.entries(m?.models ?? {}));
    this.rules = (m?.labels ?? []).map(compileRule);
  }

  /** Whether rows need `labels` at all (no label rules: the hot path skips it). */
  get hasLabelRules(): boolean {
    return this.rules.length > 0;
  }

  /** The grid zone a provider region (`aws:us-east-1`, `us`) is mapped to, case-insensitive. */
  zoneFor(region: string): string | undefined {
    return this.zones.get(region.toLowerCase());
  }

  /** The catalog model a provider model id is mapped to (exact id). */
  modelFor(model: string): string | undefined {
    return this.models.get(model);
  }

  /** Team and app by the first rule whose every key matches; undefined when none does. */
  labelsFor(look: SourceLookup): { team?: string; app?: string } | undefined {
    for (const r of this.rules) if (r.tests.every((t) => t(look))) return { team: r.team, app: r.app };
    return undefined;
  }

  /** The event with the matching rule's team and app (a rule's unset side keeps the event's); the same object when none. */
  label(e: UsageEvent): UsageEvent {
    const tags = e.tags;
    const look: SourceLookup = (names) => {
      const out = names.map((n) => tags?.[n]);
      if (names === MATCH_KEYS.teamId) out.push(e.team);
      return out;
    };
    const hit = this.labelsFor(look);
    if (hit === undefined) return e;
    return { ...e, team: hit.team ?? e.team, app: hit.app ?? e.app };
  }
}
