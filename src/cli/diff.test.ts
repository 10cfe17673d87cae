import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempFiles } from './testing';

const { dir: tmp, write } = tempFiles('cni-studio-diff-');
const fixtures = resolve(__dirname, '../fixtures/real');
const CONTAINERD = join(fixtures, '10-containerd-net.conflist'); // 0.4.0: bridge, portmap
const CONTAINERD_V1 = join(fixtures, '10-containerd-net-v1.conflist'); // 1.0.0, another IPv6 subnet, portmap mark chain
const PODMAN = join(fixtures, '87-podman-bridge.conflist');

/** The containerd fixture with an edit applied. */
function containerdWith(name: string, edit: (doc: { plugins: Record<string, unknown>[] } & Record<string, unknown>) => void): string {
  const doc = JSON.parse(readFileSync(CONTAINERD, 'utf8'));
  edit(doc);
  return write(name, JSON.stringify(doc, null, 2));
}

interface JsonOut {
  diff: { listChanges: unknown[]; plugins: { type: string; status: string; beforeIndex?: number; afterIndex?: number; changes: { pointer: string }[] }[]; orderChanged: boolean };
  risks: { severity: string; message: string; pointer?: string; rule: string }[];
}

describe('cni-studio diff', () => {
  it('prints the changes and the risk notes as text; a high risk exits 1', async () => {
    const r = await cli('diff', CONTAINERD, CONTAINERD_V1);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${CONTAINERD} → ${CONTAINERD_V1}`);
    expect(r.out).toContain('List:\n  ~ /cniVersion: "0.4.0" → "1.0.0"');
    expect(r.out).toContain('    bridge at 1\n      ~ /plugins/0/ipam/ranges/1/0/subnet: "2001:4860:4860::/64" → "2001:db8:4860::/64"');
    expect(r.out).toContain('    portmap at 2\n      + /plugins/1/externalSetMarkChain: "KUBE-MARK-MASQ"');
    expect(r.out).toContain('Risk notes:\n  high: The addresses bridge (1) hands out change');
    expect(r.out).toMatch(/1 risk note\(s\): 1 high, 0 medium, 0 low$/);
    expect(r.err).toBe('');
  });

  it('exits 0 with no changes', async () => {
    const r = await cli('diff', CONTAINERD, CONTAINERD);
    expect(r.code).toBe(0);
    expect(r.out).toContain('No semantic changes');
    expect(r.out).toContain('Risk notes: none.');
  });

  it('exits 0 when the risks are medium or low', async () => {
    const mtu = containerdWith('mtu.conflist', (d) => {
      d.plugins[0]!.mtu = 1450;
      d.plugins.push({ type: 'tuning' });
    });
    const r = await cli('diff', CONTAINERD, mtu);
    expect(r.code).toBe(0);
    expect(r.out).toContain('  + /plugins/0/mtu: 1450');
    expect(r.out).toContain('  + tuning added at 3');
    expect(r.out).toContain('medium: bridge (1) changes the MTU from (not set) to 1450');
    expect(r.out).toContain('low: tuning (3) is added');
  });

  it('shows moves and removals', async () => {
    const moved = write('moved.conflist', JSON.stringify({ cniVersion: '0.4.0', name: 'podman', plugins: [{ type: 'bridge', bridge: 'cni-podman0', isGateway: true, ipMasq: true, ipam: { type: 'host-local', routes: [{ dst: '0.0.0.0/0' }], ranges: [[{ subnet: '10.88.0.0/16', gateway: '10.88.0.1' }]] } }, { type: 'tuning' }, { type: 'firewall', backend: 'iptables' }] }));
    const r = await cli('diff', PODMAN, moved);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Plugins (order changed):');
    expect(r.out).toContain('  - portmap removed (was 2)');
    expect(r.out).toContain('  ↕ tuning moved 4 → 2');
    expect(r.out).toContain('high: portmap (2) is removed: host ports stop working');
    expect(r.out).toContain('medium: The order of the chain changes');
  });

  it('prints {diff, risks} as JSON', async () => {
    const r = await cli('diff', '--format', 'json', CONTAINERD, CONTAINERD_V1);
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.out) as JsonOut;
    expect(Object.keys(parsed)).toEqual(['diff', 'risks']);
    expect(Object.keys(parsed.diff)).toEqual(['listChanges', 'plugins', 'orderChanged']);
    expect(parsed.diff.listChanges).toEqual([{ pointer: '/cniVersion', kind: 'changed', before: '0.4.0', after: '1.0.0' }]);
    expect(parsed.diff.plugins.map((p) => [p.type, p.status, p.beforeIndex, p.afterIndex])).toEqual([
      ['bridge', 'kept', 0, 0],
      ['portmap', 'kept', 1, 1],
    ]);
    expect(parsed.risks).toEqual([expect.objectContaining({ rule: 'addresses-changed', severity: 'high', pointer: '/plugins/0/ipam' })]);
  });

  it('prints the review report as Markdown, with the new file\'s findings', async () => {
    const bad = containerdWith('bad.conflist', (d) => {
      d.plugins[0]!.mtu = '1500';
    });
    const r = await cli('diff', '--format=markdown', CONTAINERD, bad);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^# Review: network "containerd-net"\n\nCompares base `[^`]+10-containerd-net\.conflist` with proposed `[^`]+bad\.conflist`\./);
    for (const h of ['## What the configuration does', '## Findings', '## Changes', '## Risk notes']) expect(r.out).toContain(`\n${h}\n`);
    expect(r.out).toMatch(/\| error \| CNI202 \| bridge \(1\) \| /);
    expect(r.out).toContain('- `/plugins/0/mtu` added: `"1500"`');
  });

  it('reads .conf files and NAD YAML like lint does', async () => {
    const conf = await cli('diff', join(fixtures, 'bridge.conf'), join(fixtures, '11-crio-ipv4-bridge.conflist'));
    expect(conf.code).toBe(1);
    expect(conf.out).toContain('~ /name: "mynet" → "crio"');
    expect(conf.out).toContain('high: The network is renamed from mynet to crio');
    expect(conf.out).toContain('high: bridge (1) uses bridge cni0 instead of mynet0');
    const nad = await cli('diff', join(fixtures, 'nad-bridge-tuning-portmap.yaml'), CONTAINERD);
    expect(nad.code).toBe(1);
    expect(nad.out).toContain('- tuning removed (was 2)');
    const multi = await cli('diff', join(fixtures, 'nad-multi-doc.yaml'), join(fixtures, 'nad-multi-doc.yaml'));
    expect(multi.code).toBe(0);
    expect(multi.err).toContain('holds');
  });

  it('prints its usage with --help', async () => {
    const r = await cli('diff', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('usage: cni-studio diff <old> <new>');
    expect((await cli('--help')).out).toContain('diff    compare two configurations');
  });

  it('exits 2 on bad usage and unreadable input', async () => {
    const none = await cli('diff');
    expect(none.code).toBe(2);
    expect(none.err).toContain('name the old and the new configuration file');
    expect(none.err).toContain('usage: cni-studio diff');
    expect((await cli('diff', CONTAINERD)).code).toBe(2);
    expect((await cli('diff', CONTAINERD, CONTAINERD, PODMAN)).err).toContain('diff takes two files, not 3');
    const format = await cli('diff', '--format', 'html', CONTAINERD, PODMAN);
    expect(format.code).toBe(2);
    expect(format.err).toContain('--format must be text, markdown or json');
    expect((await cli('diff', '--frobnicate', CONTAINERD, PODMAN)).err).toContain('unknown option --frobnicate');
    const missing = await cli('diff', CONTAINERD, join(tmp, 'nope.conflist'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('ENOENT');
    const dir = await cli('diff', tmp, CONTAINERD);
    expect(dir.code).toBe(2);
    expect(dir.err).toContain('is a directory');
    const notConfig = write('string.conflist', '"just a string"');
    const bad = await cli('diff', CONTAINERD, notConfig);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('no CNI network configuration could be read');
    expect((await cli('diff', write('bin.conflist', 'ab\u0000cd'), CONTAINERD)).err).toContain('binary data');
  });
});
