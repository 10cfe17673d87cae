import { describe, expect, it } from 'vitest';
import jsonLanguageService from 'vscode-json-languageservice';
import { createValidator } from './validate/create';
import { buildEditorSchemas, pluginModelPath, DOCUMENT_MODEL_PATH } from './catalog/editor-schemas';
import { validatePluginText } from './validate/plugin-text';
import { fixToTextEdits, applyTextEdits } from './edit/text-fix';
import { applyPatch } from './model/patch';
import { dns1123Name, toNadYaml } from './formats/nad';
import { parseSource } from './model/source';
import { createAjv } from './schema/ajv';
import { loadSchemas } from '../node/schemas';
import { bridge, list, portmap } from './testing';
import type { JsonObject } from './model/types';

const { getLanguageService, TextDocument } = jsonLanguageService;
const validator = createValidator(loadSchemas());
const editorSchemas = buildEditorSchemas(validator.catalog);

describe('editor schemas', () => {
  it('all compile in ajv strict mode', () => {
    const ajv = createAjv();
    for (const s of editorSchemas) ajv.addSchema({ ...s.schema, $id: s.uri });
    for (const s of editorSchemas) expect(() => ajv.getSchema(s.uri), s.uri).not.toThrow();
  });

  // The same engine Monaco's JSON worker runs, configured the same way.
  const ls = getLanguageService({
    schemaRequestService: (uri) => Promise.reject(new Error(`no remote schemas: ${uri}`)),
    workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).href },
  });
  ls.configure({ validate: false, schemas: editorSchemas });
  const at = async (path: string, text: string) => {
    const offset = text.indexOf('|');
    const clean = text.replace('|', '');
    const doc = TextDocument.create(`cni-studio:${path}`, 'json', 1, clean);
    return { doc, json: ls.parseJSONDocument(doc), position: doc.positionAt(offset) };
  };

  it('complete a plugin key from its own schema, chosen by the model path', async () => {
    const { doc, json, position } = await at(pluginModelPath('p1', 'bridge'), '{\n  "type": "bridge",\n  "hai|"\n}');
    const labels = (await ls.doComplete(doc, position, json))!.items.map((i) => i.label);
    expect(labels).toContain('hairpinMode');
    expect(labels).not.toContain('snat');
  });

  it("follow the runtime profile: keys its releases do not read are not offered (bridge's portIsolation before 1.7.0, disableGC before libcni 1.2.1)", async () => {
    const offered = async (profile: { libcni: string; plugins: string } | undefined, path: string, text: string) => {
      const service = getLanguageService({ schemaRequestService: (uri) => Promise.reject(new Error(uri)), workspaceContext: { resolveRelativePath: (r, res) => new URL(r, res).href } });
      service.configure({ validate: false, schemas: buildEditorSchemas(validator.catalog, profile) });
      const offset = text.indexOf('|');
      const doc = TextDocument.create(`cni-studio:${path}`, 'json', 1, text.replace('|', ''));
      return (await service.doComplete(doc, doc.positionAt(offset), service.parseJSONDocument(doc)))!.items.map((i) => i.label);
    };
    const bridgeKeys = (profile?: { libcni: string; plugins: string }) => offered(profile, pluginModelPath('p1', 'bridge'), '{"type": "bridge", "|"}');
    expect(await bridgeKeys({ libcni: '1.3.0', plugins: '1.9.1' })).toEqual(expect.arrayContaining(['portIsolation', 'vlanTrunk', 'hairpinMode']));
    const old = await bridgeKeys({ libcni: '1.1.2', plugins: '1.1.1' });
    expect(old).toContain('hairpinMode');
    expect(old).not.toContain('portIsolation');
    expect(old).not.toContain('vlanTrunk');
    // Without a profile, every key (the hover says the release that added it).
    expect(await bridgeKeys(undefined)).toContain('portIsolation');
    const listKeys = (libcni: string) => offered({ libcni, plugins: '1.9.1' }, DOCUMENT_MODEL_PATH, '{"cniVersion": "1.0.0", "|"}');
    expect(await listKeys('1.3.0')).toContain('disableGC');
    expect(await listKeys('1.1.2')).not.toContain('disableGC');
    // Nor values it does not know: firewall's "isolated" came in 1.7.0 (1.1.1 fails "unknown ingress policy").
    const policies = (plugins: string) => offered({ libcni: '1.3.0', plugins }, pluginModelPath('p1', 'firewall'), '{"type": "firewall", "ingressPolicy": |}');
    expect(await policies('1.9.1')).toEqual(['"open"', '"same-bridge"', '"isolated"', '""']);
    expect(await policies('1.1.1')).toEqual(['"open"', '"same-bridge"', '""']);
  });

  it('complete IPAM keys by ipam.type, and IPAM types by name', async () => {
    const ranges = await at(pluginModelPath('p1', 'bridge'), '{"type": "bridge", "ipam": {"type": "host-local", "ra|"}}');
    expect((await ls.doComplete(ranges.doc, ranges.position, ranges.json))!.items.map((i) => i.label)).toContain('ranges');
    const types = await at(pluginModelPath('p1', 'ptp'), '{"type": "ptp", "ipam": {"type": "|"}}');
    const labels = (await ls.doComplete(types.doc, types.position, types.json))!.items.map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['"host-local"', '"static"', '"dhcp"', '"whereabouts"']));
  });

  it('hover says what a field does, its default and the release that added it', async () => {
    const { doc, json, position } = await at(pluginModelPath('p1', 'bridge'), '{"type": "bridge", "vlanTr|unk": []}');
    const hover = await ls.doHover(doc, position, json);
    const text = JSON.stringify(hover?.contents);
    expect(text).toContain('Added in plugins v1.3.0');
    const d = await at(pluginModelPath('p1', 'portmap'), '{"type": "portmap", "mark|MasqBit": 13}');
    expect(JSON.stringify((await ls.doHover(d.doc, d.position, d.json))?.contents)).toMatch(/13/);
  });

  it('complete every plugin\'s own keys, and every IPAM type\'s keys inside ipam', async () => {
    const labelsAt = async (path: string, text: string) => {
      const { doc, json, position } = await at(path, text);
      return (await ls.doComplete(doc, position, json))!.items.map((i) => i.label);
    };
    for (const entry of validator.catalog.entries) {
      // Deprecated and hidden keys are rightly not offered.
      const keys = Object.entries(entry.schema.properties ?? {})
        .filter(([k, p]) => !['type', 'name', 'cniVersion', 'prevResult', 'runtimeConfig', 'args'].includes(k) && !p.deprecationMessage && !p.doNotSuggest)
        .map(([k]) => k);
      if (entry.role === 'ipam') {
        const labels = await labelsAt(pluginModelPath('p', 'bridge'), `{"type": "bridge", "ipam": {"type": "${entry.type}", |}}`);
        expect(keys.filter((k) => !labels.includes(k)), entry.type).toEqual([]);
      } else {
        const labels = await labelsAt(pluginModelPath('p', entry.type), `{"type": "${entry.type}", |}`);
        expect(keys.filter((k) => !labels.includes(k)), entry.type).toEqual([]);
      }
    }
  });

  it('complete the whole document, plugins included', async () => {
    const { doc, json, position } = await at(DOCUMENT_MODEL_PATH, '{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "tuning", "sys|"}]}');
    expect((await ls.doComplete(doc, position, json))!.items.map((i) => i.label)).toContain('sysctl');
  });
});

