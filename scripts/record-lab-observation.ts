// Records what the lab helper observes after a real ADD of bridge + host-local (IPv4 and IPv6) + portmap,
// as the fixture the topology model's tests read (src/core/lab/testdata/bridge-portmap-dual.observed.json).
// Needs root and the plugins; the run creates its own namespace and bridge and removes them.
// Run: sudo node bin/run-ts.mjs scripts/record-lab-observation.ts
import { writeFileSync } from 'node:fs';
import { runLab } from '../src/helper/engine';
import { spawnExecutor } from '../src/helper/executor';
import type { LabEvent } from '../src/core';

const events: LabEvent[] = [];
const ok = await runLab(
  {
    conflist: {
      cniVersion: '1.0.0',
      name: 'cnistudio-record',
      plugins: [
        { type: 'bridge', bridge: 'cnistudio-rec0', isGateway: true, ipMasq: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.244.232.0/24' }], [{ subnet: 'fd00:c5:232::/64' }]], routes: [{ dst: '0.0.0.0/0' }, { dst: '::/0' }], dataDir: '/tmp/cnistudio-record-ipam' } },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    },
    operations: ['ADD', 'DEL'],
    ifname: 'eth0',
    cniArgs: [],
    capabilityArgs: { portMappings: [{ hostPort: 18082, containerPort: 80, protocol: 'tcp' }] },
    keepSeconds: 0,
    timeoutMs: 15_000,
  },
  { cniPath: ['/usr/lib/cni'], executor: spawnExecutor },
  (e) => events.push(e),
);
const observed = events.find((e) => e.type === 'observed' && e.after === 'ADD');
if (!ok || !observed) throw new Error(`the run failed: ${JSON.stringify(events.filter((e) => e.type === 'run-end' || e.type === 'invocation-end'))}`);
const out = new URL('../src/core/lab/testdata/bridge-portmap-dual.observed.json', import.meta.url);
writeFileSync(out, JSON.stringify(observed, null, 2) + '\n');
console.log(`wrote ${out.pathname}`);
