/**
 * One transaction, as both adapters run it: begin, run `fn`, commit; on an error roll back (a failed rollback must
 * not hide the error) and rethrow. `exec` runs one statement on the adapter's connection; `begin` is its dialect's
 * BEGIN statement.
 */
export async function inTransaction<T>(exec: (sql: string) => Promise<unknown>, begin: string, fn: () => Promise<T>): Promise<T> {
  await exec(begin);
  try {
    const out = await fn();
    await exec('COMMIT');
    return out;
  } catch (e) {
    await exec('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
