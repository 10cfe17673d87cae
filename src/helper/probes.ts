// The lab's probes (issue 14): ping, a don't-fragment ping at the MTU, and a TCP exchange with the project's
// own listener, each run inside a namespace the run created, through the executor (argv only, a process
// group killed at its time limit). Every probe is bounded in count and seconds and returns its evidence:
// the command as run and what it printed.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CheckFamily } from '../core';
import type { Executor } from './executor';
import { childEnv, trustedDirs } from './system-path';

/** What a probe shows for its verdict. */
export interface ProbeOutcome {
  ok: boolean;
  detail: string;
  evidence: { command: string; output: string }[];
  ms: number;
  /** tcp: the address the listener saw the connection come from, and its own address (after any DNAT). */
  seenFrom?: string;
  answeredAt?: string;
  /** The listener's own port: which of the container's ports a DNAT reached. */
  answeredPort?: number;
}

/** Probe tools by name, from the directories a root shell would search. */
export function findTool(name: string, dirs: readonly string[] = trustedDirs()): string | undefined {
  // An absolute path (node itself, for the tcp client run from the host) is taken as it is.
  if (isAbsolute(name)) return existsSync(name) ? name : undefined;
  return dirs.map((d) => join(d, name)).find((p) => existsSync(p));
}

/** argv that runs `argv` inside namespace `ns` (the host's own when undefined). */
export const inNetns = (ns: string | undefined, argv: readonly string[]): string[] => (ns ? ['ip', 'netns', 'exec', ns, ...argv] : [...argv]);

export interface PingRequest {
  family: CheckFamily;
  target: string;
  /** Echo requests to send (ping stops early once this many replies came back). */
  count?: number;
  /** Hard limit in seconds, whatever happens. */
  deadlineSeconds?: number;
  /** Payload size with don't-fragment set (the MTU probe); default 56 and fragmentation allowed. */
  dontFragmentSize?: number;
}

export function pingArgv({ family, target, count = 3, deadlineSeconds = 3, dontFragmentSize }: PingRequest): string[] {
  return ['ping', '-n', '-q', family === 'ipv6' ? '-6' : '-4', '-c', String(count), '-i', '0.2', '-w', String(deadlineSeconds), ...(dontFragmentSize !== undefined ? ['-M', 'do', '-s', String(dontFragmentSize)] : []), target];
}

/** iputils' summary: "3 packets transmitted, 3 received, 0% packet loss"; an error line when it sent nothing. */
export function readPing(output: string, exitCode: number | null): { sent: number; received: number; ok: boolean; detail: string } {
  const m = /(\d+) packets transmitted, (\d+) received/.exec(output);
  const error = output.split('\n').find((l) => l.startsWith('ping:'))?.replace(/^ping:\s*/, '');
  if (!m) return { sent: 0, received: 0, ok: false, detail: error ?? `ping exited with ${exitCode ?? 'a signal'} and printed no summary` };
  const sent = Number(m[1]);
  // Nothing left the namespace (a local error: the interface's MTU, no route): say why, not "no reply to 0".
  if (sent === 0) return { sent: 0, received: 0, ok: false, detail: `ping sent no echo request${error ? `: ${error}` : ''}` };
  const received = Number(m[2]);
  const rtt = /rtt min\/avg\/max\/mdev = [\d.]+\/([\d.]+)\//.exec(output)?.[1];
  return { sent, received, ok: received > 0, detail: received > 0 ? `${received} of ${sent} replies${rtt ? `, ${rtt} ms on average` : ''}` : `no reply to ${sent} echo request${sent === 1 ? '' : 's'}` };
}

const commandText = (argv: readonly string[]) => argv.join(' ');

async function runArgv(exec: Executor, argv: string[], timeoutMs: number): Promise<{ output: string; exitCode: number | null }> {
  const binary = findTool(argv[0]!);
  if (!binary) return { output: `${argv[0]}: not installed`, exitCode: null };
  const r = await exec.run({ binary, args: argv.slice(1), env: {}, stdin: '', timeoutMs });
  return { output: `${r.stdout}${r.stderr}${r.spawnError ?? ''}`.trim(), exitCode: r.exitCode };
}

