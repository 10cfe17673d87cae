// An ip session answers each show command with what the one-off command prints, fails what is waiting when
// ip ends (a failed command ends a batch), and asks nothing after it is closed. Reads only: no root needed,
// only `ip` (skipped without it).
import { execFileSync } from 'node:child_process';
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
