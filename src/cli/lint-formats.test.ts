// lint for CI: SARIF 2.1.0 as code-scanning services read it, and GitHub workflow annotations, both with
// the same findings, files, lines and columns as the text format.
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES_BY_CODE } from '../core';
import { cli, tempFiles } from './testing';

const files = tempFiles('cni-studio-lint-formats-');
// A conflist with an error and a warning, and a NAD (its name has a comma and a space) with findings of its own.
const bad = files.write('10-bad.conflist', '{\n  "cniVersion": "1.0.0",\n  "name": "bad",\n  "plugins": [\n    { "type": "bridge", "ipam": { "type": "host-local" } },\n    { "type": "portmap", "capabilities": { "portMappings": true }, "snat": "yes" }\n  ]\n}\n');
const nad = files.write('nets/macvlan, one.yaml', 'apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: macvlan-conf\nspec:\n  config: |\n    {\n      "cniVersion": "1.0.0",\n      "type": "macvlan", "mode": "bridgee",\n      "ipam": { "type": "dhcp" }\n    }\n');

interface SarifLog {
  version: string;
  $schema: string;
  runs: {
    tool: { driver: { name: string; semanticVersion: string; rules: { id: string; shortDescription: { text: string }; fullDescription?: { text: string }; help?: { text: string }; defaultConfiguration?: { level: string } }[] } };
    results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[];
  }[];
}

describe('lint --format sarif', () => {
  it('is a SARIF 2.1.0 log: one rule per finding code with its documentation, each result at its file, line and column', async () => {
    const text = await cli('lint', bad, nad);
    const r = await cli('lint', '--format', 'sarif', bad, nad);
    expect(r.code).toBe(text.code);
    const log = JSON.parse(r.out) as SarifLog;
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(log.runs).toHaveLength(1);
    const [run] = log.runs;
    expect(run!.tool.driver.name).toBe('cni-studio');
    expect(run!.tool.driver.semanticVersion).toMatch(/^\d+\.\d+\.\d+/);
    // The same findings as the text format, in the same places.
    const fromText = text.out.split('\n').slice(0, -1).map((l) => /^(.*):(\d+):(\d+) (\w+) (CNI\d+) /.exec(l)!).map((m) => `${relative(process.cwd(), m[1]!)}:${m[2]}:${m[3]} ${m[5]}`);
    const fromSarif = run!.results.map((x) => `${decodeURIComponent(x.locations[0]!.physicalLocation.artifactLocation.uri)}:${x.locations[0]!.physicalLocation.region.startLine}:${x.locations[0]!.physicalLocation.region.startColumn} ${x.ruleId}`);
    expect(fromSarif).toEqual(fromText);
    expect(fromSarif.length).toBeGreaterThan(1);
    // Each rule once, documented from the catalog; each result points at its rule and has a SARIF level.
    const ids = run!.tool.driver.rules.map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of run!.tool.driver.rules) {
      const doc = RULES_BY_CODE.get(rule.id)!;
      expect(rule.shortDescription.text).toBe(doc.title);
      expect(rule.fullDescription!.text).toBe(doc.why);
      expect(rule.help!.text).toContain(doc.fix);
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration!.level);
    }
    for (const x of run!.results) {
      expect(run!.tool.driver.rules[x.ruleIndex]!.id).toBe(x.ruleId);
      expect(['error', 'warning', 'note']).toContain(x.level);
      expect(x.message.text.length).toBeGreaterThan(0);
      // A URI reference relative to the checkout: no absolute path, no backslashes, spaces and commas encoded.
      expect(x.locations[0]!.physicalLocation.artifactLocation.uri).not.toMatch(/^\/|\\| /);
    }
    expect(run!.results.some((x) => x.locations[0]!.physicalLocation.artifactLocation.uri.endsWith('macvlan%2C%20one.yaml'))).toBe(true);
  });
});

describe('lint --format github', () => {
  it('prints one workflow annotation per finding, with the file, line, column and code, escaped as workflow commands require', async () => {
    const text = await cli('lint', bad, nad);
    const r = await cli('lint', '--format', 'github', bad, nad);
    expect(r.code).toBe(text.code);
    const lines = r.out.split('\n');
    expect(lines).toHaveLength(text.out.split('\n').length - 1);
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,title=CNI\d+::CNI\d+ \S/);
    // A comma in the file name would end the property: it is escaped.
    expect(lines.some((l) => l.includes('file=') && l.includes('macvlan%2C one.yaml'))).toBe(true);
    const first = /^(.*):(\d+):(\d+) (\w+) (CNI\d+) (.*)$/.exec(text.out.split('\n')[0]!)!;
    expect(lines[0]).toBe(`::${first[4] === 'info' ? 'notice' : first[4]} file=${relative(process.cwd(), first[1]!)},line=${first[2]},col=${first[3]},title=${first[5]}::${first[5]} ${first[6]}`);
  });

  it('refuses a format it does not know, naming the ones it does', async () => {
    const r = await cli('lint', '--format', 'xml', bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--format must be text, json, sarif or github, not "xml"');
  });
});
