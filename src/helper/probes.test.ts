// The lab's probes: ping's output read as iputils prints it (recorded from real runs, testdata/probes/),
// and every probe run for real between two namespaces this test creates and always removes (root; in CI it
// must run). Traffic goes only between those namespaces.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnExecutor } from './executor';
import { findTool, mtuProbe, ping, pingArgv, readPing, startListener, tcpProbe } from './probes';

const recorded = (name: string) => readFileSync(join(import.meta.dirname, 'testdata/probes', `ping-${name}.txt`), 'utf8');
const exitOf = (text: string) => Number(/exit (\d+)/.exec(text)?.[1]);

describe("ping's output", () => {
  it('reads replies, loss and the reason it sent nothing', () => {
    expect(readPing(recorded('ok'), 0)).toMatchObject({ sent: 2, received: 2, ok: true, detail: '2 of 2 replies, 0.138 ms on average' });
    expect(readPing(recorded('ok6'), 0)).toMatchObject({ ok: true });
    expect(readPing(recorded('loss'), exitOf(recorded('loss')))).toMatchObject({ sent: 10, received: 0, ok: false, detail: 'no reply to 10 echo requests' });
    expect(readPing(recorded('unreachable'), 2)).toMatchObject({ ok: false, detail: 'connect: Network is unreachable' });
    expect(readPing(recorded('mtu-too-big'), 1).ok).toBe(false);
    expect(readPing('', null)).toMatchObject({ ok: false, detail: 'ping exited with a signal and printed no summary' });
    // A summary of nothing sent says so, with ping's reason when it printed one (an outside tester read "no reply to 0").
    const none = 'PING 10.0.0.2 (10.0.0.2) 8972(9000) bytes of data.\nping: sendmsg: Message too long\n\n--- 10.0.0.2 ping statistics ---\n0 packets transmitted, 0 received\n';
    expect(readPing(none, 1)).toMatchObject({ sent: 0, ok: false, detail: 'ping sent no echo request: sendmsg: Message too long' });
    expect(readPing('--- x ping statistics ---\n0 packets transmitted, 0 received\n', 1)).toMatchObject({ detail: 'ping sent no echo request' });
  });

  it('is bounded in count and seconds, with the family and the size asked', () => {
    expect(pingArgv({ family: 'ipv6', target: 'fd00::1' })).toEqual(['ping', '-n', '-q', '-6', '-c', '3', '-i', '0.2', '-w', '3', 'fd00::1']);
    expect(pingArgv({ family: 'ipv4', target: '10.0.0.1', count: 1, deadlineSeconds: 2, dontFragmentSize: 1372 })).toEqual(['ping', '-n', '-q', '-4', '-c', '1', '-i', '0.2', '-w', '2', '-M', 'do', '-s', '1372', '10.0.0.1']);
  });
});

const root = typeof process.getuid === 'function' && process.getuid() === 0;
const ready = root && findTool('ping') !== undefined && findTool('ip') !== undefined;
const CI = process.env.CI === 'true' || process.env.CI === '1';

describe('probes for real', () => {
  it(`have root, ip and ping${CI ? ' (required in CI)' : ''}`, () => {
    if (CI) expect(ready).toBe(true);
  });
});

