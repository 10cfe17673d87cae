// The helper's start: descriptors it inherited do not reach the plugins it runs.
import { spawnSync } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');

function probe(close: boolean) {
  // Two extra descriptors, 40 (a file) and 41 (a pipe), as a shell's redirections or a runner's pipes leave
  // them (not close-on-exec). Node itself marks inherited ones close-on-exec, but only from 3 up to the first
  // gap: these lie past one (what the lab VM's tester found: a runner's descriptor 251 reached the plugins).
  const extra = openSync(__filename, 'r');
  try {
    const stdio = ['ignore', 'pipe', 'inherit', ...Array<'ignore'>(37).fill('ignore'), extra, 'pipe'] as const;
    const r = spawnSync(process.execPath, [resolve(ROOT, 'bin/run-ts.mjs'), resolve(__dirname, 'testdata/fd-probe.ts'), ...(close ? ['--close'] : [])], { stdio: [...stdio], encoding: 'utf8', cwd: ROOT });
    return JSON.parse(r.stdout) as { closed: number[]; seen: number[] };
  } finally {
    closeSync(extra);
  }
}

describe('descriptors the helper inherited', () => {
  it('reach what it starts unless closed (the case this guards against)', () => {
    const { seen } = probe(false);
    expect(seen).toEqual(expect.arrayContaining([40, 41]));
  });

  it('are closed at start, so a plugin sees only its standard three (and ls its listing)', () => {
    const { closed, seen } = probe(true);
    expect(closed).toEqual(expect.arrayContaining([40, 41]));
    expect(seen.filter((fd) => fd > 2 && fd !== 3)).toEqual([]);
  });
});
