// The probe lists every executable in CNI_PATH (not a fixed list of names), first of each name wins.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cniPathFrom, findPlugin, listPlugins, probe, readsCniCommand } from './probe';
import type { Executor } from './executor';
import { upstreamRelease } from '../core';

const dir = mkdtempSync(join(tmpdir(), 'cni-studio-probe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const put = (sub: string, name: string, mode = 0o755, text = '#!/bin/sh\ncase "$CNI_COMMAND" in VERSION) ;; esac\n') => {
  mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, sub, name), text);
  chmodSync(join(dir, sub, name), mode);
};

describe('probe', () => {
  put('a', 'whereabouts');
  put('a', 'bridge');
  put('b', 'bridge');
  put('b', 'macvlan');
  put('b', 'README', 0o644);
  put('b', '.hidden');

  it('lists every executable, the first of each name in CNI_PATH order, skipping what is not a plugin name or not executable', () => {
    expect(listPlugins([join(dir, 'a'), join(dir, 'missing'), join(dir, 'b')])).toEqual([
      { type: 'bridge', path: join(dir, 'a', 'bridge') },
      { type: 'whereabouts', path: join(dir, 'a', 'whereabouts') },
      { type: 'macvlan', path: join(dir, 'b', 'macvlan') },
    ]);
  });

  it("asks each one for its VERSION and keeps what it says, or why it said nothing usable", async () => {
    const executor: Executor = {
      async run({ binary }) {
        const stdout = binary.endsWith('whereabouts') ? '{"cniVersion":"1.0.0","supportedVersions":["0.3.1","1.0.0"]}' : binary.endsWith('macvlan') ? 'usage: macvlan' : '{"supportedVersions":"1.0.0"}';
        return { exitCode: 0, signal: null, stdout, stderr: '', durationMs: 1, timedOut: false };
      },
    };
    const answer = await probe([join(dir, 'a'), join(dir, 'b')], executor);
    expect(answer.plugins).toEqual([
      { type: 'bridge', path: join(dir, 'a', 'bridge'), versionError: '{"supportedVersions":"1.0.0"}' },
      { type: 'whereabouts', path: join(dir, 'a', 'whereabouts'), supportedVersions: ['0.3.1', '1.0.0'] },
      { type: 'macvlan', path: join(dir, 'b', 'macvlan'), versionError: 'usage: macvlan' },
    ]);
    expect(answer.cniPath).toEqual([join(dir, 'a'), join(dir, 'b')]);
  });

  it('runs only what reads CNI_COMMAND, as every plugin must: an executable that never does is listed, not run', async () => {
    put('sbin', 'halt', 0o755, '#!/bin/sh\necho would halt\n');
    put('sbin', 'loopback');
    const ran: string[] = [];
    const executor: Executor = {
      async run({ binary }) {
        ran.push(binary);
        return { exitCode: 0, signal: null, stdout: '{"cniVersion":"1.0.0","supportedVersions":["1.0.0"]}', stderr: '', durationMs: 1, timedOut: false };
      },
    };
    const answer = await probe([join(dir, 'sbin')], executor);
    expect(ran.filter((b) => b.endsWith('/halt'))).toEqual([]);
    expect(ran.filter((b) => b.endsWith('/loopback')).length).toBeGreaterThan(0);
    expect(answer.plugins.find((p) => p.type === 'halt')).toEqual({ type: 'halt', path: join(dir, 'sbin', 'halt'), versionError: 'not run: it never reads CNI_COMMAND, so it is no CNI plugin (a run that names it still runs it)' });
  });

  it('makes CNI_PATH absolute, so the file checked is the file run (spawn would look a bare name up in PATH)', () => {
    const here = process.cwd();
    try {
      process.chdir(join(dir, 'a'));
      expect(cniPathFrom('.:../b::/opt/cni/bin')).toEqual([join(dir, 'a'), join(dir, 'b'), '/opt/cni/bin']);
      expect(findPlugin('bridge', ['.'])).toBe(join(dir, 'a', 'bridge'));
      expect(cniPathFrom(undefined)).toEqual(['/opt/cni/bin', '/usr/lib/cni']);
    } finally {
      process.chdir(here);
    }
  });

  it('finds CNI_COMMAND anywhere in a large file, across the pieces it is read in, and not in one without it', async () => {
    const big = (at: number) => {
      const b = Buffer.alloc(3 * 1024 * 1024 + 17, 0x41);
      if (at >= 0) b.write('CNI_COMMAND', at);
      const path = join(dir, `big-${at}`);
      writeFileSync(path, b);
      return path;
    };
    for (const at of [0, (1 << 20) - 5, (1 << 20) - 11, 1 << 20, 2 * (1 << 20) - 1, 3 * 1024 * 1024 + 6]) expect(await readsCniCommand(big(at))).toBe(true);
    expect(await readsCniCommand(big(-1))).toBe(false);
    expect(await readsCniCommand(join(dir, 'nothing-here'))).toBe(false);
  });

  it.runIf(process.getuid?.() === 0)('as root, runs nothing someone else may replace, not even for its VERSION, and says why', async () => {
    put('open', 'sbr');
    chmodSync(join(dir, 'open'), 0o777);
    const ran: string[] = [];
    const executor: Executor = {
      async run({ binary }) {
        ran.push(binary);
        return { exitCode: 0, signal: null, stdout: '{"cniVersion":"1.0.0","supportedVersions":["1.0.0"]}', stderr: '', durationMs: 1, timedOut: false };
      },
    };
    const answer = await probe([join(dir, 'open'), join(dir, 'b')], executor);
    expect(ran.some((b) => b.endsWith('/sbr'))).toBe(false);
    expect(answer.plugins.find((p) => p.type === 'sbr')).toEqual({ type: 'sbr', path: join(dir, 'open', 'sbr'), versionError: `not run as root: ${join(dir, 'open')} is writable by every user, so someone else could replace it` });
    expect(answer.plugins.find((p) => p.type === 'macvlan')?.supportedVersions).toEqual(['1.0.0']);
    expect(answer.missing.join('\n')).toContain(`sbr (${join(dir, 'open')} is writable by every user)`);
    expect(answer.missing).toContain(`Lab runs are refused while someone else could put plugins in CNI_PATH: ${join(dir, 'open')} (${join(dir, 'open')} is writable by every user).`);
  });

  // Debian's plugins print "version unknown": their release is the package's. Linked into another folder
  // (as into /opt/cni/bin), the link belongs to no package, and the file it leads to does.
  it.runIf(process.getuid?.() === 0 && existsSync('/usr/lib/cni/loopback'))("dates plugins linked to a package's files by that package, not by the spec versions they accept", async () => {
    mkdirSync(join(dir, 'linked'));
    symlinkSync('/usr/lib/cni/loopback', join(dir, 'linked', 'loopback'));
    const answer = await probe([join(dir, 'linked')]);
    const pkg = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'containernetworking-plugins'], { encoding: 'utf8' });
    expect(answer.plugins).toEqual([expect.objectContaining({ type: 'loopback', release: upstreamRelease(pkg), releaseFrom: 'package' })]);
    expect(answer.profileFrom).toBe('from the package that installed them');
  });
});
