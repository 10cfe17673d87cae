// Runs `npm start` as a person does (in the checkout, with PORT and LAB_PORT), reads what it prints, and
// stops its whole process tree afterwards: it is spawned as the leader of its own process group.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A port nothing listens on right now, on loopback. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** Two different free ports: the app's and the lab helper's. */
export async function freePortPair(): Promise<[number, number]> {
  for (;;) {
    const a = await freePort();
    const b = await freePort();
    if (a !== b) return [a, b];
  }
}

export interface NpmStart {
  child: ChildProcess;
  /** Everything printed so far, stdout and stderr interleaved as they arrived. */
  output(): string;
  /** Waits until the output matches (or the process ends, or the time is up: both throw with the output). */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** SIGTERM to the whole group, SIGKILL if anything is still there after a grace period. */
  stop(): Promise<void>;
}

export function npmStart(env: Record<string, string>): NpmStart {
  const child = spawn('npm', ['start'], { cwd: ROOT, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.once('exit', () => {
    for (const l of listeners) l();
  });
  const groupAlive = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  return {
    child,
    output: () => text,
    waitFor(pattern, timeoutMs) {
      return new Promise((done, fail) => {
        const timer = setTimeout(() => finish(new Error(`npm start did not print ${pattern} within ${timeoutMs} ms; it printed:\n${text}`)), timeoutMs);
        const check = () => {
          const m = pattern.exec(text);
          if (m) finish(undefined, m);
          else if (child.exitCode !== null || child.signalCode !== null) finish(new Error(`npm start ended (${child.exitCode ?? child.signalCode}) before printing ${pattern}; it printed:\n${text}`));
        };
        function finish(error?: Error, m?: RegExpMatchArray) {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) fail(error);
          else done(m!);
        }
        listeners.add(check);
        check();
      });
    },
    async stop() {
      if (!groupAlive()) return;
      process.kill(-child.pid!, 'SIGTERM');
      for (let i = 0; i < 50 && groupAlive(); i++) await new Promise((r) => setTimeout(r, 100));
      if (groupAlive()) process.kill(-child.pid!, 'SIGKILL');
      await exited;
    },
  };
}
