// The executor against hostile plugins (scripts in testdata/cni-bin): children that keep stdout open,
// leave the process group, scrub their environment, or hang. None needs root.
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDescendants, killAll, MARKER_ENV, newPids, originOf, pidMark } from './descendants';
import { OUTPUT_LIMIT, spawnExecutor, type ExecResult } from './executor';
import { gone, withBusyCopy } from './process-testing';

const BIN = resolve(__dirname, 'testdata/cni-bin');
const env = { CNI_COMMAND: 'ADD', CNI_CONTAINERID: 'executor-test', CNI_NETNS: '/dev/null', CNI_IFNAME: 'eth0', CNI_PATH: BIN };
const run = (type: string, timeoutMs = 10_000) => spawnExecutor.run({ binary: `${BIN}/${type}`, env, stdin: '{"cniVersion":"1.0.0","name":"t","type":"x"}', timeoutMs });

function expectAnswered(r: ExecResult) {
  expect(r.exitCode).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual({ cniVersion: '1.0.0', interfaces: [], ips: [] });
  expect(r.timedOut).toBe(false);
  // The child's 40 s are not waited for: the call ends a short grace after the plugin exits.
  expect(r.durationMs).toBeLessThan(2500);
}

describe('executor: a plugin and its children', () => {
  it('does not wait for a child holding stdout open; reports and kills it', async () => {
    const r = await run('fork-stdout');
    expectAnswered(r);
    expect(r.survivors?.length).toBe(1);
    expect(await gone(r.survivors!)).toBe(true);
  });

  it('finds a child that left the process group (setsid)', async () => {
    const r = await run('setsid-child');
    expectAnswered(r);
    expect(r.survivors?.length).toBe(1);
    expect(await gone(r.survivors!)).toBe(true);
  });

  it('is not stalled by a child that also scrubbed its environment, and reports and kills it', async () => {
    // Its child holds stdout for 3 s; the call ends a grace after the plugin itself exits.
    const r = await run('scrubbed-child');
    expectAnswered(r);
    expect(r.survivors?.length).toBe(1);
    expect(await gone(r.survivors!)).toBe(true);
  });

  it('kills the plugin and its children at the time limit', async () => {
    const r = await run('hang-with-child', 1000);
    expect(r).toMatchObject({ timedOut: true, signal: 'SIGKILL', exitCode: null });
    expect(r.durationMs).toBeLessThan(5000);
    expect(r.survivors?.length).toBeGreaterThan(0);
    expect(await gone(r.survivors!)).toBe(true);
  });

  it('keeps the first OUTPUT_LIMIT bytes of stdout and says how many the plugin wrote', async () => {
    const big = await spawnExecutor.run({ binary: resolve(__dirname, 'testdata/big-output'), env, stdin: '', timeoutMs: 10_000 });
    expect(big.stdout.length).toBe(OUTPUT_LIMIT);
    expect(big.stdoutBytes).toBe(3 * 1024 * 1024);
    expect((await run('garbage')).stdoutBytes).toBeUndefined();
  });

  it('reports nothing for a plugin that leaves nothing behind', async () => {
    const r = await run('garbage');
    expect(r).toMatchObject({ exitCode: 0, timedOut: false, stdout: 'hello from a broken plugin\n' });
    expect(r.survivors).toBeUndefined();
  });

  it('says so when the binary is open for writing (spawn throws ETXTBSY instead of failing later)', async () => {
    await withBusyCopy(`${BIN}/garbage`, async (busy) => {
      const r = await spawnExecutor.run({ binary: busy, env, stdin: '', timeoutMs: 1000 });
      expect(r.spawnError).toMatch(/ETXTBSY/);
    });
  });

  it('says so when the binary cannot start', async () => {
    const r = await spawnExecutor.run({ binary: `${BIN}/does-not-exist`, env, stdin: '', timeoutMs: 1000 });
    expect(r.spawnError).toMatch(/ENOENT/);
  });
});

// Without a cgroup (not root, or none mounted: under `ip netns exec`) the marks alone find what a plugin
// left: started as the executor starts it (its own session, the marker, the helper's pipes), outside any call group.
describe('findDescendants: what a plugin left, without a cgroup', () => {
  async function leftBy(type: string): Promise<number[]> {
    const marker = 'findDescendants-test';
    const before = pidMark();
    const child = spawn(`${BIN}/${type}`, [], { env: { ...env, [MARKER_ENV]: marker }, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const origin = originOf(child.pid!, marker, before);
    child.stdin.end('{}');
    child.stdout.resume();
    await new Promise((done) => child.on('exit', done));
    await new Promise((done) => setTimeout(done, 200)); // as the executor's grace: the child's own steps are done
    const found = findDescendants(origin);
    killAll(found);
    child.stdout.destroy();
    child.stderr.destroy();
    return found;
  }

  it('finds a child that left the session and scrubbed its environment by the pipe it still holds (security: a setsid + env -i child outlived the run unreported)', async () => {
    const found = await leftBy('scrubbed-child');
    expect(found).toHaveLength(1);
    expect(await gone(found)).toBe(true);
  });

  it('finds a child that left the process group only, scrubbed, with no pipe of the helper and its parent gone, by the session', async () => {
    const found = await leftBy('own-job-child');
    expect(found).toHaveLength(1);
    expect(await gone(found)).toBe(true);
  });
});

// The sweep after each plugin reads only the processes whose pid the kernel gave since the plugin started.
describe('newPids: the pids given between two marks', () => {
  const mark = (lastPid: number, forks: number, tasks = 100) => ({ lastPid, forks, tasks });

  it('are those after the first mark’s last pid up to the second’s, round the end of the pid numbers too', () => {
    const given = newPids(mark(1000, 50), mark(1010, 60), 32768)!;
    expect([1000, 1001, 1010, 1011, 999].map(given)).toEqual([false, true, true, false, false]);
    const wrapped = newPids(mark(32760, 50), mark(310, 120), 32768)!;
    expect([32761, 32767, 300, 310, 311, 32760, 5000].map(wrapped)).toEqual([true, true, true, true, false, false, false]);
  });

  it('could be any pid once enough forks and tasks came round past the first mark: every process is read then', () => {
    expect(newPids(mark(1000, 0, 100), mark(1010, 16_300, 100), 32768)).toBeUndefined();
    expect(newPids(mark(1000, 0, 32_450), mark(1010, 10, 32_450), 32768)).toBeUndefined();
    expect(newPids(mark(1000, 100), mark(1010, 50), 32768)).toBeUndefined(); // a counter that went back
    expect(newPids(mark(1000, 0, 100), mark(1010, 16_000, 100), 4_194_304)).toBeDefined();
  });

  it('are read from /proc: a plugin’s pid lies between the marks around its start', () => {
    const before = pidMark()!;
    const child = spawnSync('/bin/true');
    const given = newPids(before, pidMark()!, 4_194_304)!;
    expect(given(child.pid!)).toBe(true);
    expect(given(process.pid)).toBe(false);
  });
});
