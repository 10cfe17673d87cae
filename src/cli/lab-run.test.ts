// lab run loads the file as libcni does before anything runs: what libcni refuses is refused in its words
// and nothing is touched (these files never reach the root check, the lock or the engine).
import { describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempFiles } from './testing';

const files = tempFiles('cni-studio-lab-run-');

describe('cni-studio lab run: libcni loading', () => {
  it.each([
    ['comments.conflist', '{\n  // a comment\n  "cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "loopback"}]\n}', '1.3.0', "error parsing configuration list: invalid character '/' looking for beginning of object key string"],
    ['trailing.conflist', '{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "loopback"},]}', '1.3.0', "error parsing configuration list: invalid character ']' looking for beginning of value"],
    ['bom.conflist', '\uFEFF{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "loopback"}]}', '1.3.0', "error parsing configuration list: invalid character 'ï' looking for beginning of value"],
    ['number.conflist', '{"cniVersion": 0.4, "name": "n", "plugins": [{"type": "loopback"}]}', '1.1.2', 'error parsing configuration list: invalid cniVersion type float64'],
    ['empty-type.conflist', '{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": ""}]}', '1.3.0', "failed to parse plugin config 0: error parsing configuration: missing 'type'"],
    ['single.conflist', '{"cniVersion": "1.0.0", "name": "n", "type": "loopback"}', '1.2.3', "error parsing configuration list: no 'plugins' key"],
    ['single13.conflist', '{"cniVersion": "1.0.0", "name": "n", "type": "loopback"}', '1.3.0', 'no plugin configs found'],
  ])('%s with libcni %s', async (name, text, libcni, words) => {
    const r = await cli('lab', 'run', files.write(name, text), '--libcni', libcni);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`cni-studio: refused, nothing was run: libcni ${libcni} refuses to load ${join(files.dir, name)}: ${words}`);
    expect(r.out).toBe('');
  });

  it('from 1.3, plugins of the network folder next to a list are loaded too (and a broken one refuses the load)', async () => {
    const list = files.write('folder/10-n.conflist', '{"cniVersion": "1.0.0", "name": "n"}');
    mkdirSync(join(files.dir, 'folder', 'n'), { recursive: true });
    writeFileSync(join(files.dir, 'folder', 'n', '10-a.conf'), '{"type": "loopback",}');
    const r = await cli('lab', 'run', list, '--libcni', '1.3.0');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`refuses to load ${list}: error parsing configuration: invalid character '}' looking for beginning of object key string`);
  });

  it("takes a NAD's config without a name as Multus hands it on: named after metadata.name", async () => {
    const nad = (config: string) => `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: macvlan-conf\nspec:\n  config: '${config}'\n`;
    // Both refused later, for their empty type: the missing name (libcni's "no name") is filled first.
    const list = await cli('lab', 'run', files.write('list-nad.yaml', nad('{"cniVersion": "1.0.0", "plugins": [{"type": ""}]}')), '--libcni', '1.1.2');
    expect(list.err).toContain("failed to parse plugin config 0: error parsing configuration: missing 'type'");
    const single = await cli('lab', 'run', files.write('single-nad.yaml', nad('{"cniVersion": "1.0.0", "type": ""}')), '--libcni', '1.1.2');
    expect(single.err).toContain("error parsing configuration: missing 'type'");
    for (const r of [list, single]) expect(r.err).not.toMatch(/no name|missing network name/);
  });

  it('reads a pipe named on the command line once, for its checks and for libcni', async () => {
    const pipe = join(files.dir, 'pipe.conflist');
    execFileSync('mkfifo', [pipe]);
    const writer = spawn('sh', ['-c', 'printf %s "$0" > "$1"', '{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "loopback"},]}', pipe]);
    const r = await cli('lab', 'run', pipe, '--libcni', '1.3.0');
    await new Promise((done) => writer.once('close', done));
    expect(r.code).toBe(1);
    // libcni's words about the text the pipe gave (read once; a second read would have found it empty).
    expect(r.err).toContain(`refuses to load ${pipe}: error parsing configuration list: invalid character ']' looking for beginning of value`);
  });

  it('refuses a device in the network folder without reading it (a runtime reading /dev/zero never ends)', async () => {
    const list = files.write('devices/10-d.conflist', '{"cniVersion": "1.0.0", "name": "d", "plugins": [{"type": "loopback"}]}');
    mkdirSync(join(files.dir, 'devices', 'd'));
    symlinkSync('/dev/zero', join(files.dir, 'devices', 'd', '10-zero.conf'));
    const folder = await cli('lab', 'run', list, '--libcni', '1.3.0');
    expect(folder.code).toBe(1);
    expect(folder.err).toContain(`refuses to load ${list}: error reading ${join(files.dir, 'devices', 'd', '10-zero.conf')}: it is a device, not a regular file`);
  });

  it('names the releases it knows when --libcni is not one', async () => {
    const r = await cli('lab', 'run', files.write('ok.conflist', '{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "loopback"}]}'), '--libcni', '9.9');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--libcni must be a libcni release: 1.1.0, 1.1.1, 1.1.2, 1.2.0, 1.2.1, 1.2.2, 1.2.3, 1.3.0');
  });

  it('takes --host-links as interface names separated by commas, and nothing else', async () => {
    const file = files.write('hl.conflist', '{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "loopback"}]}');
    for (const bad of ['eth0,../x', 'a-name-of-16-chr', 'eth0:1', '', 'eth0,,eth1']) {
      const r = await cli('lab', 'run', file, `--host-links=${bad}`);
      expect([bad, r.code]).toEqual([bad, 2]);
      expect(r.err).toContain('is not a network interface name');
    }
  });
});

describe('cni-studio lab run: text output', () => {
  it("shows a failed plugin's stderr as its last lines, at most 400 characters, however much it wrote", async () => {
    const { stderrTail } = await import('./lab');
    expect(stderrTail('first\nsecond\nthird\nfourth\n')).toBe('second | third | fourth');
    const huge = `${'b'.repeat(60 * 1024 * 1024)}\n`;
    const shown = stderrTail(huge);
    expect(shown.length).toBeLessThan(500);
    expect(shown).toMatch(/^…b{400} \(62914561 characters in all; --format json has them\)$/);
  });
});