describe.runIf(ready)('probes between two namespaces the test creates', () => {
  // Named as the helper names its own (prefix and creator pid), so the suite's leak check covers them.
  const tag = `${process.pid}-${Date.now().toString(16).slice(-6)}`;
  const a = `cnistudio-${process.pid}-a${tag.slice(-5)}`;
  const b = `cnistudio-${process.pid}-b${tag.slice(-5)}`;
  const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

  beforeAll(() => {
    ip('netns', 'add', a);
    ip('netns', 'add', b);
    for (const ns of [a, b]) ip('-n', ns, 'link', 'set', 'lo', 'up');
    // A veth pair between them, created inside a (nothing appears on the host), MTU 1400.
    ip('-n', a, 'link', 'add', 'pa', 'mtu', '1400', 'type', 'veth', 'peer', 'name', 'pb', 'mtu', '1400', 'netns', b);
    ip('-n', a, 'addr', 'add', '10.77.0.1/24', 'dev', 'pa');
    ip('-n', b, 'addr', 'add', '10.77.0.2/24', 'dev', 'pb');
    ip('-n', a, 'addr', 'add', 'fd77::1/64', 'dev', 'pa', 'nodad');
    ip('-n', b, 'addr', 'add', 'fd77::2/64', 'dev', 'pb', 'nodad');
    ip('-n', a, 'link', 'set', 'pa', 'up');
    ip('-n', b, 'link', 'set', 'pb', 'up');
  });
  afterAll(() => {
    for (const ns of [a, b]) {
      try {
        ip('netns', 'delete', ns);
      } catch {
        // already gone
      }
    }
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toMatch(new RegExp(`${a}|${b}`));
  });

  it('ping passes to the peer in both families and fails, saying why, to an address nobody has', async () => {
    const v4 = await ping(spawnExecutor, a, { family: 'ipv4', target: '10.77.0.2' });
    expect(v4).toMatchObject({ ok: true, detail: expect.stringMatching(/^3 of 3 replies/) });
    expect(v4.evidence[0]!.command).toBe(`ip netns exec ${a} ping -n -q -4 -c 3 -i 0.2 -w 3 10.77.0.2`);
    expect((await ping(spawnExecutor, b, { family: 'ipv6', target: 'fd77::1' })).ok).toBe(true);
    const nobody = await ping(spawnExecutor, a, { family: 'ipv4', target: '10.77.0.9', count: 1, deadlineSeconds: 1 });
    expect(nobody.ok).toBe(false);
    expect(nobody.evidence[0]!.output).toContain('packet loss');
    expect((await ping(spawnExecutor, a, { family: 'ipv4', target: '10.78.0.1', count: 1, deadlineSeconds: 1 })).detail).toBe('connect: Network is unreachable');
  });

  it('the MTU probe passes at the configured MTU and fails when the configuration claims more than the path carries', async () => {
    expect(await mtuProbe(spawnExecutor, a, { family: 'ipv4', target: '10.77.0.2', mtu: 1400 })).toMatchObject({ ok: true, detail: "1400-byte packets pass with don't-fragment set, 1401-byte ones do not" });
    expect((await mtuProbe(spawnExecutor, a, { family: 'ipv6', target: 'fd77::2', mtu: 1400 })).ok).toBe(true);
    const claimsMore = await mtuProbe(spawnExecutor, a, { family: 'ipv4', target: '10.77.0.2', mtu: 1500 });
    expect(claimsMore.ok).toBe(false);
    expect(claimsMore.detail).toMatch(/the path MTU is below the configured 1500/);
    expect(claimsMore.evidence).toHaveLength(2);
  }, 20_000);

  it('finds tools by name, and takes an absolute path as it is', () => {
    expect(findTool('ping')).toMatch(/\/ping$/);
    expect(findTool(process.execPath)).toBe(process.execPath);
    expect(findTool('/nonexistent/tool')).toBeUndefined();
  });

  it('tcp: the listener in b answers a client in a, says who connected, and is gone after stop', async () => {
    const listener = await startListener(b, 8099);
    try {
      const v4 = await tcpProbe(spawnExecutor, a, { host: '10.77.0.2', port: 8099 });
      expect(v4).toMatchObject({ ok: true, detail: 'connected and exchanged data; the listener saw 10.77.0.1' });
      expect((await tcpProbe(spawnExecutor, a, { host: 'fd77::2', port: 8099 })).ok).toBe(true);
      expect(listener.peers()).toEqual(['10.77.0.1', 'fd77::1']);
      // Nothing listens on another port: refused, with the reason.
      const refused = await tcpProbe(spawnExecutor, a, { host: '10.77.0.2', port: 8100 });
      expect(refused.ok).toBe(false);
      expect(refused.detail).toMatch(/ECONNREFUSED/);
    } finally {
      await listener.stop();
    }
    // Its whole process group is gone: nothing of it runs in b any more.
    expect(execFileSync('ip', ['netns', 'pids', b], { encoding: 'utf8' }).trim()).toBe('');
  });
});
