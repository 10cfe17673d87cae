// The event reader (and the JSON reader) are only faster ways to what yaml reads: wherever one answers, its answer must equal
// parseNadYaml's reading with yaml alone (every object, finding and range, and where each offset of each
// config maps), on the real NAD fixtures, on dumps shaped as kubectl prints them, and on thousands of
// seeded mutations of both; and it must answer for the dumps, or it would be no faster.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseNadYaml, type NadDocument } from './nad';
import { readNadEvents } from './nad-events';
import { readNadJson } from './nad-json';
import { mulberry32, pick, TEXT_MUTATIONS, insertAt } from '../../node/mutations';

/** The fast readers parseNadYaml tries before yaml. */
const READERS = [
  ['event reader', readNadEvents],
  ['JSON reader', readNadJson],
] as const;

const FIXTURES = join(import.meta.dirname, '../../fixtures/real');
const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => ({ name: f, text: readFileSync(join(FIXTURES, f), 'utf8') }));
fixtures.push({ name: 'nads-dump.yaml', text: readFileSync(join(import.meta.dirname, '../validate/testdata/nads-dump.yaml'), 'utf8') });

/** A reading as data: each config's offset map spelled out for every offset of its text and one past it. */
function comparable(docs: readonly NadDocument[]) {
  return docs.map(({ config, ...rest }) => ({ ...rest, ...(config ? { config: { text: config.text, range: config.range, map: Array.from({ length: config.text.length + 2 }, (_, i) => config.toSource(i)) } } : {}) }));
}

const CONFIG = '{\n  "cniVersion": "1.0.0",\n  "name": "NAME",\n  "plugins": [\n    { "type": "bridge", "bridge": "br0", "ipam": { "type": "host-local", "subnet": "10.1.0.0/16" } },\n    { "type": "tuning", "mtu": 1450 }\n  ]\n}';

/** One item of a `kubectl get -o yaml` List, in one of the ways kubectl and people write spec.config. */
function item(i: number): string {
  const name = [`net-${i}`, `"net-${i}"`, `'net-${i}'`, '"123"', 'true', '1_000', `net-${i} # a comment`][i % 7]!;
  const config = CONFIG.replace('NAME', `net-${i}`);
  const compact = JSON.stringify(JSON.parse(config));
  const spaced = JSON.stringify(JSON.parse(config), null, 1).replace(/\n */g, ' ');
  const spec = [
    `    config: |\n${config.replace(/^/gm, '      ')}\n`,
    `    config: |-\n${config.replace(/^/gm, '      ')}\n\n`,
    // go-yaml folds a long single-quoted string at spaces, continuing one level deeper.
    `    config: '${spaced.replace(/, /g, ',\n      ').replace(/'/g, "''")}'\n`,
    `    config: ${JSON.stringify(compact)}\n`,
    `    config: >\n${config.replace(/^/gm, '      ')}\n`,
    '    foo: bar\n',
    `    config: '${compact}'   # trailing comment\n`,
  ][(i >> 1) % 7]!;
  const kind = i % 11 === 10 ? 'ConfigMap' : 'NetworkAttachmentDefinition';
  // What `kubectl apply` leaves and `--show-managed-fields` prints: a JSON annotation, keys such as "f:spec" and ".".
  const applied = `    annotations:\n      kubectl.kubernetes.io/last-applied-configuration: |\n        ${JSON.stringify({ apiVersion: 'k8s.cni.cncf.io/v1', kind, metadata: { name: `net-${i}` }, spec: { config: compact } })}\n    managedFields:\n    - apiVersion: k8s.cni.cncf.io/v1\n      fieldsType: FieldsV1\n      fieldsV1:\n        f:metadata:\n          f:annotations:\n            .: {}\n            f:kubectl.kubernetes.io/last-applied-configuration: {}\n        f:spec:\n          .: {}\n          f:config: {}\n      manager: kubectl-client-side-apply\n      operation: Update\n      time: "2026-11-02T09:14:03Z"\n`;
  return `- apiVersion: k8s.cni.cncf.io/v1\n  kind: ${kind}\n  metadata:\n${i % 5 === 0 ? applied : '    annotations: {}\n'}    name: ${name}\n    namespace: team-${i % 5}\n    uid: 3f0c2a6e-${i}\n  spec:\n${spec}`;
}

