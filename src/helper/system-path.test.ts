// Where the helper's children look programs up: never in the PATH it was started with. Runs anywhere; the
// attack with the real plugins as root is in lab.test.ts.
import { chmodSync, chownSync, existsSync, lchownSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnExecutor } from './executor';
import { childEnv, firstToMake, foreignLeases, replaceable, replaceableBy, runTool, stateDirUnsafe, SYSTEM_DIRS, trustedDir, trustedDirs } from './system-path';

/** Paths resolve to themselves (no links) in the made-up file systems below. */
const same = (path: string) => path;

/** A made-up file system: path → [uid, mode]; a missing path throws as statSync does. */
const fakeStat = (tree: Record<string, [number, number]>) => (path: string) => {
  const at = tree[path];
  if (!at) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return { uid: at[0], mode: 0o040000 | at[1], isDirectory: () => true };
};
const debian = { '/': [0, 0o755], '/usr': [0, 0o755], '/usr/sbin': [0, 0o755], '/usr/bin': [0, 0o755], '/sbin': [0, 0o755], '/bin': [0, 0o755] } as Record<string, [number, number]>;

describe('trusted directories', () => {
  it('keeps a directory root owns and only root may write, up to /', () => {
    expect(trustedDir('/usr/sbin', fakeStat(debian), same)).toBe(true);
  });

  it('drops one whose parent the staff group may write (older Debian /usr/local), and what is below it', () => {
    const stat = fakeStat({ ...debian, '/usr/local': [0, 0o2775], '/usr/local/sbin': [0, 0o2775], '/usr/local/bin': [0, 0o755] });
    expect(trustedDir('/usr/local/bin', stat, same)).toBe(false);
    expect(trustedDirs(SYSTEM_DIRS, stat, same)).toEqual(['/usr/sbin', '/usr/bin', '/sbin', '/bin']);
  });

  it('drops a world-writable directory (sticky or not), one a user owns, a missing one and a relative one', () => {
    const stat = fakeStat({ ...debian, '/tmp': [0, 0o1777], '/home': [0, 0o755], '/home/alice': [1000, 0o755], '/home/alice/bin': [1000, 0o755] });
    expect(trustedDir('/tmp', stat, same)).toBe(false);
    expect(trustedDir('/home/alice/bin', stat, same)).toBe(false);
    expect(trustedDir('/opt/bin', stat, same)).toBe(false);
    expect(trustedDir('node_modules/.bin', stat, same)).toBe(false);
    expect(trustedDir('.', stat, same)).toBe(false);
  });

  it('finds this machine’s system directories trusted', () => {
    expect(trustedDirs()).toContain('/usr/bin');
    expect(trustedDirs().every((d) => (SYSTEM_DIRS as readonly string[]).includes(d))).toBe(true);
  });
});

