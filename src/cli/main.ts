/**
 * The `tokenprint` command line: a table of contents of the use cases. Each verb lives in commands/.
 */
import { Command, CommanderError } from 'commander';
import { TokenprintError } from '../core/errors.js';
import { EXIT, ExitWith, exitCodeFor } from './exit-codes.js';
import { registerMeasure } from './commands/measure.js';
import { registerProfileEndpoint } from './commands/profile-endpoint.js';
import { registerEstimate } from './commands/estimate.js';
import { registerCatalog } from './commands/catalog.js';
import { VERSION } from '../version.js';
import { registerIngest } from './commands/ingest.js';
import { registerReport } from './commands/report.js';
import { registerRejects } from './commands/rejects.js';
import { registerRestate } from './commands/restate.js';
import { registerSample } from './commands/sample.js';
import { registerGrid } from './commands/grid.js';
import { registerQuickstart } from './commands/quickstart.js';
import { registerPlan } from './commands/plan.js';
import { registerCompareHardware } from './commands/compare-hardware.js';
import { registerScaling } from './commands/scaling.js';
import { registerSchedule } from './commands/schedule.js';
import { registerDisclose } from './commands/disclose.js';
import { registerAudit } from './commands/audit.js';

export function buildProgram(): Command {
  const program = new Command('tokenprint')
    .description('Energy, carbon and water footprint of LLM workloads: estimate, measure, account, reduce, disclose.')
    .version(VERSION)
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `
Exit codes: 0 ok · 1 failure · 2 usage error (bad value, unknown id, contradictory flags) · 3 infeasible request.
Every number comes with a range and, under --json, a trace of each factor and its source. NO_COLOR is respected.
Docs: docs/methodology.md, docs/cli.md`,
    );
  registerEstimate(program);
  registerCatalog(program);
  // Each job registers its verbs here (one line each; keep the order of the five jobs):
  // [measure]
  registerMeasure(program);
  registerProfileEndpoint(program);
  // [account]
  registerIngest(program);
  registerReport(program);
  registerRejects(program);
  registerRestate(program);
  registerSample(program);
  registerGrid(program);
  registerQuickstart(program);
  // [reduce]
  registerPlan(program);
  registerCompareHardware(program);
  registerScaling(program);
  registerSchedule(program);
  // [disclose]
  registerDisclose(program);
  registerAudit(program);
  return program;
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it in-process. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  program.commands.forEach(function override(c: Command): void {
    c.exitOverride();
    c.commands.forEach(override);
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof ExitWith) return err.code;
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return EXIT.usage; // commander already printed the message
    }
    if (err instanceof TokenprintError) {
      process.stderr.write(`tokenprint: ${err.message}\n`);
      return exitCodeFor(err);
    }
    const e = err as Error;
    const sys = systemError(err);
    if (sys) {
      process.stderr.write(`tokenprint: ${sys}\n`);
      return EXIT.failure;
    }
    process.stderr.write(`tokenprint: unexpected error: ${e?.stack ?? String(err)}\n`);
    return EXIT.failure;
  }
}

/**
 * An operating-system error (a file that cannot be read or written) that reached the top without a command turning
 * it into a TokenprintError: a one-line message naming the path, never a stack trace. Null for anything else (a bug).
 */
function systemError(err: unknown): string | null {
  if (!(err instanceof Error)) return null;
  const e = err as NodeJS.ErrnoException;
  if (typeof e.code !== 'string' || !/^E[A-Z]+$/.test(e.code) || e.path === undefined) return null;
  const why: Record<string, string> = {
    ENOENT: 'no such file or folder',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EEXIST: 'already exists',
    ENOTDIR: 'a part of the path is not a folder',
    EISDIR: 'is a folder, not a file',
    ENOSPC: 'no space left on the device',
    EROFS: 'read-only file system',
  };
  return `cannot ${e.syscall ?? 'use'} ${e.path}: ${why[e.code] ?? e.code} (${e.code})`;
}
