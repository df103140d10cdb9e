/** What every route gets: the tenant ledgers, the intake, the key verifier, metrics and settings. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { LedgerConfig } from '../ledger/config.js';
import type { GridSignalSource } from '../sources/grid/signal.js';
import type { Intake } from './intake.js';
import type { KeyVerifier, Role } from './keys.js';
import type { Metrics } from './metrics.js';
import type { Tenants } from './tenants.js';
import type { Idempotency } from './store/idempotency.js';
import type { ReadModel } from './read-model.js';

export interface Caller {
  readonly tenant: string;
  readonly role: Role;
  readonly keyId: string;
}

export type Env = { Variables: { caller: Caller; requestId: string } };
export type App = OpenAPIHono<Env>;

export interface ServerDeps {
  readonly tenants: Tenants;
  readonly intake: Intake;
  readonly keys: KeyVerifier;
  readonly metrics: Metrics;
  readonly idempotency: Idempotency;
  /** Reports kept per tenant and query (read-model.ts). */
  readonly readModel: ReadModel;
  readonly grid: GridSignalSource<'average'>;
  /** --config, when given: every tenant's events are estimated with it. */
  readonly config: LedgerConfig | undefined;
  readonly limits: { readonly maxBodyBytes: number; readonly ratePerS: number; readonly burst: number };
  /** Folder of the built dashboard (index.html and assets/), when built. */
  readonly webDir: string | undefined;
  /** One structured log line per request (JSON, no secrets). */
  readonly log: (entry: Record<string, unknown>) => void;
  readonly now: () => number;
}
