import { describe, expect, it } from 'vitest';
import { loadSchemas } from '../../node/schemas';
import { realFixture } from '../../node/fixtures';
import { createCatalog } from '../catalog/catalog';
import type { JsonObject, JsonValue } from '../model/types';
import { TEMPLATES } from '../templates';
import { bridge, list, portmap } from '../testing';
import { createValidator } from '../validate/create';
import type { Finding } from '../validate/finding';
import { semanticDiff } from './diff';
import { explainConflist } from './explain';
import { markdownCode, markdownText, reviewReport } from './report';

const schemas = loadSchemas();
const catalog = createCatalog(schemas);
const fixture = realFixture;
const clone = <T extends JsonValue>(v: T): T => structuredClone(v);
const plugin = (doc: JsonObject, i: number) => (doc.plugins as JsonObject[])[i]!;
const validator = createValidator(schemas);

describe('explainConflist', () => {
  it('explains the containerd template: subnet, masquerade, port mappings', () => {
    const doc = TEMPLATES.find((t) => t.id === 'containerd-bridge')!.document;
    const [opening, br, pm, ...rest] = explainConflist(doc, catalog);
    expect(rest).toEqual([]);
    expect(opening).toBe(
      'Network "containerd-net" uses CNI spec 1.0.0 and chains 2 plugins: bridge → portmap. On ADD bridge runs first and creates the container\'s interface; each later plugin gets the previous one\'s result, and DEL runs them last to first.',
    );
    expect(br).toMatch(/^1\. bridge: Creates the Linux bridge cni0/);
    expect(br).toContain('masquerades');
    expect(br).toContain('one address from 10.88.0.0/16 and one from fd00:10:88::/64');
    expect(pm).toMatch(/^2\. portmap: .*forward the host ports/);
    expect(pm).not.toContain('forwards nothing');
  });

  it('names an explicit gateway and the MTU, and reads keys case-insensitively', () => {
    const [, br] = explainConflist(fixture('87-podman-bridge.conflist'), catalog);
    expect(br).toContain('gives it the gateway address 10.88.0.1');
    const [, mtu] = explainConflist(list([bridge({ MTU: 1450 })]), catalog);
    expect(mtu).toContain('veth pair (MTU 1450)');
  });

  it('falls back to the catalog summary for plugins without plain words, and lists capabilities', () => {
    const [opening, calico, , bandwidth] = explainConflist(fixture('10-calico.conflist'), catalog);
    expect(opening).toContain('calico runs first');
    expect(calico).toBe('1. calico: Calico routed veth (or HNS endpoint) with a WorkloadEndpoint in the Calico datastore.');
    expect(bandwidth).toMatch(/^3\. bandwidth: Puts traffic shaping .* The runtime passes it bandwidth \(declared capabilities\) in runtimeConfig\.$/);
  });

  it('says when the chain cannot work or is empty', () => {
    expect(explainConflist(list([portmap()]), catalog)[0]).toContain('portmap runs first but needs a previous result, so ADD fails');
    expect(explainConflist(list([]), catalog)).toEqual(['Network "testnet" uses CNI spec 1.0.0 and has no plugins, so a runtime refuses it.']);
    expect(explainConflist(list([{ type: 'portmap' }]), catalog)[1]).toContain('forwards nothing');
    expect(explainConflist({ name: 'x', plugins: [{ type: 'loopback' }] }, catalog)[0]).toContain('no cniVersion');
  });
});

describe('reviewReport', () => {
  const before = fixture('10-containerd-net.conflist');
  const after = clone(before);
  plugin(after, 0).mtu = 1450;
  (plugin(after, 0).ipam as JsonObject).ranges = [[{ subnet: '10.99.0.0/16' }]];
  after.plugins = [plugin(after, 0), { type: 'tuning', sysctl: { 'net.core.somaxconn': '1024' } }];
  const findings: Finding[] = [
    { code: 'CNI999', severity: 'warning', message: 'a | b <c>', pointer: '/plugins/1', pluginIndex: 1 },
    { code: 'CNI998', severity: 'error', message: 'list-level', pointer: '' },
  ];
  const md = reviewReport({ before, after, beforeLabel: 'old.conflist', afterLabel: 'new.conflist', findings, catalog });

  it('has the title, the explanation, findings, changes and risk notes, in that order', () => {
    const headings = md.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toEqual(['# Review: network "containerd-net"', '## What the configuration does', '## Findings', '## Changes', '### Plugins', '### Fields', '## Risk notes']);
    expect(md).toContain('Compares base `old.conflist` with proposed `new.conflist`. Validation: 1 error, 1 warning, 0 notes. Risk notes: 2 high, 1 medium, 1 low.');
    expect(md).toContain('1. bridge: Creates the Linux bridge cni0');
  });

  it('puts findings in a table, errors first, with | escaped', () => {
    expect(md).toContain('| Severity | Code | Plugin | Message |\n| --- | --- | --- | --- |\n| error | CNI998 | — | list-level |\n| warning | CNI999 | tuning (2) | a \\| b \\<c\\> |');
  });

  it('lists plugin and field changes with old → new in code spans', () => {
    expect(md).toContain('- added: `tuning` at position 2');
    expect(md).toContain('- removed: `portmap` (was at position 2)');
    expect(md).toContain('- `/plugins/0/ipam/ranges/0/0/subnet`: `"10.88.0.0/16"` → `"10.99.0.0/16"`');
    expect(md).toContain('- `/plugins/0/mtu` added: `1450`');
    expect(md).toContain('- `/plugins/0/ipam/ranges/1` removed (was `[{"subnet":"2001:4860:4860::/64"}]`)');
  });

  it('lists the risk notes highest first', () => {
    const section = md.slice(md.indexOf('## Risk notes'));
    const severities = [...section.matchAll(/^- \*\*(\w+)\*\*/gm)].map((m) => m[1]);
    expect(severities).toEqual(['high', 'high', 'medium', 'low']);
    expect(section).toContain('portmap (2) is removed: host ports stop working');
  });

  it('works without an earlier version, and with precomputed parts', () => {
    const alone = reviewReport({ after: before, findings: [] });
    expect(alone).toContain('No findings');
    expect(alone.match(/No earlier version to compare with\./g)).toHaveLength(2);
    const same = reviewReport({ before, after: before, findings: validator.validate(before), catalog });
    expect(same).toContain('No semantic changes');
    expect(same).toContain('None: no change in this review');
    const given = reviewReport({ before, after, findings: [], diff: semanticDiff(before, after, catalog), risks: [{ rule: 'mtu-changed', severity: 'low', message: 'custom note' }], explanation: ['Custom words.'] });
    expect(given).toContain('- **low**: custom note');
    expect(given).toContain('Custom words.');
  });

  it('escapes Markdown in text and picks a safe fence for code', () => {
    expect(markdownText('a|b *c* <d>\nnext')).toBe('a\\|b \\*c\\* \\<d\\> next');
    expect(markdownCode('plain')).toBe('`plain`');
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('`x`')).toBe('`` `x` ``');
  });
});
