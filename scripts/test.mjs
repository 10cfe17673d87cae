// `npm test`: the whole suite — lint, typecheck, unit tests, end-to-end tests in Debian's Chromium.
// Installs what it needs first. Prints one closing line "N passed, N failed".
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { CI, ensureChromium, ensureCniPlugins, ensureNodeModules, ROOT } from './ensure.mjs';

ensureNodeModules();
// The live lab tests need root and Debian's plugins; in CI their absence fails those tests (never a skip).
if (!ensureCniPlugins() && !CI) console.warn('Debian\'s containernetworking-plugins are not installed (run npm test as root to install them): the live lab tests are skipped.');
const results = [];
/** One step's process, its output kept whole. */
const collect = (cmd, args) =>
  new Promise((done) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('error', (e) => done({ status: 1, out: [Buffer.from(String(e))] }));
    child.on('close', (status) => done({ status: status ?? 1, out }));
  });

/** One step, its output printed whole when it ends (steps running at once print in turn). */
async function step([name, cmd, args]) {
  const started = Date.now();
  const { status, out } = await collect(cmd, args);
  console.log(`\n== ${name} (${Math.round((Date.now() - started) / 1000)} s)`);
  process.stdout.write(Buffer.concat(out));
  results.push({ name, ok: status === 0 });
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

/**
 * A step run in a network namespace of its own, with only its loopback (as root, where unshare is). The
 * browser's e2e tests need nothing else, and the lab stream beside them adds and removes links on this
 * machine: Chromium abandons every request in flight at such a change (net::ERR_NETWORK_CHANGED), which
 * failed a chunk's load now and then. Their own namespace sees no change but its own.
 */
const ownNetwork = ([name, cmd, args]) =>
  process.getuid?.() === 0 && existsSync('/usr/bin/unshare')
    ? [name, '/usr/bin/unshare', ['--net', '--', '/bin/sh', '-c', 'ip link set lo up && exec "$@"', 'own-network', cmd, ...args]]
    : [name, cmd, args];

// Two cores, two streams. The tests that act on the machine as root (the lab's projects: real plugins,
// namespaces, the lab's lock; one at a time) mostly wait on processes, so they run beside the rest: the
// unit tests, the build, the browser's e2e tests. The leak check comes after the lab's last test.
await Promise.all([step(['lint', 'npx', ['eslint', '.', '--max-warnings=0']]), step(['typecheck', 'npm', ['run', '--silent', 'typecheck']])]);
let built;
const builds = new Promise((done) => (built = done));
await Promise.all([
  (async () => {
    await step(vitest('unit tests', undefined, 'unit'));
    if (!browser) return built();
    await step(build);
    built();
    await step(ownNetwork(vitest('e2e tests', 'e2e/vitest.config.ts', 'browser')));
  })(),
  (async () => {
    await step(vitest('unit tests (lab)', undefined, 'lab'));
    await builds;
    if (browser) await step(vitest('e2e tests (lab)', 'e2e/vitest.config.ts', 'lab'));
    if (process.getuid?.() === 0) await step(['leak check', 'node', ['scripts/leak-check.mjs']]);
  })(),
]);

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
