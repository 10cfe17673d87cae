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

/** Steps run at once, each one's output printed whole when it ends. */
async function together(list) {
  const ended = await Promise.all(
    list.map(
      ([name, cmd, args]) =>
        new Promise((done) => {
          const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
          const out = [];
          child.stdout.on('data', (d) => out.push(d));
          child.stderr.on('data', (d) => out.push(d));
          child.on('error', (e) => done({ name, status: 1, out: [Buffer.from(String(e))] }));
          child.on('close', (status) => done({ name, status: status ?? 1, out }));
        }),
    ),
  );
  for (const { name, status, out } of ended) {
    console.log(`\n== ${name}`);
    process.stdout.write(Buffer.concat(out));
    results.push({ name, ok: status === 0 });
  }
}

const tmp = join(ROOT, '.tmp');
mkdirSync(tmp, { recursive: true });
// Lint and typecheck are each one process on one core: run side by side (their output kept apart, printed in turn).
await together([
  ['lint', 'npx', ['eslint', '.', '--max-warnings=0']],
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
]);

const unitReport = join(tmp, 'vitest.json');
rmSync(unitReport, { force: true });
step('unit tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitReport}`]);
let passed = 0;
let failed = 0;
// What failed, repeated at the very end: CI keeps only the tail of a long run's output.
const failures = [];
const count = (report) => {
  if (!existsSync(report)) return;
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  for (const file of r.testResults ?? []) {
    const where = file.name.startsWith(ROOT) ? file.name.slice(ROOT.length + 1) : file.name;
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    if (file.status === 'failed' && failedTests.length === 0) failures.push(`${where}: ${firstLine(file.message)}`);
    for (const t of failedTests) failures.push(`${where} > ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`);
  }
};
const firstLine = (text) => (text ?? '').split('\n').find((l) => l.trim() !== '')?.trim().slice(0, 300) ?? '';
count(unitReport);

if (process.getuid?.() === 0) step('leak check', 'node', ['scripts/leak-check.mjs']);

if (ensureChromium()) {
  const e2eReport = join(tmp, 'e2e.json');
  rmSync(e2eReport, { force: true });
  step('build', 'npx', ['vite', 'build', '--logLevel', 'warn']);
  step('e2e tests', 'npx', ['vitest', 'run', '--config', 'e2e/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${e2eReport}`]);
  count(e2eReport);
} else if (CI) {
  console.error('\nCI: Chromium is missing (/usr/bin/chromium) and could not be installed: the e2e tests cannot run.');
  results.push({ name: 'e2e tests (no Chromium)', ok: false });
} else {
  console.warn('\nSkipping e2e tests: /usr/bin/chromium is missing (run as root to let npm test install Debian\'s chromium).');
}

const broken = results.filter((r) => !r.ok).map((r) => r.name);
if (failures.length) console.log(`\nfailed tests:\n${failures.map((f) => `  ${f}`).join('\n')}`);
console.log(`\n${broken.length ? `failed steps: ${broken.join(', ')}` : 'all steps passed'}`);
console.log(`${passed} passed, ${failed + (broken.length && failed === 0 ? broken.length : 0)} failed`);
process.exit(broken.length ? 1 : 0);
