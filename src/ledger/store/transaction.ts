/**
 * One transaction, as both adapters run it: begin, run `fn`, commit; on an error roll back (a failed rollback must
 * not hide the error) and rethrow it as the adapter explains it (ledger-errors.ts).
 */
export interface TransactionOps {
  /** Runs one statement (BEGIN, COMMIT) on the adapter's connection. */
  readonly run: (sql: string) => Promise<unknown>;
  /** Rolls back on the adapter's connection. */
  readonly rollback: () => Promise<unknown>;
  /** The dialect's BEGIN statement. */
  readonly begin: string;
  /** Turns a driver error into the error the user sees. */
  readonly explain: (e: unknown) => unknown;
}

export async function inTransaction<T>(o: TransactionOps, fn: () => Promise<T>): Promise<T> {
  await o.run(o.begin);
  try {
    const out = await fn();
    await o.run('COMMIT');
    return out;
  } catch (e) {
    await o.rollback().catch(() => undefined);
    throw o.explain(e);
  }
}
