// The published schemas work where users put them: an editor fetching them by URL (VS Code's JSON
// service, the same engine as vscode-json-languageservice), with a conflist pointing at them via $schema.
import { describe, expect, it } from 'vitest';
import jsonLanguageService from 'vscode-json-languageservice';
import { buildDocumentSchema, buildIpamDispatchSchema, createCatalog } from '../core';
import { loadSchemas, publishedSchemas } from './schemas';

const { getLanguageService, TextDocument } = jsonLanguageService;
const catalog = createCatalog(loadSchemas());
const files = publishedSchemas([buildIpamDispatchSchema(catalog), buildDocumentSchema(catalog)]);
const BASE = 'http://127.0.0.1:7478/schemas/';

describe('published schemas', () => {
  it('are served at stable paths, with no internal ids or absolute refs left', () => {
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['conflist.schema.json', 'defs.schema.json', 'document.schema.json', 'plugins/bridge.schema.json', 'plugins/host-local.schema.json']));
    for (const f of files) expect(f.text, f.path).not.toContain('cni-studio.dev');
  });

  it('validate a conflist in an editor that fetches them by URL, from its $schema', async () => {
    const requested: string[] = [];
    const ls = getLanguageService({
      schemaRequestService: async (uri) => {
        requested.push(uri);
        const file = files.find((f) => BASE + f.path === uri);
        if (!file) throw new Error(`404 ${uri}`);
        return file.text;
      },
      workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).href },
    });
    ls.configure({ validate: true, allowComments: false });
    const text = JSON.stringify({ $schema: `${BASE}document.schema.json`, cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', mtu: '1500', ipam: { type: 'host-local', ranges: 'x' } }] });
    const doc = TextDocument.create('file:///work/10-n.conflist', 'json', 1, text);
    const diagnostics = await ls.doValidation(doc, ls.parseJSONDocument(doc), { schemaValidation: 'error' });
    const messages = diagnostics.map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
    expect(messages.filter((m) => /Incorrect type/.test(m))).toHaveLength(2); // bridge's mtu and host-local's ranges
    expect(messages.some((m) => /Unable to load|Problems loading/.test(m))).toBe(false);
    expect(requested).toEqual(expect.arrayContaining([`${BASE}document.schema.json`, `${BASE}plugins/bridge.schema.json`, `${BASE}defs.schema.json`]));
  });
});
