import { describe, expect, it } from 'vitest';
import { analyzeConfDir } from './confdir';
import { createValidator } from './validate/create';
import { loadSchemas } from '../node/schemas';
import { pluginList } from './model/chain';
import { parseSource } from './model/source';

const validator = createValidator(loadSchemas());
const conflist = (name: string) => JSON.stringify({ cniVersion: '1.0.0', name, plugins: [{ type: 'loopback' }] });
const conf = (name: string) => JSON.stringify({ cniVersion: '1.0.0', name, type: 'loopback' });

describe('analyzeConfDir (libcni LoadNetworkConf order)', () => {
  it('tries every .conflist before any .conf, in byte order; the first name match wins', () => {
    const r = analyzeConfDir(
      [
        { name: '05-a.conf', text: conf('net') },
        { name: '20-b.conflist', text: conflist('net') },
        { name: '10-c.conflist', text: conflist('other') },
        { name: 'README.md', text: '# notes' },
      ],
      validator,
    );
    expect(r.configFiles).toEqual(['10-c.conflist', '20-b.conflist', '05-a.conf']);
    expect(r.networks.map((n) => [n.network, n.file, n.shadowed])).toEqual([
      ['other', '10-c.conflist', []],
      ['net', '20-b.conflist', ['05-a.conf']],
    ]);
    // containerd/CRI-O: the first file of all, sorted together, is the default network.
    expect(r.defaultNetwork).toEqual({ network: 'net', file: '05-a.conf' });
    const codes = r.findings.map((f) => `${f.code} ${f.file}`);
    expect(codes).toContain('CNI701 05-a.conf');
    expect(codes).toContain('CNI704 README.md');
    // One note per network libcni finds, and one for containerd's default, which a lookup of "net" does not find.
    expect(codes.filter((c) => c.startsWith('CNI700'))).toEqual(['CNI700 10-c.conflist', 'CNI700 20-b.conflist', 'CNI700 05-a.conf']);
  });

  it('says libcni finds no network when no file is one it reads, and not for a folder of NAD manifests', () => {
    const codes = (files: { name: string; text: string }[]) => analyzeConfDir(files, validator).findings.map((f) => `${f.code} ${f.file}`);
    expect(codes([])).toEqual(['CNI703 ']);
    expect(codes([{ name: '10-net.CONFLIST', text: conflist('net') }, { name: 'README.md', text: '' }])).toEqual(['CNI704 10-net.CONFLIST', 'CNI704 README.md', 'CNI703 ']);
    // A file in a folder no list reads is said too (an outside tester: 5 files counted, 4 listed).
    const r = analyzeConfDir([{ name: '10-a.conflist', text: conflist('a') }, { name: 'mynet/extra.conf', text: '{"type": "tuning"}' }], validator, { libcni: '1.3.0', plugins: '1.9.1' });
    expect(r.findings.filter((f) => f.code === 'CNI704').map((f) => `${f.file}: ${f.message}`)).toEqual([expect.stringContaining('mynet/extra.conf: mynet/extra.conf is in a folder libcni never reads: it reads a folder\'s .conf plugin files only for a list whose network is named after the folder, and no list here is named "mynet"')]);
    expect(analyzeConfDir([{ name: '10-a.conflist', text: conflist('a') }, { name: 'a/extra.conf', text: '{"type": "tuning"}' }], validator, { libcni: '1.3.0', plugins: '1.9.1' }).findings.filter((f) => f.code === 'CNI704')).toEqual([]);
    expect(codes([{ name: '10-net.conf', text: conf('net') }])).not.toContain('CNI703 ');
    expect(codes([{ name: 'nad.yaml', text: '' }])).toEqual([]);
  });

  it("still names containerd's and CRI-O's default network when a lookup by name never reaches it", () => {
    const r = analyzeConfDir([{ name: '05-j.json', text: conf('other') }, { name: '20-b.conflist', text: conflist('net') }, { name: '50-broken.conflist', text: '{"name": nul' }], validator);
    expect(r.defaultNetwork).toEqual({ network: 'other', file: '05-j.json' });
    const notes = r.findings.filter((f) => f.file === '05-j.json').map((f) => f.code);
    expect(notes).toEqual(['CNI702', 'CNI700']);
    expect(r.findings.find((f) => f.file === '05-j.json' && f.code === 'CNI700')!.message).toContain('the default network for containerd and CRI-O');
  });

  it('warns on a file whose bytes were not UTF-8 (read as Go reads them), top-level or in a network folder', () => {
    const text = conflist('caf\uFFFD');
    const at = text.indexOf('\uFFFD');
    const plugin = JSON.stringify({ type: 'tuning', mtu: 1400, x: '\uFFFD' });
    const r = analyzeConfDir(
      [
        { name: '10-a.conflist', text, replaced: [at] },
        { name: 'caf\uFFFD/20-t.conf', text: plugin, replaced: [plugin.indexOf('\uFFFD')] },
      ],
      validator,
    );
    expect(r.perFile.get('10-a.conflist')![0]).toMatchObject({ code: 'CNI010', severity: 'warning', line: 1, column: at + 1 });
    expect(r.perFile.get('caf\uFFFD/20-t.conf')![0]).toMatchObject({ code: 'CNI010' });
    expect(r.networks.map((n) => n.network)).toEqual(['caf\uFFFD']);
  });
  it("runs nothing of a network no lookup reaches: no 'it runs' note, no assembled list, its folder's files never run", () => {
    const r = analyzeConfDir(
      [
        { name: '05-broken.conflist', text: '{"cniVersion": "1.0.0", "name": "broken", "plugins": [' },
        { name: '10-alpha.conflist', text: conflist('alpha') },
        { name: 'alpha/01-tuning.conf', text: '{"type": "tuning"}' },
        { name: '30-gamma.json', text: conf('gamma') },
        { name: 'gamma/01-tuning.conf', text: '{"type": "tuning"}' },
      ],
      validator,
    );
    expect(r.findings.filter((f) => f.code === 'CNI705')).toEqual([]);
    expect(r.effective.has('10-alpha.conflist')).toBe(false);
    expect(r.findings.filter((f) => f.code === 'CNI706').map((f) => [f.file, f.message])).toEqual([
      ['alpha/01-tuning.conf', 'alpha/01-tuning.conf is never run: network "alpha" is never found (the lookup aborts at 05-broken.conflist first).'],
      ['gamma/01-tuning.conf', 'gamma/01-tuning.conf is never run: network "gamma" is never found (the lookup aborts at 05-broken.conflist first).'],
    ]);
  });

  it('reports a broken file that aborts every lookup after it', () => {
    const r = analyzeConfDir(
      [
        { name: '01-ok.conflist', text: conflist('first') },
        { name: '05-broken.conflist', text: '{"name": "x", "plugins": [' },
        { name: '10-net.conflist', text: conflist('net') },
      ],
      validator,
    );
    expect(r.networks.map((n) => n.network)).toEqual(['first']);
    const broken = r.findings.filter((f) => f.code === 'CNI702');
    expect(broken.map((f) => f.file)).toEqual(['05-broken.conflist', '10-net.conflist']);
    expect(broken[0]!.message).toContain('10-net.conflist');
    expect(r.perFile.get('05-broken.conflist')!.some((f) => f.code === 'CNI001')).toBe(true);
  });

  it('stops at a file it cannot read as at one that does not parse, and it is no default network', () => {
    // A dangling link first in order: libcni lists it (it is not a directory) and fails reading it.
    const r = analyzeConfDir([{ name: '05-cilium.conflist', text: '', unreadable: 'cannot read (ENOENT)' }, { name: '10-flannel.conflist', text: conflist('cbr0') }], validator);
    expect(r.configFiles).toEqual(['05-cilium.conflist', '10-flannel.conflist']);
    expect(r.networks).toEqual([]);
    expect(r.defaultNetwork).toBeUndefined();
    expect(r.findings.filter((f) => f.code === 'CNI702').map((f) => [f.file, f.message])).toEqual([
      ['05-cilium.conflist', expect.stringContaining('05-cilium.conflist does not load (cannot read (ENOENT)), and libcni stops at the first file it cannot load')],
      ['10-flannel.conflist', 'Network "cbr0" is never found: the lookup aborts at 05-cilium.conflist first.'],
    ]);
    expect(r.perFile.get('05-cilium.conflist')).toEqual([]);
  });

  it('does not say libcni fails on a file only CNI Studio left unread (its size): unchecked, and lookups go on past it', () => {
    const huge = { name: '05-huge.conflist', text: '', unreadable: 'it is 6.0 MB, more than CNI Studio reads as a config (5 MB)', unchecked: true as const };
    const r = analyzeConfDir([huge, { name: '10-flannel.conflist', text: conflist('cbr0') }], validator);
    expect(r.findings.filter((f) => f.code === 'CNI702')).toEqual([]);
    expect(r.networks.map((n) => n.network)).toEqual(['cbr0']);
    // The network found after it may be defined there first: said so.
    expect(r.findings.find((f) => f.code === 'CNI700' && f.file === '10-flannel.conflist')!.message).toBe('Network "cbr0" comes from 10-flannel.conflist, unless 05-huge.conflist, before it in libcni\'s order and not checked, defines it.');
    expect(r.perFile.get('05-huge.conflist')!.map((f) => [f.code, f.severity, f.message])).toEqual([
      ['CNI707', 'warning', expect.stringContaining('05-huge.conflist was not checked: it is 6.0 MB, more than CNI Studio reads as a config (5 MB). libcni reads it: if it does not load')],
    ]);
  });

  it('does not report anything for a healthy directory but the network notes', () => {
    const r = analyzeConfDir([{ name: '10-net.conflist', text: conflist('net') }], validator);
    expect(r.findings.map((f) => f.code)).toEqual(['CNI700']);
  });
});

