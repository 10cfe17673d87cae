// Runs a plugin binary the way libcni does: argv only (never a shell), the CNI variables in the
// environment, the config on stdin. A timeout kills it; output is capped so a runaway plugin cannot
// exhaust memory.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface ExecRequest {
  binary: string;
  env: Record<string, string>;
  stdin: string;
  timeoutMs: number;
  /** Aborting kills the plugin at once (client gone, helper shutting down). */
  signal?: AbortSignal;
}

export interface ExecResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  /** Set when the binary could not be started at all. */
  spawnError?: string;
}

export interface Executor {
  run(request: ExecRequest): Promise<ExecResult>;
}

export const OUTPUT_LIMIT = 1024 * 1024;

export const spawnExecutor: Executor = {
  run({ binary, env, stdin, timeoutMs, signal }) {
    return new Promise((resolve) => {
      const started = performance.now();
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let outBytes = 0;
      let errBytes = 0;
      let timedOut = false;
      // Only what a plugin needs from the helper's environment: PATH (plugins call iptables, ip, …).
      const child = spawn(binary, [], { env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', ...env }, stdio: ['pipe', 'pipe', 'pipe'], shell: false });
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      const onAbort = () => child.kill('SIGKILL');
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
      const keep = (chunks: Buffer[], size: number, chunk: Buffer) => {
        if (size < OUTPUT_LIMIT) chunks.push(chunk.subarray(0, OUTPUT_LIMIT - size));
        return size + chunk.length;
      };
      child.stdout.on('data', (c: Buffer) => (outBytes = keep(out, outBytes, c)));
      child.stderr.on('data', (c: Buffer) => (errBytes = keep(err, errBytes, c)));
      child.stdin.on('error', () => {}); // a plugin may exit before reading everything
      child.stdin.end(stdin);
      const finish = (exitCode: number | null, exitSignal: NodeJS.Signals | null, spawnError?: string) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve({ exitCode, signal: exitSignal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), durationMs: performance.now() - started, timedOut, ...(spawnError ? { spawnError } : {}) });
      };
      child.on('error', (e) => finish(null, null, e.message));
      child.on('close', (code, signal) => finish(code, signal));
    });
  },
};
