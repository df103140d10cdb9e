import { TokenprintError } from '../core/errors.js';

/** Exit codes (documented in docs/cli.md and `tokenprint --help`). */
export const EXIT = {
  ok: 0,
  /** Unexpected failure (a bug, an I/O error). */
  failure: 1,
  /** Usage error: bad flag value, unknown id, contradictory flags. */
  usage: 2,
  /** Valid input that cannot be satisfied (a model that fits no accelerator, an infeasible plan). */
  infeasible: 3,
} as const;

export function exitCodeFor(err: unknown): number {
  if (err instanceof TokenprintError) {
    if (err.code === 'INFEASIBLE') return EXIT.infeasible;
    // A file the user named that is not there is a bad value (exit 2) in every command, like a bad flag.
    if (err.code === 'NOT_FOUND') return EXIT.usage;
    if (err.code === 'IO_ERROR') return EXIT.failure;
    return EXIT.usage;
  }
  return EXIT.failure;
}

/**
 * Thrown by a command that must end with a given exit code without it being an error of tokenprint's own
 * (`tokenprint measure -- CMD` passes CMD's exit code through). main() returns `code` and prints nothing.
 */
export class ExitWith extends Error {
  readonly code: number;
  constructor(code: number) {
    super(`exit ${code}`);
    this.code = code;
  }
}
