/**
 * What a database error means for the user of a ledger: a full disk, a damaged file, a lock held by another
 * process, a read-only file. Each becomes a TokenprintError that names the ledger and says what to do; anything
 * else passes through unchanged (it is a defect, shown as an unexpected error).
 */
import { TokenprintError } from '../../core/errors.js';

/** Why a ledger operation failed, as `details.reason` of the error (stable, for callers and tests). */
export type LedgerFailure = 'disk-full' | 'damaged' | 'locked' | 'read-only' | 'not-a-ledger';

export class LedgerError extends TokenprintError {
  constructor(
    readonly reason: LedgerFailure,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super('IO_ERROR', message, { reason, ...details });
  }
}

const RECOVER =
  'Restore it from a backup, or move it aside and ingest the usage files again into a new ledger (ingests are idempotent: the same files give the same totals).';

/** The message of an error from DuckDB or PostgreSQL (node-api and pg both throw Error; pg adds `code`). */
function parts(e: unknown): { message: string; code: string | undefined } {
  const err = e as { message?: unknown; code?: unknown };
  return { message: typeof err?.message === 'string' ? err.message : String(e), code: typeof err?.code === 'string' ? err.code : undefined };
}

/** `e` as a LedgerError when it is one of the failures above, else `e` itself. */
export function explainDbError(e: unknown, location: string): unknown {
  if (e instanceof TokenprintError) return e;
  const { message, code } = parts(e);
  const first = message.split('\n')[0].slice(0, 300);
  if (code === '53100' || /No space left on device|ENOSPC|disk is full|could not extend file/i.test(message)) {
    return new LedgerError(
      'disk-full',
      `the disk holding the ledger ${location} is full. Nothing committed is lost (each batch commits with its checkpoint); free space and rerun the same command: it resumes where it stopped.`,
      { location, cause: first },
    );
  }
  if (/database has been invalidated/i.test(message)) {
    return new LedgerError(
      'disk-full',
      `DuckDB stopped writing the ledger ${location} after a failed write (most often a full disk: ${first}). Nothing committed is lost; free space and rerun the same command: it resumes where it stopped.`,
      { location, cause: first },
    );
  }
  if (/Corrupt database file|checksum .* does not match|not a valid DuckDB database file/i.test(message)) {
    const what = /not a valid DuckDB database file/i.test(message) ? 'is not a DuckDB ledger (or its header is damaged)' : 'is damaged (a block fails its checksum)';
    return new LedgerError('damaged', `${location} ${what}. ${RECOVER}`, { location, cause: first });
  }
  if (/Could not set lock on file|Conflicting lock is held/i.test(message)) {
    const pid = /\(PID (\d+)\)/.exec(message)?.[1];
    return new LedgerError(
      'locked',
      `another process${pid ? ` (pid ${pid})` : ''} holds the ledger ${location}: a DuckDB file has one writer at a time. Wait for it to finish and rerun, or use a PostgreSQL ledger (--db postgresql://…) for concurrent writers.`,
      { location, pid: pid === undefined ? undefined : Number(pid) },
    );
  }
  if (/read-only mode|Permission denied|EACCES|EROFS|Read-only file system/i.test(message)) {
    return new LedgerError('read-only', `the ledger ${location} cannot be written (${first}). Check the file's permissions, or copy it somewhere writable.`, { location });
  }
  return e;
}

/** Runs `fn`, turning database errors into LedgerErrors. */
export async function explained<T>(location: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw explainDbError(e, location);
  }
}
