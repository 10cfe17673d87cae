// The namespace made ahead for the next run is used only while it holds what it held when made: an address,
// a route (either family), a rule (either family), a neighbour or a switch of its own changed in it since,
// or its loopback set down, and it is removed and a fresh one made. Real ip, in namespaces the test makes
// (through primeNetns) and always removes. Needs root.
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteNetns, listOurNetns } from './netns';
import { networkReader } from './network-reader';
import { discardSpareNetns, primeNetns, takeSpare } from './spare-netns';

const root = process.getuid?.() === 0;
const CI = process.env.CI === 'true' || process.env.CI === '1';
const ip = (...args: string[]) => execFileSync('ip', args, { encoding: 'utf8' });

/**
 * This process's namespaces that appeared since `before`: only those (named for its pid), never another
 * helper's on the same machine (another test's, an idle helper's spare).
 */
const madeSince = async (before: string[]) => (await listOurNetns()).filter((n) => n.startsWith(`cnistudio-${process.pid}-`) && !before.includes(n));

/** Takes the spare; one taken when it should not have been is removed too (the test fails on it after). */
async function taken(): Promise<string | undefined> {
  const spare = await takeSpare();
  spare?.session.close();
  if (spare) await deleteNetns(spare.name);
  return spare?.name;
}

afterEach(async () => {
  await discardSpareNetns();
});

describe('the spare namespace', () => {
  it(`runs as root${CI ? ' (required in CI)' : ''}`, () => {
    if (CI) expect(root).toBe(true);
  });

  it.skipIf(!root)('is taken while nothing changed in it', async () => {
    const before = await listOurNetns();
    await primeNetns();
    const [spare] = await madeSince(before);
    const got = await takeSpare();
    try {
      expect(got?.name).toBe(spare);
      expect(await got!.session.ask('addr show')).toHaveLength(1);
    } finally {
      got?.session.close();
      if (got) await deleteNetns(got.name);
    }
    expect(await madeSince(before)).toEqual([]);
  });

  const changes: [string, string[]][] = [
    ['an address on lo', ['addr', 'add', '10.99.99.1/32', 'dev', 'lo']],
    ['an IPv6 address on lo', ['addr', 'add', 'fd00:99::1/128', 'dev', 'lo']],
    ['a route', ['route', 'add', '10.98.0.0/16', 'dev', 'lo']],
    ['a route in another table', ['route', 'add', '10.98.0.0/16', 'dev', 'lo', 'table', '100']],
    ['an IPv6 route', ['-6', 'route', 'add', 'fd00:98::/64', 'dev', 'lo']],
    ['a rule', ['rule', 'add', 'from', '10.97.0.0/16', 'table', '100']],
    ['an IPv6 rule', ['-6', 'rule', 'add', 'from', 'fd00:97::/64', 'table', '100']],
    ['a neighbour', ['neigh', 'add', '10.96.0.1', 'lladdr', '02:00:00:00:00:01', 'dev', 'lo', 'nud', 'permanent']],
    ['its loopback set down', ['link', 'set', 'lo', 'down']],
    ['its loopback\'s mtu', ['link', 'set', 'lo', 'mtu', '1500']],
  ];

  it.skipIf(!root).each(changes)('is not used once it has %s: it is removed', async (_what, change) => {
    const before = await listOurNetns();
    await primeNetns();
    const made = await madeSince(before);
    expect(made).toHaveLength(1);
    const spare = made[0]!;
    const [first, ...rest] = change;
    // -6 is one of ip's options, before -n.
    ip(...(first === '-6' ? ['-6', '-n', spare, ...rest] : ['-n', spare, first!, ...rest]));
    expect(await taken()).toBeUndefined();
    expect(await madeSince(before)).toEqual([]);
  });

  it.skipIf(!root)('is not used once its own forwarding was switched on: it is removed', async () => {
    const before = await listOurNetns();
    await primeNetns();
    const [spare] = await madeSince(before);
    const was = ip('netns', 'exec', spare!, 'sysctl', '-n', 'net.ipv6.conf.all.forwarding').trim();
    ip('netns', 'exec', spare!, 'sysctl', '-qw', `net.ipv6.conf.all.forwarding=${was === '1' ? '0' : '1'}`);
    expect(await taken()).toBeUndefined();
    expect(await madeSince(before)).toEqual([]);
  });

  it.skipIf(!root)('changed, gives the next run a fresh namespace without what was added (an address on lo, a route)', async () => {
    const before = await listOurNetns();
    await primeNetns();
    const [spare] = await madeSince(before);
    ip('-n', spare!, 'addr', 'add', '10.99.99.1/32', 'dev', 'lo');
    ip('-n', spare!, 'route', 'add', '10.98.0.0/16', 'dev', 'lo');
    const net = networkReader();
    const { name } = await net.createNetns();
    try {
      expect(name).not.toBe(spare);
      expect(await madeSince(before)).toEqual([name]);
      const observed = await net.observeNetns(name);
      expect(JSON.stringify(observed.addresses)).not.toContain('10.99.99.1');
      expect(observed.routes.map((r) => r.dst)).not.toContain('10.98.0.0/16');
    } finally {
      net.release(name);
      net.close();
      await deleteNetns(name);
    }
    expect(await madeSince(before)).toEqual([]);
  });
});
