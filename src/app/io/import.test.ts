import { describe, expect, it } from 'vitest';
import { importFile } from './import';
import { importTextWith } from './import-text';
import { validator } from '../validator-full';

const importText = (text: string, fileName?: string) => importTextWith(text, validator, fileName);

describe('importText', () => {
  it('imports a conflist as is', () => {
    const r = importText('{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "loopback"}]}', '99-lo.conflist');
    expect(r).toMatchObject({ ok: true, fileName: '99-lo.conflist', notes: [], doc: { name: 'n', plugins: [{ type: 'loopback' }] } });
  });
  it('wraps a .conf and says so', () => {
    const r = importText('{"cniVersion": "0.4.0", "name": "n", "type": "bridge"}', '10-br.conf');
    expect(r.ok && r.summary).toContain('wrapped into a list');
    expect(r.ok && r.notes.map((f) => f.code)).toEqual(['CNI009']);
    // The plugin keeps no copies of the list's name and cniVersion: libcni gives it the list's, and the
    // copies drew two "set by the runtime" notes (CNI210) about the wrapping itself.
    expect(r).toMatchObject({ ok: true, doc: { cniVersion: '0.4.0', name: 'n', plugins: [{ type: 'bridge' }] } });
    if (!r.ok) throw new Error('not imported');
    expect(Object.keys((r.doc.plugins as Record<string, unknown>[])[0]!)).toEqual(['type']);
    expect(validator.validate(r.doc).filter((f) => f.code === 'CNI210')).toEqual([]);
  });
  it('reads a file by its name: .json as a single plugin, .yml as NAD YAML', () => {
    expect(importText('{"cniVersion": "0.4.0", "name": "n", "type": "bridge"}', '10-br.json')).toMatchObject({ ok: true, summary: expect.stringContaining('wrapped into a list') });
    const nad = `kind: NetworkAttachmentDefinition\nmetadata:\n  name: a\nspec:\n  config: '{"cniVersion": "1.0.0", "type": "loopback"}'\n`;
    expect(importText(nad, 'net.yml')).toMatchObject({ ok: true, summary: 'Imported the NetworkAttachmentDefinition "a" from net.yml.' });
  });
  it('notes an integer libcni rounds, at its line in the file (the document holds it rounded from then on)', () => {
    const r = importText('{"cniVersion": "1.0.0", "name": "n",\n"plugins": [{"type": "bandwidth", "ingressRate": 9007199254740993}]}');
    expect(r).toMatchObject({ ok: true, doc: { plugins: [{ ingressRate: 9007199254740992 }] }, notes: [{ code: 'CNI014', severity: 'warning', line: 2, message: expect.stringContaining('the plugin gets 9007199254740992') }] });
  });
  it('imports JSON with comments and trailing commas, listing those problems', () => {
    const r = importText('{\n// x\n"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "loopback"},]}');
    expect(r.ok && r.notes.map((f) => f.code).sort()).toEqual(['CNI002', 'CNI003']);
  });
  it('reads a multi-document YAML as several choices: the first, then any other one asked for', () => {
    const nad = (name: string) => `kind: NetworkAttachmentDefinition\nmetadata:\n  name: ${name}\nspec:\n  config: '{"cniVersion": "1.0.0", "type": "loopback"}'\n`;
    const r = importText(`${nad('a')}---\nkind: ConfigMap\n---\n${nad('b')}`, 'nads.yaml');
    expect(r).toMatchObject({ ok: true, doc: { name: 'a' }, summary: 'Imported the NetworkAttachmentDefinition "a" from nads.yaml (1 of 2 in it).' });
    if (!r.ok || !r.choice) throw new Error('no choice');
    expect(r.choice.choices).toEqual([{ index: 0, label: 'a' }, { index: 2, label: 'b' }]);
    expect(r.choice.pick(2)).toMatchObject({ ok: true, doc: { name: 'b' }, summary: 'Imported the NetworkAttachmentDefinition "b" from nads.yaml (2 of 2 in it).' });
    // One configuration: nothing to choose.
    expect(importText(nad('c'), 'one.yaml')).not.toHaveProperty('choice');
  });
  it('names the NADs it cannot open (no spec.config, a config that does not parse) instead of leaving them out without a word', () => {
    const nad = (name: string) => `kind: NetworkAttachmentDefinition\nmetadata:\n  name: ${name}\nspec:\n  config: '{"cniVersion": "1.0.0", "type": "loopback"}'\n`;
    const bare = `kind: NetworkAttachmentDefinition\nmetadata:\n  name: sriov\n`;
    const broken = `kind: NetworkAttachmentDefinition\nmetadata:\n  name: broken\nspec:\n  config: '{"cniVersion"'\n`;
    const r = importText(`${nad('a')}---\n${bare}---\nkind: ConfigMap\n---\n${broken}---\n${nad('b')}`, 'nads.yaml');
    if (!r.ok || !r.choice) throw new Error('no choice');
    expect(r.choice.skipped.map((k) => k.label)).toEqual(['sriov', 'broken']);
    expect(r.choice.skipped[0]!.why).toContain('has no spec.config');
    expect(r.choice.skipped[1]!.why).toMatch(/JSON/);
    // One configuration left: no chooser, the summary names the rest.
    const one = importText(`${nad('a')}---\n${bare}`, 'two.yaml');
    expect(one).not.toHaveProperty('choice');
    expect(one.ok && one.summary).toMatch(/^Imported the NetworkAttachmentDefinition "a" from two\.yaml\. Not opened: "sriov" \(NetworkAttachmentDefinition "sriov" has no spec\.config/);
  });
  it('refuses what is not a CNI config, saying where and why', () => {
    // A list with no "plugins": what libcni 1.3 reads from a conf directory, so that is where to import it from.
    expect(importText('{"cniVersion": "1.0.0", "name": "np"}')).toEqual({ ok: false, reason: 'Nothing was imported: the pasted JSON is a list with no "plugins". libcni 1.3 runs such a list only as a file of a conf directory, with the *.conf plugin files of its network\'s folder ("np/") appended; import that directory (Import, then a folder) to see the list as libcni assembles it.' });
    expect(importText('{"foo": 1}')).toMatchObject({ ok: false, reason: expect.stringMatching(/^Nothing was imported: the pasted JSON is not a CNI configuration \(it has neither a "plugins" list nor a plugin "type"\)\./) });
    // Values of the wrong type: the first errors, each where it is.
    const typed = importText('{"cniVersion":1.0,"name":["x"],"plugins":{"type":"bridge"}}', 'wrongtypes.conflist');
    expect(!typed.ok && typed.reason).toMatch(/^Nothing was imported: wrongtypes\.conflist is not a CNI configuration \(it has neither a "plugins" list nor a plugin "type"\)\. Line 1, column \d+: /);
    expect(!typed.ok && typed.reason).not.toContain('..');
    expect(!typed.ok && typed.reason).toMatch(/plugins/);
    const broken = importText('{"name": "n",\n "plugins": [', 'x.conflist');
    expect(!broken.ok && broken.reason).toMatch(/^Nothing was imported from x\.conflist: line 2, column \d+: Not valid JSON/);
    expect(importText('')).toEqual({ ok: false, reason: 'The input is empty.' });
    expect(!importText('a\u0000b').ok).toBe(true);
    expect(importText('x'.repeat(6 * 1024 * 1024))).toMatchObject({ ok: false, reason: expect.stringContaining('more than CNI Studio reads as a config (5 MB)') });
  });
  it('reads bytes that are not UTF-8 as Go does (JSON) or refuses them (YAML, binary); a U+FFFD in text is text', async () => {
    const conflist = (name: string) => `{"cniVersion": "1.0.0", "name": "${name}", "plugins": [{"type": "loopback"}]}`;
    const bytes = (text: string, at: number, ...extra: number[]) => {
      const b = new TextEncoder().encode(text);
      return new Uint8Array([...b.slice(0, at), ...extra, ...b.slice(at)]);
    };
    // Inside a string: each byte is one U+FFFD (a cut 3-byte sequence is two), the config loads, with a warning at the byte.
    const inName = conflist('caf').indexOf('caf') + 3;
    const latin1 = await importFile(new File([bytes(conflist('caf'), inName, 0xe9)], 'latin1.conflist'));
    expect(latin1).toMatchObject({ ok: true, doc: { name: 'caf\uFFFD' }, notes: [{ code: 'CNI010', severity: 'warning', line: 1, column: inName + 1 }] });
    const cut = await importFile(new File([bytes(conflist('x'), inName - 2, 0xe2, 0x82)], 'cut.conflist'));
    expect(cut).toMatchObject({ ok: true, doc: { name: 'x\uFFFD\uFFFD' } });
    // Outside a string it is a syntax error, as in Go; YAML must be UTF-8.
    const outside = await importFile(new File([bytes(conflist('x'), 1, 0xff)], 'outside.conflist'));
    expect(outside.ok).toBe(false);
    const yaml = await importFile(new File([bytes('apiVersion: v1\nkind: List\nitems: []\n# caf', 40, 0xe9)], 'nads.yaml'));
    expect(yaml).toEqual({ ok: false, reason: "nads.yaml cannot be imported: it is not UTF-8 text, which Kubernetes' YAML reader requires. Nothing was changed." });
    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d])], 'image.conflist');
    expect(await importFile(png)).toEqual({ ok: false, reason: 'image.conflist cannot be imported: it contains binary data (NUL bytes), not text. Nothing was changed.' });
    expect(await importFile(new File([conflist('repl\uFFFDchar')], 'fffd.conflist'))).toMatchObject({ ok: true, doc: { name: 'repl\uFFFDchar' } });
    expect(importText(conflist('pasted\uFFFD'))).toMatchObject({ ok: true, doc: { name: 'pasted\uFFFD' } });
  });
  it('opens a file with a BOM and notes that libcni refuses it as it is', async () => {
    const bom = new File([new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"cniVersion": "1.0.0", "name": "b", "plugins": [{"type": "loopback"}]}')])], 'bom.conflist');
    const r = await importFile(bom);
    expect(r).toMatchObject({ ok: true, doc: { name: 'b' }, notes: [{ code: 'CNI001', message: expect.stringContaining('byte order mark') }] });
  });
});
