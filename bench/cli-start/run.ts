// `cni-studio lint` of one file as a whole process (what a pre-commit hook or a CI step pays), three
// ways in alternating rounds: the built command line (build/cli/), the same sources run through tsx (a
// checkout whose build is stale), and `node -e 0` as the floor. Prints the medians and the ratios.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildCli } from '../../scripts/build-cli.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 15);
const dir = mkdtempSync(join(tmpdir(), 'cni-studio-start-'));
const file = join(dir, '10-containerd-net.conflist');
writeFileSync(file, JSON.stringify({ cniVersion: '1.0.0', name: 'containerd-net', plugins: [{ type: 'bridge', bridge: 'cni0', isGateway: true, ipMasq: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.88.0.0/16' }]], routes: [{ dst: '0.0.0.0/0' }] } }, { type: 'portmap', capabilities: { portMappings: true } }] }));

await buildCli();
// Each runs main() of the command line the way its launcher does: the build imported as it is, or the
// sources through tsx's loader (what bin/cni-studio.mjs does when the build is stale).
const run = (entry: string) => `const { main } = await import(${JSON.stringify(entry)}); process.exitCode = await main(['lint', ${JSON.stringify(file)}]);`;
const runners: [string, string[]][] = [
  ['node -e 0 (floor)', ['-e', '0']],
  ['built (build/cli)', ['--input-type=module', '-e', run(resolve('build/cli/cni-studio.mjs'))]],
  ['tsx (sources)', ['--import', 'tsx', '--input-type=module', '-e', run(resolve('src/cli/main.ts'))]],
];
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
const floor = median(times.get(runners[0]![0])!);
console.log(`lint of one file, whole process, median of ${ROUNDS} alternating rounds:`);
for (const [name, xs] of times) console.log(`  ${name.padEnd(20)} ${(median(xs) / 1000).toFixed(3)} s  (${(median(xs) / floor).toFixed(1)}× the floor)`);
const built = median(times.get(runners[1]![0])!);
const tsx = median(times.get(runners[2]![0])!);
console.log(`built vs tsx: ${(tsx / built).toFixed(2)}× faster; above the floor: ${((built - floor) / 1000).toFixed(3)} s`);
