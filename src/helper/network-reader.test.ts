// The network reader's one -d session per namespace answers as plain `ip` does for addresses and routes,
// checked against the real ip in a namespace of the test's own (a veth pair inside it) with routes of every kind the defaults
// touch (proto boot and static, scope link and global, another table, a blackhole, IPv6); the host's
// session removes namespaces and links; a namespace made ahead is used only while still as made. Needs root.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { addressesFromDetailed, type ObservedRoute } from '../core';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { deleteNetns, listOurNetns } from './netns';
import { removeHostLink, removeNetns } from './host-session';
import { networkReader } from './network-reader';
import { discardSpareNetns, primeNetns } from './spare-netns';

const root = process.getuid?.() === 0;
const CI = process.env.CI === 'true' || process.env.CI === '1';
const ip = (...args: string[]) => execFileSync('ip', args, { encoding: 'utf8' });
const plain = <T>(...args: string[]) => JSON.parse(ip('-j', ...args)) as T[];

describe('network reader', () => {
  it(`runs as root${CI ? ' (required in CI)' : ''}`, () => {
    if (CI) expect(root).toBe(true);
  });

  it.skipIf(!root)('reads addresses and routes as plain ip prints them, links as ip -d does', async () => {
    const net = networkReader();
    const { name } = await net.createNetns();
    try {
      const n = (...args: string[]) => ip('-n', name, ...args);
      n('link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'peer0');
      n('link', 'set', 'peer0', 'up');
      n('link', 'set', 'veth0', 'up');
      n('addr', 'add', '10.250.0.2/24', 'dev', 'veth0');
      n('addr', 'add', 'fd00:250::2/64', 'dev', 'veth0', 'nodad');
      n('route', 'add', 'default', 'via', '10.250.0.1');
      n('route', 'add', '10.251.0.0/16', 'dev', 'veth0', 'proto', 'static', 'scope', 'link');
      n('route', 'add', '10.252.0.0/16', 'via', '10.250.0.1', 'table', '100');
      n('route', 'add', 'blackhole', '10.253.0.0/16');
      n('route', 'add', 'default', 'via', 'fd00:250::1');
      const observed = await net.observeNetns(name);
      expect(observed.links).toEqual(plain('-n', name, '-d', 'link', 'show'));
      expect(observed.addresses).toEqual(addressesFromDetailed(plain('-n', name, 'addr', 'show')));
      const routes = plain<ObservedRoute & { table?: string }>('-n', name, 'route', 'show', 'table', 'all').filter((r) => r.table === undefined);
      expect(observed.routes).toEqual(routes);
      expect(routes.map((r) => r.dst)).toEqual(expect.arrayContaining(['default', '10.251.0.0/16', '10.253.0.0/16']));
      const host = await net.observeHost();
      expect(host.routes).toEqual(plain<ObservedRoute & { table?: string }>('route', 'show', 'table', 'all').filter((r) => r.table === undefined));
    } finally {
      net.release(name);
      net.close();
      await deleteNetns(name);
    }
  });

  it.skipIf(!root)('reads policy rules of both families (sbr adds one per address), through the spare’s IPv6 session or one made for an IPv6 address', async () => {
    for (const viaSpare of [false, true]) {
      if (viaSpare) await primeNetns();
      const net = networkReader();
      const { name } = await net.createNetns();
      try {
        const n = (...args: string[]) => ip('-n', name, ...args);
        n('link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'peer0');
        n('link', 'set', 'veth0', 'up');
        n('addr', 'add', '10.250.0.2/24', 'dev', 'veth0');
        n('addr', 'add', 'fd00:250::2/64', 'dev', 'veth0', 'nodad');
        n('rule', 'add', 'from', '10.250.0.2', 'table', '100', 'priority', '32765');
        n('-6', 'rule', 'add', 'from', 'fd00:250::2', 'table', '101', 'priority', '32765');
        n('-6', 'rule', 'add', 'from', 'all', 'iif', 'veth0', 'table', '102', 'priority', '32764');
        const rules = (await net.observeNetns(name)).policy?.rules ?? [];
        expect(rules.map((r) => `${r.family ?? 'inet'} ${r.src} ${r.table}`)).toEqual(['inet 10.250.0.2 100', 'inet6 all 102', 'inet6 fd00:250::2 101']);
      } finally {
        net.release(name);
        net.close();
        await deleteNetns(name);
      }
    }
  });

  it.skipIf(!root)('removes a namespace and host links through the host’s session, a name ip’s batch would misread through a process; one gone already is no error', async () => {
    const net = networkReader();
    const { name } = await net.createNetns();
    const dummy = `cst${randomBytes(3).toString('hex')}`;
    const quoted = `cst"${randomBytes(2).toString('hex')}`;
    try {
      net.release(name);
      await removeNetns(name);
      expect(ip('netns', 'list')).not.toContain(name);
      await removeNetns(name);
      for (const link of [dummy, quoted]) {
        ip('link', 'add', link, 'type', 'bridge');
        await removeHostLink(link);
        expect(plain<{ ifname: string }>('link', 'show').map((l) => l.ifname)).not.toContain(link);
        await removeHostLink(link);
      }
      await expect(removeNetns('someone-elses')).rejects.toThrow(/not created by the helper/);
    } finally {
      net.close();
      await deleteNetns(name);
      for (const link of [dummy, quoted]) {
        try {
          execFileSync('ip', ['link', 'delete', link], { stdio: 'ignore' });
        } catch {
          // removed by the test
        }
      }
    }
  });

  /** Our namespaces that appeared since `before`. */
  const madeSince = async (before: string[]) => (await listOurNetns()).filter((n) => !before.includes(n));

  it.skipIf(!root)('makes the next run’s first namespace while idle, its loopback up; a run takes it, and none is made while a run reads', async () => {
    const before = await listOurNetns();
    await primeNetns();
    const [spare] = await madeSince(before);
    expect(spare).toBeDefined();
    expect(plain<{ ifname: string; flags: string[] }>('-n', spare!, 'link', 'show')).toEqual([expect.objectContaining({ ifname: 'lo', flags: expect.arrayContaining(['UP']) })]);
    const net = networkReader();
    const { name } = await net.createNetns();
    try {
      expect(name).toBe(spare);
      // Its session came with it: the namespace is read through it.
      expect((await net.observeNetns(name)).links.map((l) => l.ifname)).toEqual(['lo']);
      await primeNetns(); // a run is reading: nothing is made
      expect(await madeSince([...before, name])).toEqual([]);
    } finally {
      net.release(name);
      net.close();
      await deleteNetns(name);
    }
    await primeNetns();
    const [next] = await madeSince(before);
    expect(next).toBeDefined();
    await discardSpareNetns();
    expect(await madeSince(before)).toEqual([]);
  });

  it.skipIf(!root)('does not use a spare namespace someone changed (a link added in it) or removed: a fresh one is made, the spare removed', async () => {
    const before = await listOurNetns();
    for (const change of [(n: string) => ip('-n', n, 'link', 'add', 'intruder0', 'type', 'bridge'), (n: string) => ip('netns', 'delete', n)]) {
      await primeNetns();
      const [spare] = await madeSince(before);
      change(spare!);
      const net = networkReader();
      const { name } = await net.createNetns();
      try {
        expect(name).not.toBe(spare);
        expect(await madeSince(before)).toEqual([name]);
        expect((await net.observeNetns(name)).links.map((l) => l.ifname)).toEqual(['lo']);
      } finally {
        net.release(name);
        net.close();
        await deleteNetns(name);
      }
    }
    expect(await madeSince(before)).toEqual([]);
  });

  it.skipIf(!root)('does not use a spare namespace once the host settings new namespaces copy have changed (one made then would copy the new ones)', async () => {
    // log_martians of conf/default: what a new interface logs, nothing else; restored at once.
    const file = '/proc/sys/net/ipv4/conf/default/log_martians';
    const was = readFileSync(file, 'latin1').trim();
    const before = await listOurNetns();
    await primeNetns();
    const [spare] = await madeSince(before);
    const net = networkReader();
    let name = '';
    try {
      writeFileSync(file, was === '0' ? '1' : '0');
      name = (await net.createNetns()).name;
      expect(name).not.toBe(spare);
      expect(ip('-n', name, 'link', 'show')).toContain('lo');
    } finally {
      writeFileSync(file, was);
      net.release(name);
      net.close();
      if (name) await deleteNetns(name);
    }
    expect(await madeSince(before)).toEqual([]);
  });
});