describe('validatePluginText', () => {
  const doc = list([bridge(), portmap()]);
  it('puts the list validator findings on ranges of the plugin text', () => {
    const text = '{\n  "type": "bridge",\n  "cniVersion": "0.3.1",\n  "mtu": "1500"\n}';
    const r = validatePluginText(validator, doc, 0, text);
    expect(r.strict).toBe(true);
    const typeError = r.findings.find((f) => f.code === 'CNI202')!;
    expect(text.slice(typeError.range!.start, typeError.range!.end)).toBe('"1500"');
    expect(typeError).toMatchObject({ line: 4, column: 10, pointer: '/mtu' });
    expect(typeError.fix!.patch![0]).toMatchObject({ path: '/mtu', value: 1500 });
    expect(r.findings.find((f) => f.code === 'CNI210')).toMatchObject({ severity: 'info', line: 3 });
  });
  it('applies chain rules in context and reports syntax without committing', () => {
    expect(validatePluginText(validator, doc, 0, '{"type": "portmap", "capabilities": {"portMappings": true}}').findings.map((f) => f.code)).toContain('CNI300');
    const loose = validatePluginText(validator, doc, 0, '{"type": "bridge", // x\n}');
    expect(loose.strict).toBe(false);
    expect(loose.plugin).toEqual({ type: 'bridge' });
    const broken = validatePluginText(validator, doc, 0, '{"type": "bri');
    expect(broken).toMatchObject({ plugin: undefined, strict: false });
    expect(broken.findings[0]!.code).toBe('CNI001');
  });
});

describe('fixToTextEdits', () => {
  const text = '{\n  "type": "bridge",\n  "MTU": "1500",\n  "hairpinmode": true\n}';
  const patchResult = (value: JsonObject, fixPatch: Parameters<typeof applyPatch>[1]) => JSON.stringify(applyPatch(value, fixPatch));
  it('renames a key, replaces a value and removes one, touching only those spots', () => {
    for (const patch of [
      [{ op: 'rename' as const, path: '/hairpinmode', key: 'hairpinMode' }],
      [{ op: 'replace' as const, path: '/MTU', value: 1500 }],
      [{ op: 'remove' as const, path: '/MTU' }],
      [{ op: 'add' as const, path: '/capabilities', value: { mac: true } }],
    ]) {
      const edits = fixToTextEdits(text, { title: 't', patch })!;
      const after = applyTextEdits(text, edits);
      expect(JSON.stringify(JSON.parse(after))).toBe(patchResult(JSON.parse(text), patch));
      expect(after.startsWith('{\n  "type": "bridge",')).toBe(true);
    }
  });
  it('passes syntax fixes through as they are', () => {
    const fix = { title: 'Remove the comment', edits: [{ offset: 1, length: 4, content: '' }] };
    expect(fixToTextEdits('{/**/}', fix)).toEqual(fix.edits);
  });
});

describe('NAD YAML', () => {
  it('carries the conflist as a block scalar and reads back as the same document', () => {
    const doc = list([bridge(), portmap()], { name: 'Lab_Net.1' });
    const yaml = toNadYaml(doc, { namespace: 'default', resourceName: 'intel.com/sriov' });
    expect(yaml).toContain('name: lab-net-1');
    expect(yaml).toContain('config: |');
    expect(yaml).toContain('k8s.v1.cni.cncf.io/resourceName: intel.com/sriov');
    const back = parseSource(yaml, { fileName: 'nad.yaml' });
    expect(back.configs[0]!.conflist).toEqual(doc);
    expect(validator.validateSource(back).filter((f) => f.severity === 'error')).toEqual([]);
  });
  it('derives DNS-1123 names', () => {
    expect(dns1123Name('My_Network..1-')).toBe('my-network-1');
    expect(dns1123Name('---')).toBe('cni-network');
    expect(dns1123Name('a'.repeat(80))).toHaveLength(63);
  });
});
