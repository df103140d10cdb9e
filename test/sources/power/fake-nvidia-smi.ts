/** Writes a stand-in `nvidia-smi` shell script into a temp dir: two GPUs at 100.5 W and 49.5 W (150 W total). */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function fakeNvidiaSmi(opts: { power0?: string } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'tp-smi-'));
  const p0 = opts.power0 ?? '100.50';
  const script = `#!/bin/sh
# stand-in for nvidia-smi: --query-gpu=index,name,power.draw once, or index,power.draw every -lms N ms
case "$*" in
  *-lms*)
    while true; do
      printf '0, ${p0}\\n1, 49.50\\n'
      sleep 0.02
    done ;;
  *name*) printf '0, Fake H100, ${p0}\\n1, Fake H100, 49.50\\n' ;;
  *) printf '0, ${p0}\\n1, 49.50\\n' ;;
esac
`;
  const file = join(dir, 'nvidia-smi');
  writeFileSync(file, script);
  chmodSync(file, 0o755);
  return dir;
}
