// The package `npm pack` makes: its bin runs the built command line on Node 20 with nothing installed
// beside it (the build carries what it uses), from a folder that has never seen the sources.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Script } from 'node:vm';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../scripts/build-cli.mjs';
import { builtScript, intact, withChecksum } from '../../bin/built.cjs';

const work = mkdtempSync(join(tmpdir(), 'cni-studio-pack-'));

/** A cache with bytes flipped in its first half (its checksum no longer matches). */
function damagedCopy(cache: Buffer): Buffer {
  const damaged = Buffer.from(cache);
  for (let at = damaged.length >> 2; at < damaged.length >> 1; at += 97) damaged[at]! ^= 0xff;
  return damaged;
}
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed command line', () => {
  it('installs from the tarball into an empty folder and lints a file', { timeout: 120_000 }, async () => {
    // A copy of what the package ships, built here (the checkout's own build/ is left alone).
    const pkg = join(work, 'pkg');
    mkdirSync(pkg);
    for (const f of ['package.json', 'README.md', 'bin', 'schemas']) cpSync(resolve(f), join(pkg, f), { recursive: true });
    await buildCli(join(pkg, 'build', 'cli'));
    execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: pkg, encoding: 'utf8' });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{"name":"uses-cni-studio","private":true}');
    // Offline: the package declares no dependencies, so nothing is fetched.
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(work, tarball)], { cwd: app, encoding: 'utf8' });
    expect(readdirSync(join(app, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['cni-studio']);
    writeFileSync(join(app, '10-bad.conflist'), '{"cniVersion":"1.0.0","name":"n","plugins":[{"type":"bridge","mtu":"1500"}]}');
    const lint = () => spawnSync(join(app, 'node_modules', '.bin', 'cni-studio'), ['lint', '10-bad.conflist'], { cwd: app, encoding: 'utf8' });
    const r = lint();
    expect(r.stdout).toContain('10-bad.conflist:1:');
    expect(r.stdout).toContain('error CNI202');
    expect(r.status).toBe(1);
    // The lab's commands load on demand from the same build.
    const help = spawnSync(join(app, 'node_modules', '.bin', 'cni-studio'), ['lab', 'run', '--help'], { cwd: app, encoding: 'utf8' });
    expect(help.stdout).toContain('usage: cni-studio lab serve');
    // Its code cache is intact and one this Node accepts (a rejected one would silently cost a third of the start).
    const bundle = join(app, 'node_modules', 'cni-studio', 'build', 'cli', 'cni-studio.cjs');
    const cache = readFileSync(`${bundle}.cache`);
    expect(builtScript(bundle, intact(cache)).cachedDataRejected).toBe(false);
    // A cache that is damaged (its checksum says so) or that V8 rejects (another script's) costs only the
    // saving: the same lint, byte for byte. V8 itself checks only a cache's header: this cache with bytes
    // flipped in its middle crashed the process (SIGSEGV) before the checksum.
    // Asked in a process of its own: this one compiled the bundle already and would not read a cache.
    const rejected = () => execFileSync(process.execPath, ['-e', `const { builtScript, intact } = require(${JSON.stringify(resolve('bin/built.cjs'))}); const f = ${JSON.stringify(bundle)}; const data = intact(require('node:fs').readFileSync(f + '.cache')); console.log(data === undefined ? 'damaged' : builtScript(f, data).cachedDataRejected ? 'rejected' : 'accepted')`], { encoding: 'utf8' }).trim();
    const damaged = damagedCopy(cache);
    for (const [other, verdict] of [[Buffer.from('not a code cache'), 'damaged'], [withChecksum(new Script('1 + 1').createCachedData()), 'rejected'], [damaged, 'damaged']] as const) {
      writeFileSync(`${bundle}.cache`, other);
      expect(rejected()).toBe(verdict);
      const again = lint();
      expect([again.stdout, again.stderr, again.status]).toEqual([r.stdout, r.stderr, r.status]);
    }
    writeFileSync(`${bundle}.cache`, cache);
    // Each precompiled validator is a file beside the bundle with a cache of its own, intact and accepted;
    // damaged, another script's, or missing, it costs only the saving.
    const validators = join(bundle, '..', 'validators');
    const files = readdirSync(validators).filter((f) => f.endsWith('.cjs'));
    expect(files.length).toBeGreaterThan(30);
    expect(readdirSync(validators).filter((f) => f.endsWith('.cjs.cache')).sort()).toEqual(files.map((f) => `${f}.cache`).sort());
    const accepted = execFileSync(process.execPath, ['-e', `const { compileCached } = require(${JSON.stringify(resolve('bin/built.cjs'))}); const dir = ${JSON.stringify(validators)}; console.log(require('node:fs').readdirSync(dir).filter((f) => f.endsWith('.cjs')).filter((f) => compileCached(require('node:path').join(dir, f), ['exports', 'require', '__formats']).cachedDataRejected).join(' ') || 'all accepted')`], { encoding: 'utf8' }).trim();
    expect(accepted).toBe('all accepted');
    const caches = new Map(files.map((f) => [f, readFileSync(join(validators, `${f}.cache`))]));
    for (const spoil of [(f: string) => writeFileSync(join(validators, `${f}.cache`), damagedCopy(caches.get(f)!)), (f: string) => writeFileSync(join(validators, `${f}.cache`), withChecksum(new Script('2 + 2').createCachedData())), (f: string) => rmSync(join(validators, `${f}.cache`))]) {
      for (const f of files) spoil(f);
      const again = lint();
      expect([again.stdout, again.stderr, again.status]).toEqual([r.stdout, r.stderr, r.status]);
    }
    for (const [f, data] of caches) writeFileSync(join(validators, `${f}.cache`), data);
  });
});
