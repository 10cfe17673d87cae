// lint on whole-cluster dumps: kubectl's List as YAML and JSON, each finding naming its object and its
// line in the dump, and the rules across NADs over every file given (a dump, files, a directory).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli, tempFiles } from './testing';

const { write } = tempFiles('cni-studio-lint-dump-');
const DUMP = readFileSync(resolve(__dirname, '../core/validate/testdata/nads-dump.yaml'), 'utf8');
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('cni-studio lint on a kubectl dump', () => {
  it('prints [namespace/name] in text, with the cross-NAD findings on their lines, and fails on the overlap error', async () => {
    const file = write('nads.yaml', DUMP);
    const r = await cli('lint', file);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${file}:${lineOf(DUMP, '"range": "10.40.0.128/25"')}:20 warning CNI804 [lab/macvlan-b] whereabouts range 10.40.0.128/25 overlaps 10.40.0.0/24 of lab/macvlan-a (line 11)`);
    expect(r.out).toMatch(new RegExp(`:\\d+:\\d+ error CNI803 \\[team2/br-front-2\\] host-local range 10.50.0.0/24 on bridge br-front`));
    expect(r.out).toContain('info CNI108 [lab/shared-a] ');
    expect(r.out).toMatch(/1 file\(s\): 1 error\(s\), 3 warning\(s\)/);
  });

  it('reads the -o json form, and gives "object" in JSON, SARIF and GitHub annotations', async () => {
    const json = write('nads.json', JSON.stringify(parse(DUMP), null, 4));
    const asJson = JSON.parse((await cli('lint', '--format', 'json', json)).out) as { findings: { code: string; object?: string; line: number }[] }[];
    expect(asJson[0]!.findings.map((f) => `${f.code} ${f.object}`)).toEqual(expect.arrayContaining(['CNI801 team2/ipvlan-x', 'CNI802 team2/br-front-3', 'CNI803 team2/br-front-2', 'CNI804 lab/macvlan-b']));
    const sarif = JSON.parse((await cli('lint', '--format', 'sarif', json)).out) as { runs: { results: { ruleId: string; message: { text: string }; properties?: { object?: string } }[] }[] };
    const overlap = sarif.runs[0]!.results.find((x) => x.ruleId === 'CNI803')!;
    expect(overlap.message.text).toMatch(/^\[team2\/br-front-2\] host-local range/);
    expect(overlap.properties?.object).toBe('team2/br-front-2');
    const github = (await cli('lint', '--format', 'github', json)).out.split('\n');
    expect(github.find((l) => l.includes('CNI803'))).toMatch(/^::error file=.*nads\.json,line=\d+,col=\d+,title=CNI803::CNI803 \[team2\/br-front-2\] host-local/);
  });

  it('checks the NADs of several files and of a directory against each other, pods included', async () => {
    const nad = (name: string, ns: string, range: string) => `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  config: '{"cniVersion": "1.0.0", "name": "${name}", "type": "macvlan", "master": "eth1", "ipam": {"type": "whereabouts", "range": "${range}", "enable_overlapping_ranges": false}}'\n`;
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: client\n  namespace: lab\n  annotations:\n    k8s.v1.cni.cncf.io/networks: a, lab/missing@net2\nspec:\n  containers: []\n';
    write('cluster/a.yaml', nad('a', 'lab', '10.9.0.0/16'));
    write('cluster/b.yaml', nad('b', 'lab', '10.9.8.0/24'));
    const podFile = write('cluster/pod.yaml', pod);
    const r = await cli('lint', resolve(podFile, '..'));
    expect(r.out).toMatch(/b\.yaml:7:\d+ warning CNI804 \[lab\/b\] whereabouts range 10\.9\.8\.0\/24 overlaps 10\.9\.0\.0\/16 of lab\/a \(.*a\.yaml:line 4\)/);
    expect(r.out).toContain(`${podFile}:7:34 warning CNI805 [lab/client] Pod lab/client asks for network lab/missing`);
    expect(r.out).not.toContain('CNI024');
    // A plain conflist's output keeps its form: no object.
    const plain = write('plain.conflist', '{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "bridge", "mtu": "1500"}]}');
    expect((await cli('lint', plain)).out).toContain(`${plain}:1:76 error CNI202 mtu must be a whole number`);
  });

  it('reads a dump beyond the 5 MB of a CNI config (up to 64 MB), and still refuses a JSON config that large', async () => {
    const item = (i: number) => `- apiVersion: k8s.cni.cncf.io/v1\n  kind: NetworkAttachmentDefinition\n  metadata:\n    name: net-${i}\n    namespace: n\n  spec:\n    config: '{"cniVersion": "1.0.0", "name": "net-${i}", "type": "macvlan", "master": "eth1", "ipam": {"type": "dhcp"}}'\n`;
    const big = `apiVersion: v1\nitems:\n${Array.from({ length: 40_000 }, (_, i) => item(i)).join('')}kind: List\n`;
    expect(big.length).toBeGreaterThan(5 * 1024 * 1024);
    const r = await cli('lint', '--format', 'json', write('big.yaml', big));
    const findings = (JSON.parse(r.out) as { findings: { code: string }[] }[])[0]!.findings;
    expect(findings.map((f) => f.code)).not.toContain('CNI010');
    expect(findings.filter((f) => f.code === 'CNI613')).toHaveLength(40_000);
    const conf = await cli('lint', write('big.conflist', `{"name": "${'x'.repeat(6 * 1024 * 1024)}"}`));
    expect(conf.out).toContain('CNI010');
  }, 120_000);
});
