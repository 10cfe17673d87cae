// `cni-studio lint` of one file as a whole process (what a pre-commit hook or a CI step pays), in
// alternating rounds: the command as the package installs it (bin/, build/cli/, schemas/ copied as
// `npm pack` ships them, so no checkout's sources are looked at), the same without V8's code cache (its
// share), the sources through tsx (a checkout whose build is stale), and `node -e 0` as the floor; with
// `BEFORE=<dir>`, an earlier build laid out the same way (a copy of bench/support/installed.ts's folder).
// Prints the medians and the ratios.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildCli } from '../../scripts/build-cli.mjs';
import { installedCli } from '../support/installed';

const ROUNDS = Number(process.env.ROUNDS ?? 21);
const dir = mkdtempSync(join(tmpdir(), 'cni-studio-start-'));
const file = join(dir, '10-containerd-net.conflist');
writeFileSync(file, JSON.stringify({ cniVersion: '1.0.0', name: 'containerd-net', plugins: [{ type: 'bridge', bridge: 'cni0', isGateway: true, ipMasq: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.88.0.0/16' }]], routes: [{ dst: '0.0.0.0/0' }] } }, { type: 'portmap', capabilities: { portMappings: true } }] }));

await buildCli();
const run = (entry: string) => `const { main } = await import(${JSON.stringify(entry)}); process.exitCode = await main(['lint', ${JSON.stringify(file)}]);`;
const runners: [string, string[]][] = [
  ['node -e 0 (floor)', ['-e', '0']],
  ['installed', [installedCli(join(dir, 'package')), 'lint', file]],
  ['installed, no cache', [installedCli(join(dir, 'uncached'), false), 'lint', file]],
  ['tsx (sources)', ['--import', 'tsx', '--input-type=module', '-e', run(resolve('src/cli/main.ts'))]],
];
const before = process.env.BEFORE;
// Its bin as it was then (bin/cni-studio.mjs before the bin became CommonJS).
if (before) runners.splice(2, 0, ['before (BEFORE)', [['cjs', 'mjs'].map((ext) => join(resolve(before), `bin/cni-studio.${ext}`)).find((f) => existsSync(f))!, 'lint', file]]);
const times = new Map(runners.map(([name]) => [name, [] as number[]]));
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, args] of runners) {
      const t = performance.now();
      const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${name} exited ${r.status}: ${r.stderr}`);
      times.get(name)!.push(performance.now() - t);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const of = (name: string) => median(times.get(name)!);
const floor = of(runners[0]![0]);
console.log(`lint of one file, whole process, median of ${ROUNDS} alternating rounds:`);
for (const [name] of runners) console.log(`  ${name.padEnd(20)} ${(of(name) / 1000).toFixed(3)} s  (${(of(name) / floor).toFixed(2)}× the floor)`);
const built = of('installed');
console.log(`installed: ${((built - floor) / 1000).toFixed(3)} s above the floor; the code cache saves ${((of('installed, no cache') - built) / 1000).toFixed(3)} s; ${(of('tsx (sources)') / built).toFixed(2)}× faster than tsx`);
if (before) console.log(`before: ${((of('before (BEFORE)') - floor) / 1000).toFixed(3)} s above the floor; installed takes ${((built - floor) / (of('before (BEFORE)') - floor)).toFixed(2)}× of that`);