const list = (n: number, offset = 0) => `apiVersion: v1\nitems:\n${Array.from({ length: n }, (_, i) => item(i + offset)).join('')}kind: List\nmetadata:\n  resourceVersion: ""\n`;
const stream = (n: number) => `# exported\n${Array.from({ length: n }, (_, i) => `---\n${item(i).replace(/^- /, '  ').replace(/^ {2}/gm, '')}`).join('')}...\n`;

const DUMPS = [
  { name: 'a List of 40', text: list(40) },
  { name: 'a List of 40, CRLF', text: list(40, 3).replace(/\n/g, '\r\n') },
  { name: 'a NetworkAttachmentDefinitionList', text: list(12).replace('kind: List', 'kind: NetworkAttachmentDefinitionList') },
  { name: 'a stream of 20 documents', text: stream(20) },
  { name: 'an empty List', text: 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n' },
  // `-o json`, as kubectl indents it, and compact.
  { name: 'a List of 30 as JSON', text: `${JSON.stringify(parse(list(30)), null, 4)}\n` },
  { name: 'a List of 10 as compact JSON', text: JSON.stringify(parse(list(10, 2))) },
  { name: 'one NAD as JSON', text: JSON.stringify(parse(stream(1)), null, 2) },
  { name: 'a List of 4 as JSON', text: `${JSON.stringify(parse(list(4, 5)), null, 4)}\n` },
];

/** JSON a hostile or careless writer makes: each must be read as yaml reads it, or left to yaml. */
const nad = (extra: object) => ({ apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name: 'n', namespace: 'ns' }, spec: { config: CONFIG }, ...extra });
const EDGE_JSON = [
  { name: 'an escaped key', text: JSON.stringify(nad({})).replace('"kind"', '"\\u006bind"') },
  { name: 'a __proto__ key', text: JSON.stringify(nad({})).replace('{', '{"__proto__": {"kind": "x"}, ') },
  { name: 'a key given twice, deep', text: JSON.stringify(nad({ status: { a: 1 } })).replace('"a":1', '"a":1,"a":2') },
  { name: 'a key given twice, at the top', text: JSON.stringify(nad({})).replace('"kind"', '"kind":"List","kind"') },
  { name: 'kind as a number', text: JSON.stringify(nad({ kind: 7 })) },
  { name: 'config as an object', text: JSON.stringify(nad({ spec: { config: { a: 1 } } })) },
  { name: 'no spec', text: JSON.stringify({ ...nad({}), spec: undefined }) },
  { name: 'a List with a string and a null item', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: ['x', null, nad({})] }) },
  { name: 'a List with no items key', text: JSON.stringify({ apiVersion: 'v1', kind: 'List' }) },
  { name: 'escapes in config and name', text: JSON.stringify(nad({ metadata: { name: 'n\u00e9"x' }, spec: { config: CONFIG.replace('br0', 'br\\0\u2028') } })) },
  { name: 'tabs between tokens', text: JSON.stringify(nad({}), null, '\t') },
  { name: 'trailing text', text: `${JSON.stringify(nad({}))} x` },
];

