import { describe, expect, it } from 'vitest';
import { importText } from './import';

describe('importText', () => {
  it('imports a conflist as is', () => {
    const r = importText('{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "loopback"}]}', '99-lo.conflist');
    expect(r).toMatchObject({ ok: true, fileName: '99-lo.conflist', notes: [], doc: { name: 'n', plugins: [{ type: 'loopback' }] } });
  });
  it('wraps a .conf and says so', () => {
    const r = importText('{"cniVersion": "0.4.0", "name": "n", "type": "bridge"}', '10-br.conf');
    expect(r.ok && r.summary).toContain('wrapped into a list');
    expect(r.ok && r.notes.map((f) => f.code)).toEqual(['CNI009']);
  });
  it('imports JSON with comments and trailing commas, listing those problems', () => {
    const r = importText('{\n// x\n"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "loopback"},]}');
    expect(r.ok && r.notes.map((f) => f.code).sort()).toEqual(['CNI002', 'CNI003']);
  });
  it('imports the first NAD of a multi-document YAML and mentions the others', () => {
    const nad = (name: string) => `kind: NetworkAttachmentDefinition\nmetadata:\n  name: ${name}\nspec:\n  config: '{"cniVersion": "1.0.0", "type": "loopback"}'\n`;
    const r = importText(`${nad('a')}---\n${nad('b')}`, 'nads.yaml');
    expect(r).toMatchObject({ ok: true, doc: { name: 'a' } });
    expect(r.ok && r.summary).toContain('1 more configuration');
  });
  it('refuses what is not a CNI config, saying where and why', () => {
    expect(importText('{"foo": 1}')).toEqual({ ok: false, reason: 'Nothing was imported: the pasted JSON is not a CNI configuration (it has neither a "plugins" list nor a plugin "type").' });
    const broken = importText('{"name": "n",\n "plugins": [', 'x.conflist');
    expect(!broken.ok && broken.reason).toMatch(/^Nothing was imported from x\.conflist: line 2, column \d+: Not valid JSON/);
    expect(importText('')).toEqual({ ok: false, reason: 'The input is empty.' });
    expect(!importText('a\u0000b').ok).toBe(true);
    expect(importText('x'.repeat(6 * 1024 * 1024))).toMatchObject({ ok: false, reason: expect.stringContaining('too large') });
  });
});
