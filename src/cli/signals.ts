/** Signal handling the long-running commands share (`serve` waits for one; `measure` ignores or forwards them). */

/** Calls `handler` for each of `signals` until the returned function is called (then Node's defaults are back). */
export function handleSignals(signals: readonly NodeJS.Signals[], handler: (signal: NodeJS.Signals) => void): () => void {
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.off(s, handler);
  };
}

/** Resolves with the first of `signals` received; a second one gets Node's default (e.g. Ctrl-C twice ends at once). */
export function nextSignal(signals: readonly NodeJS.Signals[]): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const off = handleSignals(signals, (s) => {
      off();
      resolve(s);
    });
  });
}
