// bench/lint-files: `cni-studio lint <dir>` as a whole process (the installed command line) over a folder
// of 100 and of 10,000 config files, copies of the real ones under src/fixtures/real with their network
// names made unique, in alternating rounds. Prints the time per file at each size and their ratio: how
// a repository of configs scales (1.0 is linear; start-up is spread over more files at the larger size).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildCli } from '../../scripts/build-cli.mjs';
import { installedCli } from '../support/installed';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SIZES = (process.env.SIZES ?? '100,10000').split(',').map(Number);
const real = resolve('src/fixtures/real');
const samples = readdirSync(real)
  .filter((f) => f.endsWith('.conflist'))
  .map((f) => readFileSync(join(real, f), 'utf8'));

const dir = mkdtempSync(join(tmpdir(), 'cni-studio-lint-files-'));
try {
  await buildCli();
  const bin = installedCli(join(dir, 'package'));
  /** A folder of n configs: the real ones in turn, each with its own network name (a folder of copies would be one network). */
  const folder = (n: number) => {
    const at = join(dir, `files-${n}`);
    mkdirSync(at);
    for (let i = 0; i < n; i++) writeFileSync(join(at, `${String(i).padStart(5, '0')}.conflist`), samples[i % samples.length]!.replace(/"name"\s*:\s*"([^"]*)"/, (_m, name: string) => `"name": "${name}-${i}"`));
    return at;
  };
  const folders = SIZES.map((n) => ({ n, at: folder(n), times: [] as number[] }));
  for (let r = 0; r < ROUNDS; r++) {
    for (const f of folders) {
      const t = performance.now();
      const run = spawnSync(process.execPath, [bin, 'lint', '--format', 'json', f.at], { encoding: 'utf8', maxBuffer: 1 << 30 });
      f.times.push(performance.now() - t);
      // Findings exit 1; anything else (a crash, a usage error) makes the figure meaningless.
      if (run.status !== 0 && run.status !== 1) throw new Error(`lint of ${f.n} files exited ${run.status}: ${run.stderr}`);
      if ((JSON.parse(run.stdout) as unknown[]).length < f.n) throw new Error(`lint of ${f.n} files reported fewer files`);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`bench/lint-files: lint of a folder, whole process, median of ${ROUNDS} alternating rounds`);
  const perFile = folders.map((f) => ({ n: f.n, total: median(f.times), each: median(f.times) / f.n }));
  for (const p of perFile) console.log(`  ${String(p.n).padStart(6)} files: ${(p.total / 1000).toFixed(2)} s, ${(p.each * 1000).toFixed(0)} µs per file`);
  const [small, large] = [perFile[0]!, perFile[perFile.length - 1]!];
  console.log(`  ${large.n}/${small.n}: ${(large.total / small.total).toFixed(1)}x the time for ${large.n / small.n}x the files; per file ${(large.each / small.each).toFixed(2)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
