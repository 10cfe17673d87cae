// Read-only system tools started ahead of need and held at a gate until a run asks: `xargs -0 -- <tool>`
// waits on its stdin and, at its end, runs the tool once (GNU xargs runs its command once for empty input)
// as its child, whose output and exit status become xargs's. Starting a process from the helper forks the
// whole helper: 7-15 ms on the lab VM, the main thread blocked throughout, so reads the run waits for
// (the firewall before a run and after each operation) cost more in forks than in their own work. The lab
// server primes them while idle (started, a run ended: `primeTools`), so such a read costs xargs's small
// fork and the tool's own run. Not while a plugin runs: on a small machine the forks take its CPU. The
// tool starts only when asked: what it prints is the machine of that moment. Only tools that change
// nothing are primed: a gate that opens unasked (the helper died, closing its end of the pipe) runs one
// harmless read.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { holdEventLoop, killGroup } from './child-handles';
import { childEnv, runTool } from './system-path';

/** How many gates a tool keeps waiting: an ADD and DEL run reads the firewall three times (before, after ADD, after DEL). */
export const GATES_PER_TOOL = 3;

interface Gate {
  child: ChildProcessWithoutNullStreams;
  /** Set when xargs ended before it was asked (killed from outside): the gate is no use. */
  gone: boolean;
}

const gates = new Map<string, Gate[]>();
/** Every gate's xargs not yet ended, waiting or in use: `closeGates` waits for them. */
const alive = new Set<Promise<void>>();
let exitHooked = false;
const keyOf = (file: string, args: readonly string[]) => [file, ...args].join('\0');

/** The gate: xargs in a process group of its own (a time limit kills the tool with it), its pipes not keeping the helper alive. */
function openGate(file: string, args: readonly string[]): Gate {
  const child = spawn('xargs', ['-0', '--', file, ...args], { stdio: ['pipe', 'pipe', 'pipe'], shell: false, detached: true, env: childEnv() });
  const gate: Gate = { child, gone: false };
  const ended = new Promise<void>((done) => {
    child.on('error', () => ((gate.gone = true), done()));
    child.on('exit', () => ((gate.gone = true), done()));
  });
  alive.add(ended);
  void ended.then(() => alive.delete(ended));
  child.stdin.on('error', () => {});
  holdEventLoop(child, false);
  if (!exitHooked) {
    exitHooked = true;
    process.once('exit', () => void closeGates());
  }
  return gate;
}

/** Fills each tool's gates up to `GATES_PER_TOOL`: for when the helper is idle. */
export function primeTools(tools: readonly (readonly [file: string, args: readonly string[]])[]): void {
  for (const [file, args] of tools) {
    const key = keyOf(file, args);
    const waiting = (gates.get(key) ?? []).filter((g) => !g.gone);
    while (waiting.length < GATES_PER_TOOL) waiting.push(openGate(file, args));
    gates.set(key, waiting);
  }
}

/**
 * Ends every waiting gate without running its tool (the helper is closing). Resolves once every gate's
 * process has ended, the killed ones and any read still in use (bounded by its own time limit), or after
 * `waitMs`: a helper that says it closed has no process of these left.
 */
export function closeGates(waitMs = 5000): Promise<void> {
  for (const waiting of gates.values()) for (const g of waiting) killGroup(g.child.pid);
  gates.clear();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((done) => (timer = setTimeout(done, waitMs).unref()));
  return Promise.race([Promise.all([...alive]).then(() => undefined), late]).finally(() => clearTimeout(timer));
}

/**
 * Runs a read-only system tool (argv, never a shell, looked up in the trusted PATH) through a waiting gate
 * when there is one, else started now; either way bounded in time and output, the tool with its gate.
 */
export function runReadTool(file: string, args: readonly string[], limits: { timeout: number; maxBuffer: number }): Promise<{ stdout: string }> {
  const waiting = gates.get(keyOf(file, args));
  let gate = waiting?.shift();
  while (gate?.gone) gate = waiting?.shift();
  if (!gate) return runTool(file, args, limits);
  const { child } = gate;
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    let bytes = 0;
    let stderr = '';
    let failed: Error | undefined;
    const fail = (e: Error) => {
      failed ??= e;
      killGroup(child.pid);
    };
    const timer = setTimeout(() => fail(new Error(`${file} did not finish in ${limits.timeout} ms`)), limits.timeout);
    holdEventLoop(child, true);
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limits.maxBuffer) fail(new Error(`${file} printed more than ${limits.maxBuffer} bytes`));
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (failed) reject(failed);
      // xargs says 123 for a tool that exited 1-125, 127 for one not found: the tool's words are on stderr.
      else if (code !== 0) reject(new Error(`${file} failed (${signal ?? `xargs exit ${code}`}): ${stderr.trim() || 'no message'}`));
      else resolve({ stdout: Buffer.concat(out).toString('utf8') });
    });
    child.stdin.end();
  });
}
