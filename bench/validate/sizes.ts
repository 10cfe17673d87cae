// bench/validate/sizes: what a keystroke costs. The whole validator on a 10-plugin and a 200-plugin
// conflist (text in, findings with positions out), and the plugin editor's path: one plugin's text
// validated in the context of its list. Median and p95 per run, and the 200/10 ratio.
import { performance } from 'node:perf_hooks';
import type { JsonObject } from '../../src/core';
import { shippedCore } from '../support/shipped-core';

const RUNS = Number(process.env.RUNS ?? 400);
// Core bundled as it ships (bench/support/shipped-core.ts), not through tsx.
const { createValidator, loadSchemas, serializeConflist, validatePluginText } = await shippedCore();
const validator = createValidator(loadSchemas());

function chain(n: number): JsonObject {
  const plugins: JsonObject[] = [{ type: 'bridge', bridge: 'cni0', isGateway: true, ipMasq: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.22.0.0/16' }], [{ subnet: 'fd00:22::/64' }]], routes: [{ dst: '0.0.0.0/0' }] } }];
  const chained: JsonObject[] = [
    { type: 'portmap', capabilities: { portMappings: true }, snat: true },
    { type: 'tuning', sysctl: { 'net.core.somaxconn': '1024' }, mtu: 1450 },
    { type: 'bandwidth', capabilities: { bandwidth: true } },
    { type: 'firewall', backend: 'iptables' },
    { type: 'sbr' },
  ];
  for (let i = 1; i < n; i++) plugins.push(structuredClone(chained[i % chained.length]!));
  return { cniVersion: '1.0.0', name: `chain-${n}`, plugins };
}

function measure(fn: () => void): { median: number; p95: number } {
  for (let i = 0; i < 30; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, p95: times[Math.floor(times.length * 0.95)]! };
}

const rows: [string, { median: number; p95: number }][] = [];
for (const n of [10, 200]) {
  const doc = chain(n);
  const text = serializeConflist(doc);
  rows.push([`validate(text), ${n} plugins`, measure(() => validator.validate(text, { kind: 'conflist' }))]);
  const pluginText = serializeConflist((doc.plugins as JsonObject[])[1]!);
  rows.push([`plugin editor keystroke, ${n} plugins`, measure(() => validatePluginText(validator, doc, 1, pluginText))]);
}
console.log(`bench/validate/sizes: ${RUNS} runs each after warm-up`);
for (const [label, r] of rows) console.log(`  ${label.padEnd(38)} median ${r.median.toFixed(3)} ms   p95 ${r.p95.toFixed(3)} ms`);
console.log(`  ratio 200/10 (validate, median): ${(rows[2]![1].median / rows[0]![1].median).toFixed(1)}x`);
