// One `ip -j -batch -` process kept for a run and asked again at each observation: starting a process
// from the helper costs a fork of the whole helper (milliseconds, more on a busy machine), asking one that
// runs costs a line on its stdin. In batch mode ip runs each line as it arrives and flushes what it
// printed, and with -j every show command prints its JSON on one line. argv only: the lines are ip's own
// commands, never a shell's, built from fixed words and names checked by the caller.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { holdEventLoop } from './child-handles';
import { childEnv } from './system-path';

/** How long one answer may take before the session is given up (its process killed). */
export const ASK_LIMIT_MS = 10_000;
/** The longest answer read (a host with thousands of links or routes fits). */
export const ANSWER_LIMIT = 16 * 1024 * 1024;
/** How long after ip exits its pipes may take to drain before the session ends without its last words. */
const CLOSE_WAIT_MS = 500;

interface Pending {
  resolve: (line: string) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  /** Read before any later answer is handed out: a problem it names ends the session. */
  check?: (line: string) => string | undefined;
}

export class IpSession {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: Pending[] = [];
  private text = '';
  private stderr = '';
  private ended: Error | undefined;

  /** `options` are ip's global options for every line (`-d`, `-n <name>`); `binary` is looked up in the trusted PATH (tests give a stand-in's path). */
  constructor(private readonly options: readonly string[], binary = 'ip') {
    this.child = spawn(binary, [...options, '-j', '-batch', '-'], { stdio: ['pipe', 'pipe', 'pipe'], shell: false, env: childEnv() });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => this.read(chunk));
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => (this.stderr = (this.stderr + chunk).slice(-2000)));
    this.child.stdin.on('error', () => {}); // ip gone: its exit says why
    this.child.on('error', (e) => this.end(e));
    // A failed command ends a batch: whatever is still waiting fails with ip's words. Those words are read
    // by 'close' (its pipes drained); 'exit' can come first, so it only starts a short wait for them.
    const ended = (code: number | null, signal: NodeJS.Signals | null) =>
      this.end(new Error(`ip ${[...this.options, '-batch'].join(' ')} ended (${signal ?? `exit ${code}`}): ${this.stderr.trim() || 'no message'}`));
    this.child.on('close', ended);
    this.child.on('exit', (code, signal) => setTimeout(() => ended(code, signal), CLOSE_WAIT_MS).unref());
  }

  /** Whether the process and its pipes keep the helper's event loop alive (a session kept between runs does not). */
  hold(yes: boolean): void {
    holdEventLoop(this.child, yes);
  }

  /** ip's process id (its /proc/<pid>/ns/net is the namespace it answers from). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether the process still answers (a session that ended is replaced by a new one). */
  get alive(): boolean {
    return this.ended === undefined;
  }

  /** Runs one show command (no newline in it) and returns the JSON it printed. */
  ask<T>(command: string): Promise<T[]> {
    return this.send(command).then((line) => JSON.parse(line) as T[]);
  }

  /**
   * Runs one command that prints nothing (`netns add`, `link set lo up`), then `link show dev lo` (every
   * namespace has one), whose answer says it is done: ip runs a batch's lines in order and ends it at the
   * first that fails, failing this with ip's words. `check` reads that answer (where ip now is) before any
   * later line is answered; a problem it names ends the session. Only commands built from fixed words and
   * names the helper made go here, never text from a request.
   */
  async do(command: string, check?: (lo: { flags?: string[] }[]) => string | undefined): Promise<void> {
    if (/[\r\n]/.test(command)) throw new Error('one command per line');
    if (this.ended) throw this.ended;
    this.child.stdin.write(`${command}\n`);
    await this.send('link show dev lo', check && ((line) => check(JSON.parse(line) as { flags?: string[] }[])));
  }

  private send(command: string, check?: Pending['check']): Promise<string> {
    if (/[\r\n]/.test(command)) return Promise.reject(new Error('one command per line'));
    if (this.ended) return Promise.reject(this.ended);
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => this.end(new Error(`ip did not answer "${command}" in ${ASK_LIMIT_MS} ms`)), ASK_LIMIT_MS);
      this.pending.push({ resolve, reject, timer, ...(check ? { check } : {}) });
      this.child.stdin.write(`${command}\n`);
    });
  }

  /** Ends the process: ip exits at the end of its input, and is killed if it does not. */
  close(): void {
    this.end(new Error('the ip session was closed'));
  }

  private read(chunk: string): void {
    this.text += chunk;
    if (this.text.length > ANSWER_LIMIT) return this.end(new Error(`ip printed more than ${ANSWER_LIMIT} bytes for one answer`));
    for (let newline = this.text.indexOf('\n'); newline >= 0; newline = this.text.indexOf('\n')) {
      const line = this.text.slice(0, newline);
      this.text = this.text.slice(newline + 1);
      if (line.trim() === '') continue;
      const next = this.pending.shift();
      if (!next) return this.end(new Error('ip printed an answer nobody asked for'));
      clearTimeout(next.timer);
      let problem: string | undefined;
      try {
        problem = next.check?.(line);
      } catch (e) {
        problem = (e as Error).message;
      }
      if (problem !== undefined) {
        next.reject(new Error(problem));
        return this.end(new Error(problem));
      }
      next.resolve(line);
    }
  }

  private end(error: Error): void {
    if (!this.ended) {
      this.ended = error;
      this.child.stdin.end();
      // Past its input ip exits at once; one that does not is not waited for.
      setTimeout(() => this.child.kill('SIGKILL'), 1000).unref();
    }
    for (const p of this.pending.splice(0)) {
      clearTimeout(p.timer);
      p.reject(this.ended);
    }
  }
}
