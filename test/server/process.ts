/** `tokenprint serve` as a real child process (for kill -9 and two-process tests): started on port 0, its URL read from stderr. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves with the signal or exit code when the process ends. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

const CLI = join(import.meta.dirname, '..', '..', 'src', 'cli', 'run.ts');

export function startServerProcess(args: readonly string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--port', '0', '--quiet', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('exit', (code, signal) => res({ code, signal })));
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (d: string) => {
      err += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m) resolve({ url: m[1], child, exited, stop: async () => void (child.exitCode === null && child.signalCode === null && child.kill('SIGTERM'), await exited) });
    });
    child.on('error', reject);
    void exited.then((e) => reject(new Error(`serve exited before listening (${e.code ?? e.signal}): ${err}`)));
  });
}
