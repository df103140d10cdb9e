/** Builds a fake powercap class tree (flat, as /sys/class/powercap lists its zones) in a temp directory. */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeZone {
  readonly id: string;
  readonly name: string;
  readonly energyUj: number;
  readonly maxRangeUj?: number;
}

/** RAPL's usual range on Intel server parts: 2^32 energy units of 61 µJ ≈ 262 143 328 850 µJ. */
export const MAX_RANGE_UJ = 262143328850;

export function fakePowercap(zones: readonly FakeZone[]): string {
  const root = mkdtempSync(join(tmpdir(), 'tp-powercap-'));
  chmodSync(root, 0o755); // readable by the unprivileged child in the permission test
  for (const z of zones) {
    const dir = join(root, z.id);
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'name'), z.name + '\n', { mode: 0o444 });
    writeFileSync(join(dir, 'max_energy_range_uj'), String(z.maxRangeUj ?? MAX_RANGE_UJ) + '\n', { mode: 0o444 });
    writeFileSync(join(dir, 'energy_uj'), String(z.energyUj) + '\n', { mode: 0o444 });
  }
  return root;
}

export function setEnergy(root: string, id: string, uj: number): void {
  const p = join(root, id, 'energy_uj');
  chmodSync(p, 0o644);
  writeFileSync(p, String(uj) + '\n');
  chmodSync(p, 0o444);
}