describe('a network folder per libcni release (NetworkConfFromFile: <dir>/<network>/*.conf)', () => {
  const bridge = { type: 'bridge', bridge: 'cni0', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/16' }]] } };
  const list = (extra: Record<string, unknown> = {}, plugins: unknown[] | null = [bridge]) => JSON.stringify({ cniVersion: '1.0.0', name: 'net', ...extra, ...(plugins ? { plugins } : {}) });
  const folder = [
    { name: 'net/20-portmap.conf', text: '{"type": "portmap", "capabilities": {"portMappings": true}}' },
    { name: 'net/10-tuning.conf', text: '{"type": "tuning", "mtu": 1400}' },
  ];
  const types = (r: ReturnType<typeof analyzeConfDir>, file: string) => pluginList(r.effective.get(file)!.conflist).map((p) => (p as { type: string }).type);
  const codes = (r: ReturnType<typeof analyzeConfDir>, file: string) => [...(r.perFile.get(file) ?? []), ...r.findings.filter((f) => f.file === file)].map((f) => f.code).sort();

  it('appends the folder\'s plugin files from libcni 1.3.0, sorted by name, and ignores them (with a warning each) before', () => {
    const files = [{ name: '10-net.conflist', text: list() }, ...folder];
    const now = analyzeConfDir(files, validator, { libcni: '1.3.0', plugins: '1.9.1' });
    expect(now.libcni).toBe('1.3.0');
    expect(types(now, '10-net.conflist')).toEqual(['bridge', 'tuning', 'portmap']);
    expect(now.effective.get('10-net.conflist')).toMatchObject({ network: 'net', appended: ['net/10-tuning.conf', 'net/20-portmap.conf'], sources: ['10-net.conflist', 'net/10-tuning.conf', 'net/20-portmap.conf'] });
    expect(now.pluginFiles).toEqual([
      { file: 'net/10-tuning.conf', list: '10-net.conflist' },
      { file: 'net/20-portmap.conf', list: '10-net.conflist' },
    ]);
    const note = now.findings.find((f) => f.code === 'CNI705')!;
    expect(note).toMatchObject({ file: '10-net.conflist', severity: 'info' });
    expect(note.message).toBe('libcni 1.3.0 appends the 2 plugin files in net/ to network "net": it runs bridge (10-net.conflist), tuning (net/10-tuning.conf), portmap (net/20-portmap.conf).');
    expect(now.findings.filter((f) => f.code === 'CNI706')).toEqual([]);
    expect(now.perFile.get('net/10-tuning.conf')).toEqual([]);

    const before = analyzeConfDir(files, validator, { libcni: '1.2.3', plugins: '1.6.2' });
    expect(types(before, '10-net.conflist')).toEqual(['bridge']);
    expect(before.effective.get('10-net.conflist')!.appended).toEqual([]);
    expect(before.findings.filter((f) => f.code === 'CNI705')).toEqual([]);
    const ignored = before.findings.filter((f) => f.code === 'CNI706');
    expect(ignored.map((f) => [f.file, f.severity])).toEqual([
      ['net/10-tuning.conf', 'warning'],
      ['net/20-portmap.conf', 'warning'],
    ]);
    expect(ignored[0]!.message).toBe('net/10-tuning.conf is never run: libcni 1.2.3 does not read a network\'s folder (from 1.3.0 it appends its *.conf files to the list in 10-net.conflist).');
    // The default profile is libcni 1.3.0.
    expect(types(analyzeConfDir(files, validator), '10-net.conflist')).toEqual(['bridge', 'tuning', 'portmap']);
  });

  it('names the profile in the findings that depend on its libcni, and checks each file under it', () => {
    const files = [{ name: '10-net.conflist', text: list() }, ...folder, { name: '20-empty.conflist', text: JSON.stringify({ cniVersion: '1.0.0', name: 'empty' }) }];
    const now = analyzeConfDir(files, validator, { libcni: '1.3.0', plugins: '1.9.1' });
    expect(now.findings.filter((f) => f.code !== 'CNI700').map((f) => [f.code, f.profile])).toEqual([
      ['CNI705', 'libcni 1.3.0 + plugins 1.9.1'],
      ['CNI702', 'libcni 1.3.0 + plugins 1.9.1'],
    ]);
    const before = analyzeConfDir(files, validator, { libcni: '1.1.2', plugins: '1.1.1' });
    expect(before.findings.filter((f) => f.code === 'CNI706').map((f) => f.profile)).toEqual(['libcni 1.1.2 + plugins 1.1.1', 'libcni 1.1.2 + plugins 1.1.1']);
    // The same text checked alone under that profile gives the same findings.
    expect(before.perFile.get('10-net.conflist')).toEqual(validator.validateSource(parseSource(list(), { fileName: '10-net.conflist' }), { profile: { libcni: '1.1.2', plugins: '1.1.1' } }));
  });

  it('reads only the plugins written in the list with loadOnlyInlinedPlugins (a boolean, or a string in any case)', () => {
    for (const flag of [true, 'TRUE']) {
      const r = analyzeConfDir([{ name: '10-net.conflist', text: list({ loadOnlyInlinedPlugins: flag }) }, ...folder], validator);
      expect(types(r, '10-net.conflist')).toEqual(['bridge']);
      const ignored = r.findings.filter((f) => f.code === 'CNI706');
      expect(ignored).toHaveLength(2);
      expect(ignored[0]!.message).toContain('10-net.conflist sets loadOnlyInlinedPlugins, so libcni 1.3.0 runs only the plugins written in it');
    }
    // false reads the folder as usual.
    expect(types(analyzeConfDir([{ name: '10-net.conflist', text: list({ loadOnlyInlinedPlugins: false }) }, ...folder], validator), '10-net.conflist')).toEqual(['bridge', 'tuning', 'portmap']);
  });

  it('loads a list without "plugins" from 1.3.0 when its folder has some, and refuses it before', () => {
    const files = [{ name: '10-net.conflist', text: list({}, null) }, { name: 'net/05-bridge.conf', text: JSON.stringify(bridge) }, ...folder];
    const now = analyzeConfDir(files, validator);
    expect(types(now, '10-net.conflist')).toEqual(['bridge', 'tuning', 'portmap']);
    expect(now.networks.map((n) => n.network)).toEqual(['net']);
    expect(codes(now, '10-net.conflist')).toEqual(['CNI700', 'CNI705']);
    expect(now.findings.find((f) => f.code === 'CNI705')!.pointer).toBe('');
    const before = analyzeConfDir(files, validator, { libcni: '1.2.3', plugins: '1.6.2' });
    expect(before.networks).toEqual([]);
    const broken = before.findings.find((f) => f.code === 'CNI702')!;
    expect(broken.file).toBe('10-net.conflist');
    expect(broken.message).toContain(`(libcni 1.2.3: "error parsing configuration list: no 'plugins' key")`);
  });

  it('refuses a list that ends up without plugins ("no plugin configs found"), which blocks the lookups after it', () => {
    const r = analyzeConfDir(
      [
        { name: '10-empty.conflist', text: JSON.stringify({ cniVersion: '1.0.0', name: 'empty' }) },
        { name: 'empty/notes.json', text: '{"type": "bridge"}' },
        { name: '20-net.conflist', text: list() },
      ],
      validator,
    );
    expect(r.networks).toEqual([]);
    expect(r.effective.has('10-empty.conflist')).toBe(false);
    const broken = r.findings.filter((f) => f.code === 'CNI702');
    expect(broken.map((f) => f.file)).toEqual(['10-empty.conflist', '20-net.conflist']);
    expect(broken[0]!.message).toContain('(libcni 1.3.0: "no plugin configs found")');
    expect(r.defaultNetwork).toBeUndefined();
  });

  it('sorts the folder by name as os.ReadDir does, reads only *.conf directly in it, and only for .conflist files', () => {
    const plugin = (type: string) => JSON.stringify({ type });
    const r = analyzeConfDir(
      [
        { name: '10-net.conflist', text: list() },
        { name: 'net/b.conf', text: plugin('sbr') },
        { name: 'net/9.conf', text: plugin('tuning') },
        { name: 'net/10.conf', text: plugin('portmap') },
        { name: 'net/a.conf', text: plugin('bandwidth') },
        { name: 'net/A.conf', text: plugin('firewall') },
        { name: 'net/x.json', text: plugin('vrf') },
        { name: 'net/y.conflist', text: plugin('vrf') },
        { name: 'net/sub/z.conf', text: plugin('vrf') },
        { name: 'other/c.conf', text: plugin('vrf') },
        { name: '20-single.conf', text: JSON.stringify({ cniVersion: '1.0.0', name: 'single', type: 'loopback' }) },
        { name: 'single/d.conf', text: plugin('vrf') },
      ],
      validator,
    );
    expect(types(r, '10-net.conflist')).toEqual(['bridge', 'portmap', 'tuning', 'firewall', 'bandwidth', 'sbr']);
    expect(types(r, '20-single.conf')).toEqual(['loopback']);
    const single = r.findings.find((f) => f.file === 'single/d.conf')!;
    expect(single).toMatchObject({ code: 'CNI706', severity: 'warning' });
    expect(single.message).toContain('libcni reads a network\'s folder only for a .conflist, and "single" comes from the single-plugin file 20-single.conf');
    expect(r.pluginFiles.map((p) => p.file)).toEqual(['net/10.conf', 'net/9.conf', 'net/A.conf', 'net/a.conf', 'net/b.conf', 'single/d.conf']);
  });

  it('decides a plugin file\'s fate by the file that wins its network', () => {
    const single = { name: '20-net.conf', text: JSON.stringify({ cniVersion: '1.0.0', name: 'net', type: 'loopback' }) };
    // The .conflist wins and reads the folder: the shadowed .conf does not make its files "never run".
    const read = analyzeConfDir([{ name: '10-net.conflist', text: list() }, single, ...folder], validator);
    expect(read.findings.filter((f) => f.code === 'CNI706')).toEqual([]);
    expect(read.pluginFiles.map((p) => p.list)).toEqual(['10-net.conflist', '10-net.conflist']);
    // The winner reads only its own plugins; a later list of the same name that would read the folder is never used.
    const unread = analyzeConfDir([{ name: '10-net.conflist', text: list({ loadOnlyInlinedPlugins: true }) }, { name: '30-net.conflist', text: list() }, ...folder], validator);
    expect(unread.findings.filter((f) => f.code === 'CNI706').map((f) => f.file)).toEqual(['net/10-tuning.conf', 'net/20-portmap.conf']);
    expect(unread.pluginFiles.map((p) => p.list)).toEqual(['10-net.conflist', '10-net.conflist']);
    expect(types(unread, '30-net.conflist')).toEqual(['bridge', 'tuning', 'portmap']);
  });

  it('checks the list with its plugin files as one chain, each finding at its place in its own file', () => {
    const r = analyzeConfDir(
      [
        { name: '10-net.conflist', text: list() },
        { name: 'net/10-ptp.conf', text: '{\n  "type": "ptp",\n  "ipam": {"type": "host-local", "subnet": "10.9.0.0/16"}\n}' },
        { name: 'net/20-tuning.conf', text: '{\n  "type": "tuning",\n  "promisc": true,\n  "promisc": false,\n  "mtu": "9000"\n}' },
      ],
      validator,
    );
    const ptp = r.perFile.get('net/10-ptp.conf')!;
    const second = ptp.find((f) => f.code === 'CNI302')!;
    expect(second).toMatchObject({ severity: 'error', line: 2, column: 11, pointer: '/type' });
    expect(second.pluginIndex).toBeUndefined();
    expect(second.fix).toBeUndefined();
    const tuning = r.perFile.get('net/20-tuning.conf')!;
    expect(tuning.find((f) => f.code === 'CNI005')).toMatchObject({ line: 3, column: 3, pointer: '/promisc' });
    expect(tuning.find((f) => f.code === 'CNI202')).toMatchObject({ line: 5, column: 10, pointer: '/mtu' });
    // The list's own file keeps only what is about its text.
    expect(r.perFile.get('10-net.conflist')!.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('places the list\'s own findings at their lines in the list file, as when it is read alone', () => {
    const text = '{\n  "cniVersion": "1.0.0",\n  "name": "net",\n  "plugins": [\n    { "type": "bridge", "hairpinMode": "yes", "ipam": { "type": "host-local", "subnet": "10.7.0.0/16" } },\n    { "type": "portmap", "capabilities": { "portMapping": true } }\n  ]\n}\n';
    const at = (r: ReturnType<typeof analyzeConfDir>) => r.perFile.get('10-net.conflist')!.map((f) => `${f.code} ${f.pointer} ${f.line}:${f.column}`).sort();
    const alone = analyzeConfDir([{ name: '10-net.conflist', text }], validator);
    const assembled = analyzeConfDir([{ name: '10-net.conflist', text }, { name: 'net/20-tuning.conf', text: '{\n  "type": "tuning",\n  "mtu": "1400"\n}' }], validator);
    expect(assembled.effective.get('10-net.conflist')!.appended).toEqual(['net/20-tuning.conf']);
    expect(at(assembled)).toEqual(at(alone));
    expect(assembled.perFile.get('10-net.conflist')!.find((f) => f.code === 'CNI202')).toMatchObject({ pointer: '/plugins/0/hairpinMode', line: 5, column: 40 });
    expect(assembled.perFile.get('10-net.conflist')!.find((f) => f.code === 'CNI501')).toMatchObject({ line: 6, column: 44 });
    expect(assembled.perFile.get('net/20-tuning.conf')!.find((f) => f.code === 'CNI202')).toMatchObject({ pointer: '/mtu', line: 3, column: 10 });
  });

  it('stops at the first plugin file it cannot read or parse, in libcni\'s words, and blocks the lookups after it', () => {
    const r = analyzeConfDir(
      [
        { name: '10-net.conflist', text: list() },
        { name: 'net/10-bad.conf', text: '{"mtu": 1400}' },
        { name: 'net/20-worse.conf', text: '{"type": "tuning",}' },
        { name: '20-later.conflist', text: JSON.stringify({ cniVersion: '1.0.0', name: 'later', plugins: [{ type: 'loopback' }] }) },
      ],
      validator,
    );
    const broken = r.findings.filter((f) => f.code === 'CNI702');
    expect(broken.map((f) => f.file)).toEqual(['10-net.conflist', '20-later.conflist']);
    expect(broken[0]!.message).toContain(`(its plugin file net/10-bad.conf does not load: libcni 1.3.0: "error parsing configuration: missing 'type'")`);
    expect(r.perFile.get('net/10-bad.conf')!.map((f) => f.code)).toContain('CNI200');
    expect(r.perFile.get('net/20-worse.conf')!.find((f) => f.code === 'CNI003')).toMatchObject({ line: 1, column: 18 });
    expect(r.effective.has('10-net.conflist')).toBe(false);

    const unreadable = analyzeConfDir([{ name: '10-net.conflist', text: list() }, { name: 'net/10-x.conf', text: '', unreadable: 'cannot read (EACCES)' }], validator);
    expect(unreadable.findings.find((f) => f.code === 'CNI702')!.message).toContain('"error reading net/10-x.conf: cannot read (EACCES)"');
  });
});
