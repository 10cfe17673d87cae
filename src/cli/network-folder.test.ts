// A .conflist named alone on the command line is checked, planned and compared as libcni 1.3+ loads it
// from disk (NetworkConfFromFile): with the *.conf plugin files of <dir>/<network>/ appended, as `lab run`
// runs it. Before libcni 1.3, or with loadOnlyInlinedPlugins, the file is read alone.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cli, tempFiles } from './testing';

const { dir: tmp, write } = tempFiles('cni-studio-network-folder-');

write('a/10-sib.conflist', JSON.stringify({ cniVersion: '1.0.0', name: 'sib', plugins: [{ type: 'bridge', bridge: 'sib0', ipam: { type: 'host-local', ranges: [[{ subnet: '10.99.40.0/24' }]] } }] }));
write('a/sib/10-tuning.conf', '{\n  "type": "tuning",\n  "mtu": "1300"\n}\n');
write('a/sib/20-portmap.conf', '{"type": "portmap", "capabilities": {"portMappings": true}}');
// A list of no plugins of its own: libcni 1.3 runs the folder's.
write('a/20-nop.conflist', JSON.stringify({ cniVersion: '1.0.0', name: 'nop' }));
write('a/nop/a.conf', '{"type": "loopback"}');
write('a/30-only.conflist', JSON.stringify({ cniVersion: '1.0.0', name: 'only', loadOnlyInlinedPlugins: true, plugins: [{ type: 'loopback' }] }));
write('a/only/a.conf', '{"type": "portmap", "capabilities": {"portMappings": true}}');
const file = (name: string) => join(tmp, 'a', name);

describe('a list named alone, with its network folder', () => {
  it('lint checks the assembled list and reports the plugin files after it, at their own lines', async () => {
    const r = await cli('lint', file('10-sib.conflist'));
    const lines = r.out.split('\n');
    expect(lines).toContain(`${file('10-sib.conflist')}:1:1 info CNI705 libcni 1.3.0 appends the 2 plugin files in sib/ to network "sib": it runs bridge (10-sib.conflist), tuning (sib/10-tuning.conf), portmap (sib/20-portmap.conf).`);
    expect(lines.some((l) => l.startsWith(`${join(tmp, 'a/sib/10-tuning.conf')}:3:10 error CNI202 `))).toBe(true);
    // Which file wins a lookup is a directory's question, not a file's.
    expect(r.out).not.toContain('CNI700');
    expect(r.code).toBe(1);
    const json = JSON.parse((await cli('lint', '--format', 'json', file('10-sib.conflist'))).out) as { file: string; effective?: { plugins: { type: string }[] } }[];
    expect(json.map((x) => x.file)).toEqual([file('10-sib.conflist'), join(tmp, 'a/sib/10-tuning.conf'), join(tmp, 'a/sib/20-portmap.conf')]);
    expect(json[0]!.effective!.plugins.map((p) => p.type)).toEqual(['bridge', 'tuning', 'portmap']);
  });

  it('lint of a list without plugins of its own: no CNI105 from libcni 1.3, where the folder gives it one; CNI105 before 1.3', async () => {
    const r = await cli('lint', file('20-nop.conflist'));
    expect(r.out).not.toContain('CNI105');
    expect(r.code).toBe(0);
    const old = await cli('lint', '--libcni', '1.2.3', file('20-nop.conflist'));
    expect(old.out).toContain('error CNI105');
    expect(old.code).toBe(1);
  });

  it('plan runs the folder\'s plugins after the list\'s, says which files it appended, and prints their errors at their own paths', async () => {
    const r = await cli('plan', '--format', 'json', file('10-sib.conflist'));
    expect((JSON.parse(r.out) as { type: string }[]).map((i) => i.type)).toEqual(['bridge', 'tuning', 'portmap']);
    expect(r.err).toContain("info: libcni 1.3.0 appends 2 plugin(s) from the network's folder next to the file: 10-tuning.conf, 20-portmap.conf");
    expect(r.err).toContain(`${join(tmp, 'a/sib/10-tuning.conf')}:3:10 error CNI202 `);
    const nop = await cli('plan', '--format', 'json', file('20-nop.conflist'));
    expect((JSON.parse(nop.out) as { type: string }[]).map((i) => i.type)).toEqual(['loopback']);
    expect(nop.code).toBe(0);
    // loadOnlyInlinedPlugins: the folder is not read; before 1.3 there is none.
    expect((JSON.parse((await cli('plan', '--format', 'json', file('30-only.conflist'))).out) as { type: string }[]).map((i) => i.type)).toEqual(['loopback']);
    expect((JSON.parse((await cli('plan', '--format', 'json', '--libcni', '1.2.3', file('10-sib.conflist'))).out) as { type: string }[]).map((i) => i.type)).toEqual(['bridge']);
  });

  it('diff compares the assembled lists: the folder\'s plugins are in the chain on both sides', async () => {
    const r = await cli('diff', file('10-sib.conflist'), file('20-nop.conflist'));
    expect(r.out).toContain('- tuning removed (was 2)');
    expect(r.out).toContain('- portmap removed (was 3)');
    expect(r.out).toContain('+ loopback added at 1');
  });
});

describe('diff of a file libcni cannot load', () => {
  it('is a high risk, judged on the bytes (a BOM, a trailing comma), even when the objects are the same', async () => {
    const text = JSON.stringify({ cniVersion: '1.0.0', name: 'bom', plugins: [{ type: 'loopback' }] });
    write('b/old.conflist', text);
    write('b/bom.conflist', `\uFEFF${text}`);
    write('b/comma.conflist', `${text.slice(0, -1)},}`);
    for (const [name, why] of [['bom.conflist', "invalid character 'ï' looking for beginning of value"], ['comma.conflist', "invalid character '}' looking for beginning of object key string"]] as const) {
      const r = await cli('diff', join(tmp, 'b/old.conflist'), join(tmp, 'b', name));
      expect(r.out).toContain(`high: libcni 1.3.0 refuses to load the new list ("error parsing configuration list: ${why}"), where it loaded the old one`);
      expect(r.code).toBe(1);
    }
    // The other way round it fixes the file: no risk.
    const back = await cli('diff', join(tmp, 'b/bom.conflist'), join(tmp, 'b/old.conflist'));
    expect(back.out).toContain('Risk notes: none.');
    expect(back.code).toBe(0);
  });
});
