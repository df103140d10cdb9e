/**
 * Runs the CLI in-process and captures the text it writes to stdout and stderr. It passes binary chunks through: while an async command awaits, node's test runner (in a child process) reports
 * to its parent over stdout in binary frames, and those must not be swallowed.
 */
import { main } from '../../src/cli/main.js';

export async function runCli(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const capture = (append: (s: string) => void, original: typeof process.stdout.write) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (typeof chunk !== 'string') return (original as (c: Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
      append(chunk);
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture((s) => (stdout += s), out);
  process.stderr.write = capture((s) => (stderr += s), err);
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}
