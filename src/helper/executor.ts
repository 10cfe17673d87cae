// Runs a plugin binary the way libcni does: argv only (never a shell), the CNI variables in the
// environment, the config on stdin. Each plugin runs in a process group of its own: at its time limit
// the whole group is killed, its output is read only for a short grace after it exits (a child holding
// stdout open cannot stall the run), and whatever it left running is killed and reported by pid. As
// root it is also born in a cgroup of its own (call-cgroup.ts), which holds every process it starts
// whatever they do and bounds how many there may be.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { callGroups, containmentNote } from './call-cgroup';
import { killGroup } from './child-handles';
import { findDescendants, killAll, MARKER_ENV, originOf, pidMark, type Origin } from './descendants';
import { childEnv } from './system-path';

export interface ExecRequest {
  binary: string;
  /** Arguments (plugins take none; the lab's probes do). Never passed through a shell. */
  args?: readonly string[];
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
  /** Processes the plugin started that were still running after it ended; all were killed. */
  survivors?: number[];
  /** How many bytes the plugin wrote to stdout, when that was more than OUTPUT_LIMIT (stdout is cut there). */
  stdoutBytes?: number;
}

export interface Executor {
  run(request: ExecRequest): Promise<ExecResult>;
  /** Why what a plugin starts is held less surely than by a cgroup, in words; undefined when each call has one. */
  containment?(): string | undefined;
}

export const OUTPUT_LIMIT = 1024 * 1024;
/** How long output is still read after the plugin exited (its children may hold the pipes open). */
export const STDIO_GRACE_MS = 200;
/** How long to wait for a killed plugin to be reaped before giving up on it. */
export const REAP_LIMIT_MS = 5000;

/** Kills what the invocation left: the group, then marked processes, until nothing more is found. */
function sweep(origin: Origin): number[] {
  const killed = new Set<number>();
  for (let round = 0; round < 5; round++) {
    killGroup(origin.leader);
    const found = killAll(findDescendants(origin).filter((pid) => !killed.has(pid)));
    if (found.length === 0) break;
    for (const pid of found) killed.add(pid);
  }
  return [...killed].sort((a, b) => a - b);
}

export const spawnExecutor: Executor = {
  containment: () => containmentNote(),
  run({ binary, args = [], env, stdin, timeoutMs, signal }) {
    return new Promise((resolve) => {
      const started = performance.now();
      const marker = randomBytes(8).toString('hex');
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let outBytes = 0;
      let errBytes = 0;
      let timedOut = false;
      let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
      let done = false;
      // Nothing of the helper's environment: a PATH of trusted system directories (plugins call iptables,
      // ip, …; system-path.ts), which the request cannot change, and the marker that finds its descendants.
      // detached: a session and process group of its own.
      const before = pidMark();
      const group = callGroups()?.group();
      const start = () => spawn(binary, [...args], { env: childEnv({ ...env, [MARKER_ENV]: marker }), stdio: ['pipe', 'pipe', 'pipe'], shell: false, detached: true });
      let child: ReturnType<typeof start>;
      try {
        child = group ? group.spawnInside(start) : start();
      } catch (e) {
        // Some failures (a binary open for writing: ETXTBSY) throw here instead of an 'error' event.
        group?.close();
        resolve({ exitCode: null, signal: null, stdout: '', stderr: '', durationMs: performance.now() - started, timedOut: false, spawnError: e instanceof Error ? e.message : String(e) });
        return;
      }
      const origin = child.pid !== undefined ? originOf(child.pid, marker, before) : undefined;
      const timers: NodeJS.Timeout[] = [];
      const kill = () => {
        killGroup(child.pid);
        group?.killAll();
        // A plugin stuck where SIGKILL cannot reach it must not hold the run: stop waiting for it.
        timers.push(setTimeout(() => finish(undefined), REAP_LIMIT_MS));
      };
      timers.push(
        setTimeout(() => {
          timedOut = true;
          kill();
        }, timeoutMs),
      );
      const onAbort = () => kill();
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

      function finish(spawnError: string | undefined) {
        if (done) return;
        done = true;
        for (const t of timers) clearTimeout(t);
        signal?.removeEventListener('abort', onAbort);
        const swept = origin && spawnError === undefined ? sweep(origin) : [];
        const survivors = [...new Set([...swept, ...(group?.close(child.pid) ?? [])])].sort((a, b) => a - b);
        child.stdout.destroy();
        child.stderr.destroy();
        child.unref();
        resolve({
          exitCode: exited?.code ?? null,
          signal: exited?.signal ?? (exited ? null : 'SIGKILL'),
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          durationMs: performance.now() - started,
          timedOut,
          ...(spawnError ? { spawnError } : {}),
          ...(survivors.length ? { survivors } : {}),
          ...(outBytes > OUTPUT_LIMIT ? { stdoutBytes: outBytes } : {}),
        });
      }
      child.on('error', (e) => finish(e.message));
      child.on('exit', (code, exitSignal) => {
        exited = { code, signal: exitSignal };
        // Output still in the pipes arrives within the grace; a child holding them open does not count.
        timers.push(setTimeout(() => finish(undefined), STDIO_GRACE_MS));
      });
      child.on('close', () => finish(undefined));
    });
  },
};
