// `lint <dir>` with network folders: from libcni 1.3 a list's `<network>/*.conf` plugin files are appended;
// they are reported right after their list, at their own lines, and the JSON output holds the assembled list.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempFiles } from './testing';

const { dir: tmp, write } = tempFiles('cni-studio-lint-confdir-');

interface JsonReport {
  file: string;
  findings: { code: string; severity: string; message: string; pointer: string; line: number; column: number; profile?: string }[];
  effective?: { plugins: { type: string }[] };
}

describe('lint of a conf directory where libcni finds no network', () => {
  it('says so for an empty directory and for one whose files runtimes ignore, naming each ignored file', async () => {
    mkdirSync(join(tmp, 'none'), { recursive: true });
    const empty = await cli('lint', join(tmp, 'none'));
    expect(empty.code).toBe(1);
    expect(empty.out).toContain(`${join(tmp, 'none')}:1:1 error CNI703 `);
    write('ignored/60-net.CONFLIST', JSON.stringify({ cniVersion: '1.0.0', name: 'net', plugins: [{ type: 'loopback' }] }));
    write('ignored/70-net.conflist.bak', '{}');
    write('ignored/README.md', 'notes');
    const dir = join(tmp, 'ignored');
    const r = await cli('lint', dir);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines.some((l) => l.startsWith(`${dir}:1:1 error CNI703 `))).toBe(true);
    expect(lines).toContain(`${dir}/60-net.CONFLIST:1:1 info CNI704 60-net.CONFLIST is not a .conflist, .conf or .json file (libcni matches the extension in lower case only): runtimes ignore it in a conf directory.`);
    expect(lines.some((l) => l.startsWith(`${dir}/README.md:1:1 info CNI704 `))).toBe(true);
    // A folder of NAD manifests is not a conf directory: no CNI703 for it.
    write('nads/a.yaml', 'apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: a\nspec:\n  config: \'{"cniVersion": "1.0.0", "type": "loopback"}\'\n');
    const nads = await cli('lint', join(tmp, 'nads'));
    expect(nads.out).not.toContain('CNI703');
    expect(nads.code).toBe(0);
  });
});

