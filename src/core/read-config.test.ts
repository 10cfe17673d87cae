import { describe, expect, it } from 'vitest';
import { readConfig } from './read-config';
import { confDirKind, isConfigFileName, kindFromFileName } from './model/file-names';
import { createValidator } from './validate/create';
import { loadSchemas } from '../node/schemas';

const validator = createValidator(loadSchemas());
const list = JSON.stringify({ cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'loopback' }] });
const single = JSON.stringify({ cniVersion: '1.0.0', name: 'n', type: 'loopback' });
const nad = (name: string, config = single) => `kind: NetworkAttachmentDefinition\nmetadata:\n  name: ${name}\nspec:\n  config: '${config}'\n`;

describe('readConfig', () => {
  it('reads a conflist, a .conf (wrapped as libcni does) and a NAD by the file name', () => {
    expect(readConfig(list, '10-n.conflist', validator)).toMatchObject({ ok: true, form: 'conflist', index: 0, others: 0, findings: [], document: { name: 'n' } });
    const conf = readConfig(single, '10-n.conf', validator);
    expect(conf).toMatchObject({ ok: true, form: 'conf', document: { plugins: [{ type: 'loopback' }] } });
    expect(conf.ok && conf.findings.map((f) => f.code)).toEqual(['CNI009']);
    expect(readConfig(nad('a'), 'nad.yml', validator)).toMatchObject({ ok: true, form: 'nad', label: 'a', document: { name: 'n' } });
  });

  it("keeps a NAD's name, namespace and resourceName (what writing it back as a NAD needs), from YAML and JSON alike", () => {
    const meta = { name: 'macvlan-conf', namespace: 'team-a', resourceName: 'intel.com/sriov' };
    const yaml = `kind: NetworkAttachmentDefinition\nmetadata:\n  name: macvlan-conf\n  namespace: team-a\n  annotations:\n    k8s.v1.cni.cncf.io/resourceName: intel.com/sriov\nspec:\n  config: '${single}'\n`;
    expect(readConfig(yaml, 'nad.yaml', validator)).toMatchObject({ ok: true, nad: meta });
    const json = JSON.stringify({ apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name: 'macvlan-conf', namespace: 'team-a', annotations: { 'k8s.v1.cni.cncf.io/resourceName': 'intel.com/sriov' } }, spec: { config: single } });
    expect(readConfig(json, undefined, validator)).toMatchObject({ ok: true, nad: meta });
    expect(readConfig(nad('a'), 'nad.yml', validator)).toMatchObject({ ok: true, nad: { name: 'a' } });
    expect(readConfig(list, '10-n.conflist', validator)).not.toHaveProperty('nad');
  });

  it('every extension in any case, and content for a paste', () => {
    for (const name of ['x.json', 'x.JSON', 'x.Conf']) expect(readConfig(single, name, validator)).toMatchObject({ ok: true, form: 'conf' });
    expect(readConfig(single, 'x.conflist', validator)).toMatchObject({ ok: true, findings: [expect.objectContaining({ code: 'CNI006' })] });
    expect(readConfig(nad('a'), 'x.YAML', validator)).toMatchObject({ ok: true, form: 'nad' });
    expect(readConfig(nad('a'), undefined, validator)).toMatchObject({ ok: true, form: 'nad' });
    expect(readConfig(list, undefined, validator)).toMatchObject({ ok: true, form: 'conflist' });
  });

  it('takes the first readable document of a multi-document NAD file, with its findings only', () => {
    const broken = nad('broken', '{');
    const r = readConfig(`${broken}---\n${nad('b', JSON.stringify({ cniVersion: '1.0.0', type: 'loopback', mtu: 'x' }))}---\n${nad('c')}`, 'nads.yaml', validator);
    expect(r).toMatchObject({ ok: true, index: 1, label: 'b', others: 1 });
    expect(r.ok && r.findings.length > 0 && r.findings.every((f) => f.document === 1)).toBe(true);
    expect(new Set(r.textFindings.map((f) => f.document))).toEqual(new Set([0, 1]));
  });

  it('says why nothing could be read: the first error, or that the text is not text', () => {
    const r = readConfig('{"name": "n",\n "plugins": [', 'x.conflist', validator);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.failure).toMatchObject({ code: 'CNI001', severity: 'error', line: 2 });
    expect(readConfig('a\u0000b', 'x.conflist', validator)).toMatchObject({ ok: false, unreadable: 'it contains binary data (NUL bytes), not text', failure: { code: 'CNI010', line: 1, column: 1 } });
  });
});

describe('file names', () => {
  it('are read in any case; a conf directory compares extensions exactly, as libcni does', () => {
    expect(['a.conflist', 'a.CONF', 'a.json', 'a.yaml', 'a.YML'].every(isConfigFileName)).toBe(true);
    expect(['a.txt', 'a.conflist.bak', 'README'].some(isConfigFileName)).toBe(false);
    expect([kindFromFileName('a.Conflist'), kindFromFileName('a.json'), kindFromFileName('a.yaml'), kindFromFileName(undefined)]).toEqual(['conflist', 'conf', 'auto', 'auto']);
    expect(['a.conflist', 'a.conf', 'a.json', 'a.CONF', 'a.yaml'].map(confDirKind)).toEqual(['conflist', 'conf', 'conf', undefined, undefined]);
  });
});
