/**
 * Factor sets: every stored footprint names the factor set it was computed under. A factor set is identified by
 * a signature of everything that sets the numbers (tool version, inference calibration, the config's estimation
 * fields, imported hourly grid data). When the signature changes, history is restated (`tokenprint restate`)
 * into a new factor set; the old rows stay.
 */
import { createHash } from 'node:crypto';
import { VERSION } from '../../version.js';
import { currentCalibration } from '../../catalog/calibration.js';
import type { LedgerConfig } from '../config.js';
import type { LedgerStore } from './store.js';
import { ConflictingInputError } from '../../core/errors.js';

export function factorSignature(config: LedgerConfig, hourlyDigest: string): string {
  const { db: _db, teams: _teams, ...factors } = config;
  const material = JSON.stringify({ tool: VERSION, calibration: currentCalibration().version, factors, hourly: hourlyDigest });
  return createHash('sha256').update(material).digest('hex').slice(0, 16);
}

/**
 * The factor set new rows are booked under: the active one when its signature matches the current factors (or
 * the ledger is still empty); otherwise the caller must restate first.
 */
export async function factorSetForIngest(store: LedgerStore, config: LedgerConfig): Promise<number> {
  const sig = factorSignature(config, await store.hourlyDigest());
  const active = await store.activeFactorSet();
  if (active && active.signature === sig) return active.id;
  if (active && (await store.rowCount(active.id)) > 0) {
    throw new ConflictingInputError(
      `the factors changed since factor set ${active.id} (config, tool version, calibration or hourly grid data). ` +
        `Run \`tokenprint restate\` with the same --config to recompute history under the new factors, then ingest again.`,
      { activeFactorSet: active.id },
    );
  }
  return store.addFactorSet(sig, JSON.stringify(config), active ? `replaces empty factor set ${active.id}` : 'first factor set', true);
}
