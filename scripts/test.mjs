// `npm test`: the whole suite — lint, typecheck, unit tests, end-to-end tests in Debian's Chromium.
// Installs what it needs first. Prints one closing line "N passed, N failed".
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { CI, ensureChromium, ensureCniPlugins, ensureNodeModules, ROOT, run } from './ensure.mjs';

ensureNodeModules();
// The live lab tests need root and Debian's plugins; in CI their absence fails those tests (never a skip).
if (!ensureCniPlugins() && !CI) console.warn('Debian\'s containernetworking-plugins are not installed (run npm test as root to install them): the live lab tests are skipped.');
const results = [];
const step = (name, cmd, args) => {
  console.log(`\n== ${name}`);
  const status = run(cmd, args);
  results.push({ name, ok: status === 0 });
  return status === 0;
};

/** One step's process, its output kept whole (streams running at once print each step's output in turn). */
const collect = (name, cmd, args) =>
  new Promise((done) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('error', (e) => done({ status: 1, out: [Buffer.from(String(e))] }));
    child.on('close', (status) => done({ status: status ?? 1, out }));
  });

/** Streams of steps at once: one stream's steps in turn, each step's output printed when it ends. */
async function together(streams) {
  await Promise.all(
    streams.map(async (steps) => {
      for (const [name, cmd, args] of steps) {
        const started = Date.now();
        const { status, out } = await collect(name, cmd, args);
        console.log(`\n== ${name} (${Math.round((Date.now() - started) / 1000)} s)`);
        process.stdout.write(Buffer.concat(out));
        results.push({ name, ok: status === 0 });
      }
    }),
  );
}

const tmp = join(ROOT, '.tmp');
mkdirSync(tmp, { recursive: true });
const reports = [];
/** A vitest run of one project, with its JSON report for the closing count. */
const vitest = (name, config, project) => {
  const report = join(tmp, `${config ? 'e2e' : 'vitest'}-${project}.json`);
  rmSync(report, { force: true });
  reports.push(report);
  return [name, 'npx', ['vitest', 'run', ...(config ? ['--config', config] : []), '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]];
};
const browser = ensureChromium();
if (!browser && CI) {
  console.error('\nCI: Chromium is missing (/usr/bin/chromium) and could not be installed: the e2e tests cannot run.');
  results.push({ name: 'e2e tests (no Chromium)', ok: false });
} else if (!browser) {
  console.warn('\nSkipping e2e tests: /usr/bin/chromium is missing (run as root to let npm test install Debian\'s chromium).');
}
const build = ['build', 'npx', ['vite', 'build', '--logLevel', 'warn']];

// Two cores: lint and typecheck are each one process on one; the tests that act on the machine (the lab's:
// real plugins, namespaces, its lock, one at a time) mostly wait on processes, so they run beside the rest.
await together([[['lint', 'npx', ['eslint', '.', '--max-warnings=0']]], [['typecheck', 'npm', ['run', '--silent', 'typecheck']]]]);
await together([[vitest('unit tests (lab)', undefined, 'lab')], [vitest('unit tests', undefined, 'unit'), ...(browser ? [build] : [])]]);
if (process.getuid?.() === 0) step('leak check', 'node', ['scripts/leak-check.mjs']);
if (browser) await together([[vitest('e2e tests (lab)', 'e2e/vitest.config.ts', 'lab')], [vitest('e2e tests', 'e2e/vitest.config.ts', 'browser')]]);

let passed = 0;
let failed = 0;
// What failed, repeated at the very end: CI keeps only the tail of a long run's output.
const failures = [];
const firstLine = (text) => (text ?? '').split('\n').find((l) => l.trim() !== '')?.trim().slice(0, 300) ?? '';
for (const report of reports) {
  if (!existsSync(report)) continue;
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  for (const file of r.testResults ?? []) {
    const where = file.name.startsWith(ROOT) ? file.name.slice(ROOT.length + 1) : file.name;
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    if (file.status === 'failed' && failedTests.length === 0) failures.push(`${where}: ${firstLine(file.message)}`);
    for (const t of failedTests) failures.push(`${where} > ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`);
  }
}

const broken = results.filter((r) => !r.ok).map((r) => r.name);
if (failures.length) console.log(`\nfailed tests:\n${failures.map((f) => `  ${f}`).join('\n')}`);
console.log(`\n${broken.length ? `failed steps: ${broken.join(', ')}` : 'all steps passed'}`);
console.log(`${passed} passed, ${failed + (broken.length && failed === 0 ? broken.length : 0)} failed`);
process.exit(broken.length ? 1 : 0);
