// bench/lint-dump: `cni-studio lint` on a whole-cluster dump, in-process once started: a generated
// `kubectl get network-attachment-definitions -A -o yaml` of N NADs (bridge, macvlan and ipvlan;
// host-local and whereabouts) read, validated and checked across NADs, in NADs per second, and the same
// objects as `-o json` prints them. The reference, measured in alternating rounds on the same text: yaml's
// parseAllDocuments alone (reading the YAML, no more: what every lint paid before the event reader,
// model/nad-events.ts), whose ratio says what the whole lint costs against that parse alone.
import { performance } from 'node:perf_hooks';
import { shippedCore } from '../support/shipped-core';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SIZES = (process.env.SIZES ?? '5000,20000').split(',').map(Number);
// Core bundled as the command line ships it (bench/support/shipped-core.ts), with the yaml build it ships;
// the reference parse is that same yaml.
const { createValidator, crossNadFindings, loadSchemas, parseAllDocuments, parse, readConfig } = await shippedCore();
const validator = createValidator(loadSchemas());

/** One NAD as kubectl prints it, server fields included; the kinds and ranges vary with i. */
function item(i: number): string {
  const ns = `team-${i % 97}`;
  const octet = (n: number) => n % 250;
  const ipam =
    i % 2 === 0
      ? `{ "type": "host-local", "ranges": [[{ "subnet": "10.${octet(i >> 8)}.${octet(i)}.0/24" }]] }`
      : `{ "type": "whereabouts", "range": "172.${16 + (i % 16)}.${octet(i >> 4)}.0/24", "exclude": ["172.${16 + (i % 16)}.${octet(i >> 4)}.0/28"] }`;
  const plugin = [`"type": "bridge", "bridge": "br-${i % 400}", "isGateway": true`, `"type": "macvlan", "master": "eth1", "mode": "bridge"`, `"type": "ipvlan", "master": "eth2", "mode": "l2"`][i % 3]!;
  return `- apiVersion: k8s.cni.cncf.io/v1
  kind: NetworkAttachmentDefinition
  metadata:
    creationTimestamp: "2026-11-02T09:14:03Z"
    generation: 1
    name: net-${i}
    namespace: ${ns}
    resourceVersion: "${48_000 + i}"
    uid: 3f0c2a6e-0b8e-4c55-9d1b-${i.toString(16).padStart(12, '0')}
  spec:
    config: |
      {
        "cniVersion": "1.0.0",
        "name": "net-${i}",
        "plugins": [
          { ${plugin}, "ipam": ${ipam} },
          { "type": "tuning", "mtu": 1450 }
        ]
      }
`;
}

const dump = (n: number) => `apiVersion: v1\nitems:\n${Array.from({ length: n }, (_, i) => item(i)).join('')}kind: List\nmetadata:\n  resourceVersion: ""\n`;

function lint(text: string): number {
  const read = readConfig(text, 'nads.yaml', validator);
  return read.textFindings.length + crossNadFindings([{ file: 'nads.yaml', source: read.source }]).length;
}

/** Wall time, and this process's CPU time (which other processes' load does not stretch), in ms. */
const time = (fn: () => unknown) => {
  const t = performance.now();
  const c = process.cpuUsage();
  fn();
  const cpu = process.cpuUsage(c);
  return { wall: performance.now() - t, cpu: (cpu.user + cpu.system) / 1000 };
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(`bench/lint-dump: ${ROUNDS} alternating rounds per size, in-process (parse + validate + cross-NAD rules)`);
for (const n of SIZES) {
  const text = dump(n);
  const json = `${JSON.stringify(parse(text), null, 4)}\n`; // kubectl's -o json indents by four
  lint(text); // warm-up
  lint(json);
  const lintTimes: { wall: number; cpu: number }[] = [];
  const jsonTimes: { wall: number; cpu: number }[] = [];
  const parseTimes: { wall: number; cpu: number }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    lintTimes.push(time(() => lint(text)));
    jsonTimes.push(time(() => lint(json)));
    parseTimes.push(time(() => parseAllDocuments(text)));
  }
  const wall = (ts: { wall: number }[]) => median(ts.map((t) => t.wall));
  const cpu = (ts: { cpu: number }[]) => median(ts.map((t) => t.cpu));
  const rate = (ms: number) => Math.round((n / ms) * 1000);
  const [l, j, p] = [wall(lintTimes), wall(jsonTimes), wall(parseTimes)];
  console.log(`  ${String(n).padStart(6)} NADs (${(text.length / 1024 / 1024).toFixed(1)} MB, ${lint(text)} findings)`);
  console.log(`         lint -o yaml ${l.toFixed(0)} ms = ${rate(l)} NADs/s (${rate(cpu(lintTimes))} per CPU second)`);
  console.log(`         lint -o json ${j.toFixed(0)} ms = ${rate(j)} NADs/s (${rate(cpu(jsonTimes))} per CPU second)`);
  console.log(`         yaml's parseAllDocuments alone ${p.toFixed(0)} ms = ${rate(p)} NADs/s (${rate(cpu(parseTimes))} per CPU second)`);
  console.log(`         ratio parse alone / lint: ${(p / l).toFixed(1)}x (yaml), ${(p / j).toFixed(1)}x (json) wall; ${(cpu(parseTimes) / cpu(lintTimes)).toFixed(1)}x, ${(cpu(parseTimes) / cpu(jsonTimes)).toFixed(1)}x CPU`);
}