describe('a plugin someone else may replace', () => {
  /** path → [uid, mode, is a directory] */
  const tree = (over: Record<string, [number, number, boolean]>) => (path: string) => {
    const all: Record<string, [number, number, boolean]> = { '/': [0, 0o755, true], '/opt': [0, 0o755, true], '/opt/cni': [0, 0o755, true], '/opt/cni/bin': [0, 0o755, true], '/opt/cni/bin/bridge': [0, 0o755, false], ...over };
    const at = all[path];
    if (!at) throw new Error(`ENOENT: ${path}`);
    return { uid: at[0], mode: at[1], isDirectory: () => at[2] };
  };

  it('is none when root owns the file and each directory up to /, and only root may write them', () => {
    expect(replaceableBy('/opt/cni/bin/bridge', tree({}), same)).toBeUndefined();
  });

  it('names a file or directory another user owns: that user could rewrite or rename it, and the helper would run theirs as root', () => {
    expect(replaceableBy('/opt/cni/bin/bridge', tree({ '/opt/cni/bin/bridge': [65534, 0o755, false] }), same)).toBe('/opt/cni/bin/bridge belongs to uid 65534, not root');
    // A user's own build directory: only they may write it, and so they may swap what root runs.
    expect(replaceableBy('/opt/cni/bin/bridge', tree({ '/opt/cni/bin': [1000, 0o755, true] }), same)).toBe('/opt/cni/bin belongs to uid 1000, not root');
    expect(replaceableBy('/tmp/x/bridge', tree({ '/tmp': [0, 0o1777, true], '/tmp/x': [1000, 0o755, true], '/tmp/x/bridge': [0, 0o755, false] }), same)).toBe('/tmp/x belongs to uid 1000, not root');
  });

  it('names the file or the directory others may write', () => {
    expect(replaceableBy('/opt/cni/bin/bridge', tree({ '/opt/cni/bin/bridge': [0, 0o775, false] }), same)).toBe('/opt/cni/bin/bridge is writable by its group');
    expect(replaceableBy('/opt/cni/bin/bridge', tree({ '/opt/cni': [0, 0o777, true] }), same)).toBe('/opt/cni is writable by every user');
  });

  it('follows a link to where the binary really is, and checks the way there too', () => {
    const stat = tree({ '/srv': [0, 0o777, true], '/srv/bridge': [0, 0o755, false] });
    expect(replaceableBy('/opt/cni/bin/bridge', stat, (p) => (p === '/opt/cni/bin/bridge' ? '/srv/bridge' : p))).toBe('/srv is writable by every user');
  });

  it('on this machine: a link in a safe directory to a binary in an open one is found out', () => {
    const base = mkdtempSync(join(tmpdir(), 'cnistudio-link-'));
    try {
      mkdirSync(join(base, 'open'));
      mkdirSync(join(base, 'bin'));
      writeFileSync(join(base, 'open', 'bridge'), '#!/bin/sh\n');
      chmodSync(join(base, 'open', 'bridge'), 0o755);
      chmodSync(join(base, 'open'), 0o777);
      symlinkSync(join(base, 'open', 'bridge'), join(base, 'bin', 'bridge'));
      expect(replaceableBy(join(base, 'bin', 'bridge'))).toBe(`${join(base, 'open')} is writable by every user`);
      chmodSync(join(base, 'open'), 0o755);
      expect(replaceableBy(join(base, 'bin', 'bridge'))).toBeUndefined();
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it.runIf(process.getuid?.() === 0)('as root, on this machine: a plugin another user owns is found out, and passes once root owns it', () => {
    const base = mkdtempSync(join(tmpdir(), 'cnistudio-owner-'));
    try {
      writeFileSync(join(base, 'bridge'), '#!/bin/sh\n');
      chmodSync(join(base, 'bridge'), 0o755);
      chownSync(join(base, 'bridge'), 65534, 65534);
      expect(replaceable(join(base, 'bridge'))).toBe(`${join(base, 'bridge')} belongs to uid 65534, not root`);
      chownSync(join(base, 'bridge'), 0, 0);
      expect(replaceable(join(base, 'bridge'))).toBeUndefined();
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it.runIf(process.getuid?.() === 0)('as root, a CNI_PATH directory that does not exist yet counts by the one that would hold it', () => {
    const base = mkdtempSync(join(tmpdir(), 'cnistudio-missing-'));
    try {
      chmodSync(base, 0o777);
      expect(replaceable(join(base, 'cni', 'bin'))).toBe(`${base} is writable by every user`);
      chmodSync(base, 0o755);
      expect(replaceable(join(base, 'cni', 'bin'))).toBeUndefined();
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('lets a sticky directory (/tmp) pass: no one may replace another’s entry in it', () => {
    expect(replaceableBy('/tmp/x/bridge', tree({ '/tmp': [0, 0o1777, true], '/tmp/x': [0, 0o755, true], '/tmp/x/bridge': [0, 0o755, false] }), same)).toBeUndefined();
  });

  it('but not as a CNI_PATH directory itself: anyone may add a plugin there under a name not there yet (security re-test: host-local planted mid-run)', () => {
    const fs = tree({ '/tmp': [0, 0o1777, true], '/tmp/sticky': [0, 0o1777, true], '/tmp/x': [0, 0o755, true] });
    expect(replaceableBy('/tmp/sticky', fs, same)).toBe('/tmp/sticky is writable by every user (sticky: anyone may add what is not there yet)');
    expect(replaceableBy('/tmp/x', fs, same)).toBeUndefined();
  });
});

describe("the helper's children", () => {
  const saved = process.env.PATH;
  let planted: string | undefined;
  afterEach(() => {
    process.env.PATH = saved;
    if (planted) rmSync(planted, { recursive: true, force: true });
    planted = undefined;
  });

  /** A directory first on the helper's own PATH (as npm puts node_modules/.bin) with `names` planted in it, each leaving a mark when run. */
  function plant(...names: string[]) {
    planted = mkdtempSync(join(tmpdir(), 'cnistudio-planted-'));
    for (const name of names) {
      const file = join(planted, name);
      writeFileSync(file, `#!/bin/sh\ntouch "${planted}/ran-${name}"\nexit 0\n`);
      chmodSync(file, 0o755);
    }
    process.env.PATH = `${planted}:${saved ?? ''}`;
    return (name: string) => existsSync(join(planted!, `ran-${name}`));
  }

  it('get a PATH of trusted directories only, which the env given cannot replace', () => {
    expect(childEnv({ PATH: '/tmp', CNI_COMMAND: 'ADD' })).toEqual({ CNI_COMMAND: 'ADD', PATH: trustedDirs().join(':') });
  });

  it('a plugin sees that PATH and nothing else of the helper’s environment, whatever the helper’s own PATH', async () => {
    plant('env');
    process.env.CNISTUDIO_TEST_SECRET = 'leaked';
    try {
      const r = await spawnExecutor.run({ binary: '/usr/bin/env', env: { CNI_COMMAND: 'VERSION', PATH: '/tmp' }, stdin: '', timeoutMs: 5000 });
      const vars = Object.fromEntries(r.stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      expect(vars.PATH).toBe(trustedDirs().join(':'));
      expect(vars.CNI_COMMAND).toBe('VERSION');
      expect(vars.CNISTUDIO_TEST_SECRET).toBeUndefined();
    } finally {
      delete process.env.CNISTUDIO_TEST_SECRET;
    }
  });

  it('a tool the helper runs by name is not the one planted first on its PATH', async () => {
    const ran = plant('uname');
    const { stdout } = await runTool('uname', ['-s'], { timeout: 5000 });
    expect(stdout.trim()).toBe('Linux');
    expect(ran('uname')).toBe(false);
  });
});

describe('the first folder of a state folder still to be made', () => {
  it('is named by the real path of the folder it would be made in (a link resolved, a dangling one missing); none when all is there', () => {
    const base = realpathSync(mkdtempSync(join(tmpdir(), 'cnistudio-make-')));
    try {
      mkdirSync(join(base, 'run'));
      symlinkSync(join(base, 'run'), join(base, 'varrun'));
      symlinkSync(join(base, 'gone'), join(base, 'dangling'));
      expect(firstToMake(join(base, 'varrun', 'nologin', 'x'))).toEqual({ parent: join(base, 'run'), name: 'nologin' });
      expect(firstToMake(join(base, 'dangling', 'x'))).toEqual({ parent: base, name: 'dangling' });
      expect(firstToMake(join(base, 'varrun'))).toBeUndefined();
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});

describe.runIf(process.getuid?.() === 0)('as root, on this machine: a state folder a plugin makes and writes in', () => {
  let base = '';
  afterEach(() => void rmSync(base, { recursive: true, force: true }));
  const fresh = () => (base = mkdtempSync(join(tmpdir(), 'cnistudio-state-')));

  it('passes in a folder only root may write, made or still to be made', () => {
    fresh();
    chmodSync(base, 0o755);
    expect(stateDirUnsafe(join(base, 'ipam', 'net'), [base])).toBeUndefined();
    mkdirSync(join(base, 'ipam'), { mode: 0o755 });
    expect(stateDirUnsafe(join(base, 'ipam', 'net'), [base])).toBeUndefined();
  });

  it('is refused still to be made in a folder every user may write, sticky as /tmp is: another user could make it first', () => {
    fresh();
    chmodSync(base, 0o1777);
    expect(stateDirUnsafe(join(base, 'ipam', 'net'), [base])).toBe(`${base} lets every user make ${join(base, 'ipam')} before the plugin does (as a link, or a folder of theirs); make ${join(base, 'ipam', 'net')} first, as root`);
    // Made by root first, it is root's to fill.
    mkdirSync(join(base, 'ipam'), { mode: 0o755 });
    expect(stateDirUnsafe(join(base, 'ipam', 'net'), [base])).toBeUndefined();
  });

  it('is refused through a link another user planted, even to a folder root owns', () => {
    fresh();
    chmodSync(base, 0o1777);
    mkdirSync(join(base, 'root-only'), { mode: 0o700 });
    symlinkSync(join(base, 'root-only'), join(base, 'net'));
    lchownSync(join(base, 'net'), 65534, 65534);
    expect(stateDirUnsafe(join(base, 'net'), [base])).toBe(`${join(base, 'net')} is a link of uid 65534`);
    // A dangling one too: what the plugin would make there is theirs to point.
    symlinkSync('/nonexistent-cnistudio', join(base, 'gone'));
    lchownSync(join(base, 'gone'), 65534, 65534);
    expect(stateDirUnsafe(join(base, 'gone', 'net'), [base])).toBe(`${join(base, 'gone')} is a link of uid 65534`);
  });

  it('is refused where a link of root leads out of the folders plugins keep state in', () => {
    fresh();
    chmodSync(base, 0o755);
    symlinkSync('/etc', join(base, 'etc'));
    expect(stateDirUnsafe(join(base, 'etc', 'net'), [base])).toBe(`${join(base, 'etc', 'net')} leads to /etc/net, outside them`);
  });

  it('a plugin reached through a link another user owns is refused, whatever it leads to', () => {
    fresh();
    chmodSync(base, 0o1777);
    symlinkSync('/bin/true', join(base, 'bridge'));
    lchownSync(join(base, 'bridge'), 65534, 65534);
    expect(replaceable(join(base, 'bridge'))).toBe(`${join(base, 'bridge')} is a link of uid 65534`);
  });
});

describe("host-local's leases of containers the lab did not make", () => {
  it('counts the address files whose container id is not the lab\'s, and nothing for a folder not there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnistudio-leases-'));
    try {
      writeFileSync(join(dir, '10.88.0.2'), 'a1b2c3\r\neth0');
      writeFileSync(join(dir, 'fd00::5'), 'd4e5f6\neth0');
      writeFileSync(join(dir, '10.88.0.3'), 'cnistudio-1f2e3d4c\neth0');
      writeFileSync(join(dir, 'last_reserved_ip.0'), '10.88.0.3');
      writeFileSync(join(dir, 'lock'), '');
      expect(foreignLeases(dir)).toBe(2);
      expect(foreignLeases(join(dir, 'missing'))).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
