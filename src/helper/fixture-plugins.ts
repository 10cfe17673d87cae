// The test plugins of testdata/cni-bin (hostile ones: hang, fork, garbage…) where a root-run helper will
// run them: as root it refuses a plugin whose file, or a folder on its way, another user owns
// (system-path.ts), and a checkout often belongs to the developer who runs `sudo npm test`. So as root,
// a copy root owns, removed when the test file is done.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';

const SOURCE = resolve(import.meta.dirname, 'testdata/cni-bin');

export function fixturePlugins(): string {
  if (process.getuid?.() !== 0) return SOURCE;
  const dir = mkdtempSync(join(tmpdir(), 'cnistudio-fixture-plugins-'));
  cpSync(SOURCE, dir, { recursive: true });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
