// --libcni and --plugins on lint, plan and diff, and diff --plugins-from/--plugins-to: findings, plans and
// reviews follow the runtime profile named on the command line; an unknown release is a usage error that
// lists the real ones.
import { describe, expect, it } from 'vitest';
import { cli, tempFiles } from './testing';

const { write } = tempFiles('cni-studio-profile-');

const V110 = JSON.stringify({ cniVersion: '1.1.0', name: 'n', plugins: [{ type: 'bridge', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] } }, { type: 'portmap', backend: 'nftables', capabilities: { portMappings: true } }] });
const VLAN = JSON.stringify({ cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', vlan: 100, ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] } }, { type: 'firewall', ingressPolicy: 'isolated' }] });

describe('--libcni and --plugins', () => {
  it('lint: the same file is clean on the newest releases and refused on Debian bookworm\'s', async () => {
    const file = write('v110.conflist', V110);
    expect((await cli('lint', file)).code).toBe(0);
    const debian = await cli('lint', '--libcni', '1.1.2', '--plugins', 'v1.1.1', file);
    expect(debian.code).toBe(1);
    expect(debian.out).toContain('error CNI305 bridge 1.1.1 refuses spec 1.1.0: every call fails ("incompatible CNI versions; config is "1.1.0", plugin supports ["0.1.0" "0.2.0" "0.3.0" "0.3.1" "0.4.0" "1.0.0"]")');
    expect(debian.out).toContain('warning CNI212 portmap 1.1.1 ignores "backend" (added in 1.6.0)');
    const json = JSON.parse((await cli('lint', '--format', 'json', '--plugins', '1.1.1', '--libcni', '1.1.2', file)).out) as { findings: { code: string; profile?: string }[] }[];
    expect(json[0]!.findings.find((f) => f.code === 'CNI305')!.profile).toBe('libcni 1.1.2 + plugins 1.1.1');
  });

  it('an unknown release is a usage error listing the real releases; --help documents both flags', async () => {
    const file = write('u.conflist', V110);
    const bad = await cli('lint', '--plugins', '1.0.0', file);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--plugins: "1.0.0" is not a plugins release CNI Studio knows; choose one of 1.1.0, 1.1.1, 1.2.0, 1.3.0, 1.4.0, 1.4.1, 1.5.0, 1.5.1, 1.6.0, 1.6.1, 1.6.2, 1.7.0, 1.7.1, 1.8.0, 1.9.0, 1.9.1');
    expect((await cli('plan', '--libcni', '2.0', file)).err).toContain('1.1.0, 1.1.1, 1.1.2, 1.2.0, 1.2.1, 1.2.2, 1.2.3, 1.3.0');
    for (const command of ['lint', 'plan', 'diff']) {
      const help = (await cli(command, '--help')).out;
      expect(help, command).toContain('--libcni VERSION');
      expect(help, command).toContain('--plugins VERSION');
    }
  });

  it('plan: validation errors of the profile fail the plan', async () => {
    const file = write('p.conflist', V110);
    expect((await cli('plan', file)).code).toBe(0);
    const debian = await cli('plan', '--libcni', '1.1.2', '--plugins', '1.1.1', file);
    expect(debian.code).toBe(1);
    expect(debian.err).toContain('CNI305');
  });

  it('diff: risk notes follow the profile', async () => {
    const before = write('d1.conflist', V110.replace('"1.1.0"', '"1.0.0"'));
    const after = write('d2.conflist', V110);
    const newest = await cli('diff', '--format', 'json', before, after);
    const debian = await cli('diff', '--format', 'json', '--plugins', '1.1.1', before, after);
    const rules = (out: string) => (JSON.parse(out) as { risks: { rule: string }[] }).risks.map((r) => r.rule);
    expect(rules(newest.out)).toContain('cni-version-debian');
    expect(rules(newest.out)).not.toContain('cni-version-unsupported');
    expect(rules(debian.out)).toContain('cni-version-unsupported');
    expect(debian.code).toBe(1);
  });
});

describe('diff --plugins-from --plugins-to', () => {
  it('lists what an upgrade changes for the same file: flipped defaults, keys read, values accepted', async () => {
    const file = write('up.conflist', VLAN);
    const r = await cli('diff', '--plugins-from', '1.1.1', '--plugins-to', '1.9.1', file);
    expect(r.out).toContain(`${file}: libcni 1.3.0 + plugins 1.1.1 → libcni 1.3.0 + plugins 1.9.1`);
    expect(r.out).toContain('! bridge 1.1.1 → 1.9.1: "preserveDefaultVlan", left out, flips from true to false.');
    expect(r.out).toContain('firewall 1.1.1 → 1.9.1 accepts "isolated" for "ingressPolicy".');
    expect(r.code).toBe(1);
    const back = JSON.parse((await cli('diff', '--format', 'json', '--plugins-from', '1.9.1', '--plugins-to', '1.6.0', file)).out) as { changes: { kind: string; breaks: boolean; pointer: string }[] };
    expect(back.changes).toContainEqual({ kind: 'value', pointer: '/plugins/1/ingressPolicy', breaks: true, message: expect.stringContaining('unknown ingress policy: "isolated"') });
  });
  it('version support and libcni: a 1.1.0 list on plugins 1.5.1 → 1.6.0, libcni 1.1.2 → 1.3.0', async () => {
    const file = write('ver.conflist', V110);
    const r = await cli('diff', '--plugins-from', '1.5.1', '--plugins-to', '1.6.0', '--libcni-from', '1.1.2', '--libcni-to', '1.3.0', file);
    expect(r.out).toContain('bridge 1.5.1 → 1.6.0 starts accepting spec 1.1.0.');
    expect(r.out).toContain('portmap 1.5.1 → 1.6.0 starts reading "backend"');
    expect(r.out).toContain('No longer an error with libcni 1.3.0 + plugins 1.6.0: libcni 1.1.2 implements spec 1.0.0 at most');
    expect(r.code).toBe(0);
  });
  it('a warning a release brings is a change too: portmap 1.1.1 fails CHECK with port mappings (CNI309), a downgrade breaks it', async () => {
    const file = write('pm.conflist', JSON.stringify({ cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] } }, { type: 'portmap', capabilities: { portMappings: true } }] }));
    const down = await cli('diff', '--format', 'json', '--plugins-from', '1.9.1', '--plugins-to', '1.1.1', file);
    expect(JSON.parse(down.out).changes).toEqual([{ kind: 'warning-new', pointer: '/plugins/1/capabilities/portMappings', breaks: true, message: expect.stringContaining('New warning with libcni 1.3.0 + plugins 1.1.1: portmap 1.1.1 fails CHECK') }]);
    expect(down.code).toBe(1);
    const up = await cli('diff', '--plugins-from', '1.1.1', '--plugins-to', '1.9.1', file);
    expect(up.out).toContain('No longer a warning with libcni 1.3.0 + plugins 1.9.1: portmap 1.1.1 fails CHECK');
    expect(up.code).toBe(0);
  });
  it('nothing to say, and usage errors', async () => {
    const file = write('same.conflist', V110);
    expect((await cli('diff', '--plugins-from', '1.9.0', '--plugins-to', '1.9.1', file)).out).toContain('Nothing changes for this configuration.');
    expect((await cli('diff', '--plugins-from', '1.9.0', file)).err).toContain('--plugins-from and --plugins-to go together');
    expect((await cli('diff', '--plugins-from', '1.9.0', '--plugins-to', '1.9.1', file, file)).code).toBe(2);
  });
});
