/**
 * One seed for every fast-check property in a test file, so a failing run can be replayed and a given commit always
 * runs the same cases. The seed comes from TOKENPRINT_FC_SEED, else from the commit (scripts/run-tests.mjs sets it),
 * else from the git HEAD read here; fast-check prints it with any counterexample ("seed: N").
 */
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';

function seedFromCommit(): number {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return Number.parseInt(head.slice(0, 8), 16) | 0;
  } catch {
    return 20250601; // no git (a tarball): still a fixed seed
  }
}

const fromEnv = process.env.TOKENPRINT_FC_SEED;
export const propertySeed = fromEnv !== undefined && /^-?\d+$/.test(fromEnv) ? Number(fromEnv) | 0 : seedFromCommit();
fc.configureGlobal({ seed: propertySeed });