const YAML_PIECES = [' ', '  ', '\n', '\t', '#', ': ', '- ', '"', "'", '|', '>', '{', '}', '[', ']', '&a ', '*a', '!t ', '? ', '---\n', '...\n', '%YAML 1.2\n', ',', '\\', '|+', '>2', 'x'];
const LINE_MUTATIONS: [string, (text: string, rand: () => number) => string][] = [
  ['YAML piece', (t, rand) => insertAt(t, rand, pick(rand, YAML_PIECES))],
  ['indent a line', (t, rand) => lineEdit(t, rand, (l) => ' '.repeat(1 + Math.floor(rand() * 3)) + l)],
  ['dedent a line', (t, rand) => lineEdit(t, rand, (l) => l.replace(/^ {1,2}/, ''))],
  ['tab-indent a line', (t, rand) => lineEdit(t, rand, (l) => l.replace(/^( *)/, '$1\t'))],
  ['drop a line', (t, rand) => lineEdit(t, rand, () => undefined)],
  ['repeat a line', (t, rand) => lineEdit(t, rand, (l) => `${l}\n${l}`)],
  ['blank line', (t, rand) => lineEdit(t, rand, (l) => `${l}\n${' '.repeat(Math.floor(rand() * 9))}`)],
];

function lineEdit(text: string, rand: () => number, edit: (line: string) => string | undefined): string {
  const lines = text.split('\n');
  const at = Math.floor(rand() * lines.length);
  const edited = edit(lines[at]!);
  if (edited === undefined) lines.splice(at, 1);
  else lines[at] = edited;
  return lines.join('\n');
}

describe('the event reader', () => {
  it('reads what yaml reads on the real NAD fixtures, on dumps as kubectl prints them and on odd JSON, and answers for the dumps', () => {
    for (const { name, text } of [...fixtures, ...DUMPS, ...EDGE_JSON]) {
      for (const [reader, read] of READERS) {
        const fast = read(text);
        if (fast) expect(comparable(fast), `${name} (${reader})`).toEqual(comparable(parseNadYaml(text, { eventReader: false })));
      }
    }
    for (const { name, text } of DUMPS) expect(readNadEvents(text), name).toBeDefined();
    for (const { name, text } of DUMPS.filter((d) => d.name.includes('JSON'))) expect(readNadJson(text), name).toBeDefined();
  });

  it('reads what yaml reads wherever it answers, on seeded mutations of those inputs', () => {
    const rand = mulberry32(Number(process.env.FUZZ_SEED ?? 20_261_202));
    const mutations = [...TEXT_MUTATIONS.filter(([name]) => !/brackets/.test(name)), ...LINE_MUTATIONS];
    let answered = 0;
    let total = 0;
    // Long dumps cut to 6,000 characters (a cut JSON text is no JSON: the short ones stay whole).
    const bases = [...fixtures, ...DUMPS.filter((d) => d.text.length > 200).map((d) => ({ name: d.name, text: d.name.includes('JSON') && d.text.length < 12_000 ? d.text : d.text.slice(0, 6000) }))];
    const byReader = new Map<string, number>();
    for (let round = 0; round < Number(process.env.FUZZ_ROUNDS ?? 60); round++) {
      for (const base of bases) {
        let text = base.text;
        const steps: string[] = [];
        for (let k = 1 + Math.floor(rand() * 2); k > 0; k--) {
          const [name, mutate] = pick(rand, mutations);
          steps.push(name);
          text = mutate(text, rand);
        }
        total++;
        const readings = READERS.map(([reader, read]) => [reader, read(text)] as const).filter(([, r]) => r !== undefined);
        if (readings.length === 0) continue;
        answered++;
        const slow = comparable(parseNadYaml(text, { eventReader: false }));
        for (const [reader] of readings) byReader.set(reader, (byReader.get(reader) ?? 0) + 1);
        for (const [reader, fast] of readings) expect(comparable(fast!), `${base.name} after ${steps.join(', ')} (${reader}): ${JSON.stringify(text.slice(0, 4000))}`).toEqual(slow);
      }
    }
    // Most mutations leave valid YAML it reads; were it to give up on all, this test would compare nothing.
    if (process.env.FUZZ_ROUNDS) console.log(`answered ${answered} of ${total}`, Object.fromEntries(byReader));
    expect(answered / total).toBeGreaterThan(0.2);
    expect(byReader.get('JSON reader')).toBeGreaterThan(total / 100);
  });
});