/** One ping probe from namespace `ns`. */
export async function ping(exec: Executor, ns: string | undefined, request: PingRequest): Promise<ProbeOutcome> {
  const argv = inNetns(ns, pingArgv(request));
  const started = performance.now();
  const { output, exitCode } = await runArgv(exec, argv, ((request.deadlineSeconds ?? 3) + 2) * 1000);
  const read = readPing(output, exitCode);
  return { ok: read.ok, detail: read.detail, evidence: [{ command: commandText(argv), output }], ms: Math.round(performance.now() - started) };
}

/** The link the kernel of namespace `ns` would send a packet for `target` through (`ip -j route get`), with the evidence. */
export async function routeOf(exec: Executor, ns: string | undefined, target: string): Promise<{ dev?: string; evidence: { command: string; output: string } }> {
  const argv = inNetns(ns, ['ip', '-j', ...(target.includes(':') ? ['-6'] : []), 'route', 'get', target]);
  const { output, exitCode } = await runArgv(exec, argv, 3000);
  let dev: string | undefined;
  try {
    const routes = exitCode === 0 ? (JSON.parse(output) as { dev?: unknown }[]) : [];
    dev = typeof routes[0]?.dev === 'string' ? routes[0].dev : undefined;
  } catch {
    dev = undefined;
  }
  return { ...(dev ? { dev } : {}), evidence: { command: commandText(argv), output } };
}

/** IP and ICMP headers: a payload of MTU minus these makes a packet of exactly the MTU. */
const HEADERS: Record<CheckFamily, number> = { ipv4: 28, ipv6: 48 };

/** The MTU holds: a don't-fragment packet of exactly `mtu` bytes gets through, one byte more does not. */
export async function mtuProbe(exec: Executor, ns: string | undefined, { family, target, mtu }: { family: CheckFamily; target: string; mtu: number }): Promise<ProbeOutcome> {
  const size = mtu - HEADERS[family];
  const fits = await ping(exec, ns, { family, target, count: 1, deadlineSeconds: 2, dontFragmentSize: size });
  // The larger one is expected to get no answer: its wait is the whole deadline, kept short.
  const over = await ping(exec, ns, { family, target, count: 1, deadlineSeconds: 1, dontFragmentSize: size + 1 });
  const ok = fits.ok && !over.ok;
  const detail = ok
    ? `${mtu}-byte packets pass with don't-fragment set, ${mtu + 1}-byte ones do not`
    : !fits.ok
      ? `a ${mtu}-byte packet with don't-fragment set did not get through (${fits.detail}): the path MTU is below the configured ${mtu}`
      : `a ${mtu + 1}-byte packet with don't-fragment set got through: the path carries more than the configured MTU of ${mtu}`;
  return { ok, detail, evidence: [...fits.evidence, ...over.evidence], ms: fits.ms + over.ms };
}

const PROBE_DIR = join(import.meta.dirname, 'probes');
/** The listener ends on its own after this at the latest (it ends when the helper does: see startListener). */
export const LISTENER_LIMIT_SECONDS = 120;

/** The project's TCP listener running in a namespace: it answers each line and says who connected. */
export interface Listener {
  port: number;
  /** The peers it saw, as it printed them ("10.88.0.1"). */
  peers(): string[];
  /** Kills the listener's whole process group. */
  stop(): Promise<void>;
}

/** Starts `probes/listener.mjs` in namespace `ns` on `port`; resolves once it listens. */
export function startListener(ns: string | undefined, port: number, bind?: string): Promise<Listener> {
  const argv = inNetns(ns, [process.execPath, join(PROBE_DIR, 'listener.mjs'), String(port), String(LISTENER_LIMIT_SECONDS), ...(bind ? [bind] : [])]);
  const binary = findTool(argv[0]!) ?? argv[0]!;
  return new Promise((resolve, reject) => {
    // A process group of its own, so stop() takes `ip netns exec` and node together. Its stdin is a pipe
    // nothing writes to: when the helper dies (SIGKILL included) the kernel closes this end and the listener
    // ends, instead of holding the killed run's namespace and veth until its time limit.
    const child: ChildProcess = spawn(binary, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], shell: false, detached: true, env: childEnv() });
    const peers: string[] = [];
    let buffered = '';
    let listening = false;
    const stop = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return done();
        child.once('exit', () => done());
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          done();
        }
      });
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        try {
          const event = JSON.parse(line) as { listening?: number; peer?: string };
          if (event.listening !== undefined && !listening) {
            listening = true;
            resolve({ port, peers: () => [...peers], stop });
          }
          if (event.peer) peers.push(event.peer);
        } catch {
          // not one of the listener's lines
        }
      }
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(0, 4096)));
    child.on('error', reject);
    // Its words are all read at 'close' (pipes drained); 'exit' can come before them, so it waits a little.
    const failed = (code: number | null) => {
      if (!listening) reject(new Error(`the listener did not start (exit ${code}): ${stderr.trim() || 'no message'}`));
    };
    child.on('close', failed);
    child.on('exit', (code) => setTimeout(() => failed(code), 500).unref());
  });
}

