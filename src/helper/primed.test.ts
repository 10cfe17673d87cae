// Tools primed behind an xargs gate: they start only when asked (what they print is that moment's), their
// output and failures are those of a tool started then, their limits hold for the tool with its gate, and
// a gate that is gone or was never primed leaves the read to a process started then. Harmless tools stand
// in for iptables-save (any machine with GNU xargs).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeGates, GATES_PER_TOOL, primeTools, runReadTool } from './primed';

const limits = { timeout: 5_000, maxBuffer: 1024 * 1024 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The helper's children that are xargs gates (their command line names the tool). */
const gatesFor = (tool: string) =>
  readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0');
        return ppid === process.pid && argv[0]?.endsWith('xargs') && argv.includes(tool);
      } catch {
        return false;
      }
    });

afterEach(() => closeGates());

describe('a primed read-only tool', () => {
  it('starts only when asked: its output is of that moment, not of when it was primed', async () => {
    primeTools([['date', ['+%s%N']]]);
    expect(gatesFor('date')).toHaveLength(GATES_PER_TOOL);
    await sleep(300);
    const asked = BigInt(Date.now()) * 1_000_000n;
    const { stdout } = await runReadTool('date', ['+%s%N'], limits);
    // date ran after the ask, not when its gate was made 300 ms before (a millisecond of slack for clocks).
    expect(BigInt(stdout.trim())).toBeGreaterThanOrEqual(asked - 1_000_000n);
    expect(gatesFor('date')).toHaveLength(GATES_PER_TOOL - 1);
  });

  it('answers as the tool started then would: its output, and its failure with its words', async () => {
    primeTools([['echo', ['one', 'two']], ['ls', ['/nonexistent-cni-studio']]]);
    expect((await runReadTool('echo', ['one', 'two'], limits)).stdout).toBe('one two\n');
    await expect(runReadTool('ls', ['/nonexistent-cni-studio'], limits)).rejects.toThrow(/ls failed \(xargs exit 123\): .*nonexistent-cni-studio/);
  });

  it('kills the tool with its gate past the time limit, and when it prints more than allowed', async () => {
    primeTools([['sleep', ['30']], ['yes', []]]);
    const t0 = Date.now();
    await expect(runReadTool('sleep', ['30'], { ...limits, timeout: 300 })).rejects.toThrow(/did not finish in 300 ms/);
    expect(Date.now() - t0).toBeLessThan(5_000);
    await sleep(100);
    // Neither the gate asked nor the sleep it started is left; the others still wait, their tools not started.
    expect(gatesFor('sleep')).toHaveLength(GATES_PER_TOOL - 1);
    expect(execFileSync('ps', ['-eo', 'args=']).toString().split('\n').filter((l) => l.trim() === 'sleep 30')).toEqual([]);
    await expect(runReadTool('yes', [], { ...limits, maxBuffer: 64 * 1024 })).rejects.toThrow(/printed more than 65536 bytes/);
  });

  it('closing the gates runs none of the tools waiting behind them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cni-studio-gate-'));
    try {
      primeTools([['touch', [join(dir, 'ran')]]]);
      const waiting = gatesFor('touch');
      expect(waiting).toHaveLength(GATES_PER_TOOL);
      // Once closed, none of them is left, not even as a process being killed or not yet reaped.
      await closeGates();
      for (const pid of waiting) expect(existsSync(`/proc/${pid}`)).toBe(false);
      expect(existsSync(join(dir, 'ran'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('closing waits for a read in use to end (within its limit), so nothing of the gates outlives the close', async () => {
    primeTools([['sleep', ['0.4']]]);
    const inUse = runReadTool('sleep', ['0.4'], limits);
    const t0 = Date.now();
    await closeGates();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(gatesFor('sleep')).toEqual([]);
    await expect(inUse).resolves.toEqual({ stdout: '' });
  });

  it('a gate killed from outside, or none primed, leaves the read to the tool started then', async () => {
    expect((await runReadTool('echo', ['unprimed'], limits)).stdout).toBe('unprimed\n');
    primeTools([['echo', ['primed']]]);
    for (const pid of gatesFor('echo')) process.kill(Number(pid), 'SIGKILL');
    await sleep(100);
    expect((await runReadTool('echo', ['primed'], limits)).stdout).toBe('primed\n');
  });

  it('keeps no more gates than GATES_PER_TOOL however often it is primed', () => {
    for (let i = 0; i < 3; i++) primeTools([['true', []]]);
    expect(gatesFor('true')).toHaveLength(GATES_PER_TOOL);
  });
});
