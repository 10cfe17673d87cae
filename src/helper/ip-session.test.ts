// An ip session answers each show command with what the one-off command prints, fails what is waiting when
// ip ends (a failed command ends a batch), and asks nothing after it is closed: reads need no root, only `ip`
// (skipped without it); commands that print nothing (a namespace made, a loopback up) run as root.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IpSession } from './ip-session';

const hasIp = (() => {
  try {
    execFileSync('ip', ['-V']);
    return true;
  } catch {
    return false;
  }
})();
const oneOff = (...args: string[]) => JSON.parse(execFileSync('ip', ['-j', ...args], { encoding: 'utf8' })) as unknown[];

describe.skipIf(!hasIp)('an ip session', () => {
  it('answers show commands in order, as the one-off commands print them, asked one at a time or together', async () => {
    const s = new IpSession(['-d']);
    try {
      expect(await s.ask('link show')).toEqual(oneOff('-d', 'link', 'show'));
      const [links, routes] = await Promise.all([s.ask('link show dev lo'), s.ask('route show table all')]);
      expect(links).toEqual(oneOff('-d', 'link', 'show', 'dev', 'lo'));
      expect(routes).toEqual(oneOff('-d', 'route', 'show', 'table', 'all'));
    } finally {
      s.close();
    }
  });

  it('a failed command fails with ip’s words and ends the session; a closed one refuses', async () => {
    const s = new IpSession([]);
    await expect(s.ask('link show dev cnistudio-no-such-link')).rejects.toThrow(/does not exist|Cannot find device/);
    expect(s.alive).toBe(false);
    await expect(s.ask('link show')).rejects.toThrow();
    const t = new IpSession([]);
    await expect(t.ask('link show\nlink show')).rejects.toThrow('one command per line');
    t.close();
    await expect(t.ask('link show')).rejects.toThrow('closed');
  });
});

// Node may report a process's exit before its stderr has been read (a loaded machine, CI): the session
// waits for its pipes, so ip's words still reach the caller. A stand-in ip exits at once and leaves a child
// of its own to say why a moment later, which makes that order certain.
describe('an ip session whose process exits before its words are read', () => {
  it('still fails with those words', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnistudio-ipsession-'));
    try {
      writeFileSync(join(dir, 'ip'), '#!/bin/sh\n(sleep 0.2; echo \'Cannot find device "x"\' >&2) &\nexit 1\n');
      chmodSync(join(dir, 'ip'), 0o755);
      const s = new IpSession([], join(dir, 'ip'));
      await expect(s.ask('link show dev x')).rejects.toThrow(/exit 1\): Cannot find device "x"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const isRoot = process.getuid?.() === 0;

describe.skipIf(!hasIp || !isRoot)('an ip session running commands that print nothing (root)', () => {
  it('makes a namespace and goes back to the host’s: what it reads after is the host’s links', async () => {
    const name = `cnistudio-ti${process.pid}-session`;
    const s = new IpSession(['-d']);
    try {
      let lo: { flags?: string[] }[] = [];
      await s.do(`netns add ${name}`, (answer) => ((lo = answer), undefined));
      expect(lo[0]?.flags).toContain('UP'); // the host's loopback, not the new namespace's (down)
      expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).toContain(name);
      expect(await s.ask('link show')).toEqual(oneOff('-d', 'link', 'show'));
      const inside = new IpSession(['-n', name]);
      await inside.do('link set lo up');
      expect(await inside.ask('link show dev lo')).toEqual(oneOff('-n', name, 'link', 'show', 'dev', 'lo'));
      expect((oneOff('-n', name, 'link', 'show', 'dev', 'lo')[0] as { flags: string[] }).flags).toContain('UP');
      inside.close();
    } finally {
      s.close();
      execFileSync('ip', ['netns', 'delete', name]);
    }
  });

  it('a check that names a problem ends the session before anything asked after it is answered', async () => {
    const s = new IpSession([]);
    const done = s.do('link set lo up', () => 'not where it should be');
    const later = s.ask('link show');
    await expect(done).rejects.toThrow('not where it should be');
    await expect(later).rejects.toThrow('not where it should be');
    expect(s.alive).toBe(false);
  });
});