/** The client script's last line: its JSON answer, or its output as the error when it printed none. */
function readClientAnswer<T extends { ok?: boolean; error?: string }>(output: string): T {
  try {
    return JSON.parse(output.split('\n').pop() ?? '') as T;
  } catch {
    return { ok: false, error: output || 'the client printed nothing' } as T;
  }
}

/** Connects from namespace `ns` to `host:port`, sends a token and expects the listener's echo of it. */
export async function tcpProbe(exec: Executor, ns: string | undefined, { host, port, timeoutSeconds = 3 }: { host: string; port: number; timeoutSeconds?: number }): Promise<ProbeOutcome> {
  const argv = inNetns(ns, [process.execPath, join(PROBE_DIR, 'client.mjs'), host, String(port), String(timeoutSeconds * 1000)]);
  const started = performance.now();
  const { output } = await runArgv(exec, argv, (timeoutSeconds + 2) * 1000);
  const answer = readClientAnswer<{ ok?: boolean; seenFrom?: string; answeredAt?: string; answeredPort?: number; error?: string }>(output);
  const ok = answer.ok === true;
  return { ok, detail: ok ? `connected and exchanged data; the listener saw ${answer.seenFrom}` : `no exchange: ${answer.error ?? 'unknown error'}`, evidence: [{ command: commandText(argv), output }], ms: Math.round(performance.now() - started), ...(ok && answer.seenFrom ? { seenFrom: answer.seenFrom.replace(/^::ffff:/, '') } : {}), ...(ok && answer.answeredAt ? { answeredAt: answer.answeredAt } : {}), ...(ok && typeof answer.answeredPort === 'number' ? { answeredPort: answer.answeredPort } : {}) };
}

/** How long the bandwidth probe sends: a few seconds at most, enough for a token bucket to show its rate. */
export const TRANSFER_SECONDS = 2;

/**
 * Sends for `seconds` from namespace `ns` to the listener at `host:port`, which counts what arrives: the
 * measured rate against the configured one. "Clearly shaped" is under twice the configured rate (a token
 * bucket lets its burst through first).
 */
export async function bandwidthProbe(exec: Executor, ns: string | undefined, { host, port, configuredBps, seconds = TRANSFER_SECONDS }: { host: string; port: number; configuredBps: number; seconds?: number }): Promise<ProbeOutcome & { measuredBps?: number }> {
  const argv = inNetns(ns, [process.execPath, join(PROBE_DIR, 'client.mjs'), host, String(port), String(seconds * 1000 + 8000), `send:${seconds * 1000}`]);
  const started = performance.now();
  const { output } = await runArgv(exec, argv, (seconds + 10) * 1000);
  const answer = readClientAnswer<{ ok?: boolean; bytes?: number; ms?: number; error?: string }>(output);
  const ms = Math.round(performance.now() - started);
  const evidence = [{ command: commandText(argv), output }];
  if (answer.ok !== true || !answer.bytes || !answer.ms) return { ok: false, detail: `no transfer: ${answer.error ?? 'nothing arrived'}`, evidence, ms };
  const measuredBps = (answer.bytes * 8 * 1000) / answer.ms;
  const mbit = (bps: number) => `${(bps / 1e6).toFixed(2)} Mbit/s`;
  const ok = measuredBps < 2 * configuredBps;
  return { ok, measuredBps, detail: `measured ${mbit(measuredBps)} (${answer.bytes} bytes in ${answer.ms} ms), configured ${mbit(configuredBps)}${ok ? '' : ': not shaped (more than twice the configured rate)'}`, evidence, ms };
}