describe('lint of a conf directory with network folders', () => {
  it('appends the folder\'s plugin files to the list, reports them after it, and prints the assembled list in JSON', async () => {
    write('d1/10-net.conflist', JSON.stringify({ cniVersion: '1.0.0', name: 'net', plugins: [{ type: 'bridge', bridge: 'cni0', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/16' }]] } }] }));
    write('d1/net/20-portmap.conf', '{"type": "portmap", "capabilities": {"portMappings": true}}\n');
    write('d1/net/10-tuning.conf', '{\n  "type": "tuning",\n  "mtu": "9000"\n}\n');
    write('d1/net/README.md', 'not a plugin');
    write('d1/net/deeper/30-x.conf', '{"type": "vrf"}');
    write('d1/20-other.conflist', JSON.stringify({ cniVersion: '1.0.0', name: 'other', plugins: [{ type: 'loopback' }] }));
    const dir = join(tmp, 'd1');
    const text = await cli('lint', dir);
    expect(text.code).toBe(1);
    const lines = text.out.split('\n');
    expect(lines).toContain(`${dir}/10-net.conflist:1:1 info CNI705 libcni 1.3.0 appends the 2 plugin files in net/ to network "net": it runs bridge (10-net.conflist), tuning (net/10-tuning.conf), portmap (net/20-portmap.conf).`);
    expect(lines.some((l) => l.startsWith(`${dir}/net/10-tuning.conf:3:10 error CNI202 `))).toBe(true);
    expect(text.out).not.toContain('30-x.conf');

    const json = await cli('lint', '--format', 'json', dir);
    const reports = JSON.parse(json.out) as JsonReport[];
    expect(reports.map((r) => r.file)).toEqual([`${dir}/10-net.conflist`, `${dir}/net/10-tuning.conf`, `${dir}/net/20-portmap.conf`, `${dir}/20-other.conflist`]);
    expect(reports[0]!.effective!.plugins.map((p) => p.type)).toEqual(['bridge', 'tuning', 'portmap']);
    expect(reports[3]).not.toHaveProperty('effective');
    expect(reports[2]!.findings).toEqual([]);
  });

  it('reports the list\'s own findings at their lines when its folder is appended: text, JSON, SARIF, and the list named alone', async () => {
    const list = write('d8/10-net.conflist', '{\n  "cniVersion": "1.0.0",\n  "name": "net",\n  "plugins": [\n    {\n      "type": "bridge",\n      "hairpinMode": "yes",\n      "ipam": { "type": "host-local", "subnet": "10.8.0.0/16" }\n    },\n    { "type": "portmap", "capabilities": { "portMapping": true } }\n  ]\n}\n');
    write('d8/net/20-tuning.conf', '{\n  "type": "tuning",\n  "mtu": "1400"\n}\n');
    const dir = join(tmp, 'd8');
    // The validator's findings of the list, where they are when libcni 1.1.2 reads it alone (no folder appended).
    const expected = [`${list}:5:5 info CNI662 `, `${list}:7:22 error CNI202 `, `${list}:8:39 info CNI417 `, `${list}:10:5 warning CNI614 `, `${list}:10:44 warning CNI501 `];
    const placed = (out: string) => out.split('\n').filter((l) => l.startsWith(`${list}:`) && !/ CNI70\d /.test(l)).map((l) => /^.*? \w+ CNI\d+ /.exec(l)![0]);
    expect(placed((await cli('lint', '--libcni', '1.1.2', dir)).out)).toEqual(expected);
    const text = await cli('lint', '--libcni', '1.3.0', dir);
    expect(text.out).toContain(`${dir}/10-net.conflist:1:1 info CNI705 libcni 1.3.0 appends the plugin file in net/ to network "net"`);
    expect(placed(text.out)).toEqual(expected);
    expect(text.out.split('\n')).toContain(`${dir}/net/20-tuning.conf:3:10 error CNI202 mtu must be a whole number, 0 or more (a string such as "1500" fails to decode).`);
    expect(placed((await cli('lint', '--libcni', '1.3.0', list)).out)).toEqual(expected);

    const reports = JSON.parse((await cli('lint', '--format', 'json', '--libcni', '1.3.0', dir)).out) as JsonReport[];
    expect(reports[0]!.findings.find((f) => f.code === 'CNI202')).toMatchObject({ pointer: '/plugins/0/hairpinMode', line: 7, column: 22 });
    expect(reports[0]!.findings.find((f) => f.code === 'CNI501')).toMatchObject({ pointer: '/plugins/1/capabilities/portMapping', line: 10, column: 44 });
    expect(reports[1]!.findings.find((f) => f.code === 'CNI202')).toMatchObject({ pointer: '/mtu', line: 3, column: 10 });

    const sarif = JSON.parse((await cli('lint', '--format', 'sarif', '--libcni', '1.3.0', dir)).out) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[] };
    const regions = sarif.runs[0]!.results.filter((x) => x.locations[0]!.physicalLocation.artifactLocation.uri.endsWith('d8/10-net.conflist') && !/^CNI70\d$/.test(x.ruleId));
    expect(regions.map((x) => `${x.locations[0]!.physicalLocation.region.startLine}:${x.locations[0]!.physicalLocation.region.startColumn} ${x.ruleId}`)).toEqual(['5:5 CNI662', '7:22 CNI202', '8:39 CNI417', '10:5 CNI614', '10:44 CNI501']);
  });

  it('follows --libcni: before 1.3 the folder is not read, and its files are warned about', async () => {
    const dir = join(tmp, 'd1');
    const r = await cli('lint', '--format', 'json', '--libcni', '1.2.3', dir);
    const reports = JSON.parse(r.out) as JsonReport[];
    expect(reports.map((x) => x.file)).toEqual([`${dir}/10-net.conflist`, `${dir}/net/10-tuning.conf`, `${dir}/net/20-portmap.conf`, `${dir}/20-other.conflist`]);
    expect(reports[0]).not.toHaveProperty('effective');
    expect(reports[0]!.findings.map((f) => f.code)).not.toContain('CNI705');
    expect(reports[1]!.findings.map((f) => [f.code, f.severity, f.profile])).toEqual([['CNI706', 'warning', 'libcni 1.2.3 + plugins 1.9.1']]);
    expect(r.code).toBe(0);
  });

  it('reads a list without "plugins" from its folder, and refuses an empty one in libcni\'s words', async () => {
    write('d2/10-net.conflist', '{"cniVersion": "1.0.0", "name": "net"}');
    write('d2/net/10-ptp.conf', '{"type": "ptp", "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.2.0.0/16"}]]}}');
    write('d2/20-empty.conflist', '{"cniVersion": "1.0.0", "name": "empty"}');
    const r = await cli('lint', '--format', 'json', join(tmp, 'd2'));
    const reports = JSON.parse(r.out) as JsonReport[];
    const net = reports.find((x) => x.file.endsWith('10-net.conflist'))!;
    expect(net.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(net.effective!.plugins.map((p) => p.type)).toEqual(['ptp']);
    const empty = reports.find((x) => x.file.endsWith('20-empty.conflist'))!;
    expect(empty.findings.find((f) => f.code === 'CNI702')!.message).toContain('(libcni 1.3.0: "no plugin configs found")');
  });

  it('reports a plugin file it cannot read as that file\'s finding, and the list as not loading', async () => {
    write('d3/10-net.conflist', JSON.stringify({ cniVersion: '1.0.0', name: 'net', plugins: [{ type: 'loopback' }] }));
    writeFileSync(join(write('d3/net/.keep', ''), '..', '10-latin1.conf'), new Uint8Array([0x7b, 0xff, 0x7d]));
    const r = await cli('lint', '--format', 'json', join(tmp, 'd3'));
    const reports = JSON.parse(r.out) as JsonReport[];
    expect(r.code).toBe(1);
    // A byte that is not UTF-8 outside a string: Go's decoder stops on it, so the plugin file does not load.
    expect(reports.find((x) => x.file.endsWith('net/10-latin1.conf'))!.findings.map((f) => `${f.severity} ${f.code}`)).toEqual(['warning CNI010', 'error CNI001']);
    expect(reports.find((x) => x.file.endsWith('10-net.conflist'))!.findings.find((f) => f.code === 'CNI702')!.message).toContain('its plugin file net/10-latin1.conf does not load');
  });
});

// libcni lists every entry that is not a directory (os.ReadDir's IsDir, false for a symlink) and reads it:
// installers often link a list into /etc/cni/net.d, and the first file in order is the default network.
describe('lint of a conf directory with links, pipes and devices', () => {
  it('reads a symlinked list as the file it points to, in its place in the order', async () => {
    const elsewhere = write('d4-src/05-cilium.conflist', JSON.stringify({ cniVersion: '1.0.0', name: 'cilium', plugins: [{ type: 'cilium-cni' }] }));
    write('d4/10-flannel.conflist', JSON.stringify({ cniVersion: '1.0.0', name: 'cbr0', plugins: [{ type: 'flannel', delegate: { isDefaultGateway: true } }] }));
    symlinkSync(elsewhere, join(tmp, 'd4', '05-cilium.conflist'));
    const r = await cli('lint', '--format', 'json', join(tmp, 'd4'));
    const reports = JSON.parse(r.out) as JsonReport[];
    expect(reports.map((x) => x.file)).toEqual([join(tmp, 'd4', '05-cilium.conflist'), join(tmp, 'd4', '10-flannel.conflist')]);
    expect(reports[0]!.findings.find((f) => f.code === 'CNI700')!.message).toContain('the default network');
    expect(reports[1]!.findings.find((f) => f.code === 'CNI700')!.message).not.toContain('the default network');
  });

  it('stops at a dangling link first in order: no network is found after it, and none is the default', async () => {
    write('d7/10-flannel.conflist', JSON.stringify({ cniVersion: '1.0.0', name: 'cbr0', plugins: [{ type: 'flannel', delegate: { isDefaultGateway: true } }] }));
    symlinkSync(join(tmp, 'gone.conflist'), join(tmp, 'd7', '05-cilium.conflist'));
    const r = await cli('lint', join(tmp, 'd7'));
    expect(r.code).toBe(1);
    expect(r.out.split('\n').slice(0, 4)).toEqual([
      `${join(tmp, 'd7')}/05-cilium.conflist:1:1 error CNI010 Not checked: cannot read (ENOENT).`,
      `${join(tmp, 'd7')}/05-cilium.conflist:1:1 error CNI702 05-cilium.conflist does not load (cannot read (ENOENT)), and libcni stops at the first file it cannot load: every lookup of a network not found before it fails (including 10-flannel.conflist).`,
      `${join(tmp, 'd7')}/10-flannel.conflist:1:1 error CNI702 Network "cbr0" is never found: the lookup aborts at 05-cilium.conflist first.`,
      '2 file(s): 3 error(s), 0 warning(s), 0 note(s)',
    ]);
  });

  it('appends the plugin files of a symlinked network folder (libcni 1.3 opens it by name)', async () => {
    write('d5-src/10-tuning.conf', '{"type": "tuning"}');
    write('d5/10-net.conflist', JSON.stringify({ cniVersion: '1.0.0', name: 'net', plugins: [{ type: 'bridge', bridge: 'cni0', ipam: { type: 'host-local', ranges: [[{ subnet: '10.5.0.0/16' }]] } }] }));
    symlinkSync(join(tmp, 'd5-src'), join(tmp, 'd5', 'net'));
    const reports = JSON.parse((await cli('lint', '--format', 'json', join(tmp, 'd5'))).out) as JsonReport[];
    expect(reports[0]!.effective!.plugins.map((p) => p.type)).toEqual(['bridge', 'tuning']);
  });

  it('reports a named pipe, a device, a link to a folder and a dangling link as unreadable, without reading them', async () => {
    const dir = join(tmp, 'd6');
    mkdirSync(dir);
    write('d6/10-net.conflist', JSON.stringify({ cniVersion: '1.0.0', name: 'net', plugins: [{ type: 'loopback' }] }));
    // A pipe no one writes to: reading it, as a runtime would, waits forever; /dev/zero never ends.
    execFileSync('mkfifo', [join(dir, '20-pipe.conflist')]);
    symlinkSync('/dev/zero', join(dir, '30-zero.conf'));
    symlinkSync(tmp, join(dir, '40-folder.conflist'));
    symlinkSync(join(tmp, 'nowhere'), join(dir, '50-dangling.conf'));
    const r = await cli('lint', '--format', 'json', dir);
    const reports = JSON.parse(r.out) as JsonReport[];
    const message = (name: string) => reports.find((x) => x.file === join(dir, name))!.findings.map((f) => `${f.code} ${f.message}`);
    // First in order of the four, the pipe also stops every lookup after it, as a file that does not parse would.
    expect(message('20-pipe.conflist')).toEqual([
      'CNI010 Not checked: it is a named pipe, not a regular file: a runtime reading it waits for a writer.',
      'CNI702 20-pipe.conflist does not load (it is a named pipe, not a regular file: a runtime reading it waits for a writer), and libcni stops at the first file it cannot load: every lookup of a network not found before it fails (including 40-folder.conflist, 30-zero.conf, 50-dangling.conf).',
    ]);
    expect(message('30-zero.conf')).toEqual(['CNI010 Not checked: it is a device, not a regular file.']);
    expect(message('40-folder.conflist')).toEqual(['CNI010 Not checked: it is a directory, not a config file.']);
    expect(message('50-dangling.conf')).toEqual(['CNI010 Not checked: cannot read (ENOENT).']);
    expect(r.code).toBe(1);
    expect(reports.find((x) => x.file === join(dir, '10-net.conflist'))!.findings.find((f) => f.code === 'CNI700')!.message).toContain('the default network');
    expect(reports.find((x) => x.file === join(dir, '40-folder.conflist'))!.findings.map((f) => f.code)).toEqual(['CNI010']);
  });

  it('reads a pipe named on the command line as asked (/dev/stdin, <(kubectl …)), waiting for its writer', async () => {
    const fifo = join(tmp, 'named.conflist');
    execFileSync('mkfifo', [fifo]);
    // Another process writes it: this one blocks reading it, as the command line would.
    const writer = spawn('sh', ['-c', 'printf %s "$0" > "$1"', JSON.stringify({ cniVersion: '1.0.0', name: 'piped', plugins: [{ type: 'loopback' }] }), fifo]);
    const r = await cli('lint', '--format', 'json', fifo);
    await new Promise((done) => writer.once('close', done));
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as JsonReport[])[0]!.findings).toEqual([]);
  });
});

describe('lint of a conf directory with a file larger than CNI Studio reads', () => {
  it('warns that it was not checked (CNI707), not that libcni fails on it, and finds the network after it', async () => {
    write('big/05-huge.conflist', ' '.repeat(6 * 1024 * 1024));
    // A .json in a conf directory is a config to libcni, whatever a lone .json may hold: the same 5 MB.
    write('big/06-huge.json', ' '.repeat(6 * 1024 * 1024));
    write('big/10-net.conflist', JSON.stringify({ cniVersion: '1.0.0', name: 'net', plugins: [{ type: 'loopback' }] }));
    const dir = join(tmp, 'big');
    const r = await cli('lint', dir);
    expect(r.out).toContain(`${join(dir, '05-huge.conflist')}:1:1 warning CNI707 05-huge.conflist was not checked: it is 6.0 MB, more than CNI Studio reads as a config (5 MB). libcni reads it`);
    expect(r.out).toContain(`${join(dir, '06-huge.json')}:1:1 warning CNI707 06-huge.json was not checked: it is 6.0 MB, more than CNI Studio reads as a config (5 MB). libcni reads it`);
    expect(r.out).not.toMatch(/CNI702|CNI010/);
    expect(r.code).toBe(0);
  });
});
