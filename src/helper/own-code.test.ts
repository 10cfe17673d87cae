// The command line refuses to run as root code another user could change (own-code.ts): a package folder
// made here, as root, then changed the ways a user's checkout differs.
import { chmodSync, chownSync, lchownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ownCodeRefusal, ownCodeUnsafe } from './own-code';

const root = process.getuid?.() === 0;
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A package as `npm run build` leaves it: bin/, build/cli/, src/, node_modules/ with a .bin link; all root's. */
function pkg(): string {
  dir = mkdtempSync(join(tmpdir(), 'cnistudio-owncode-'));
  for (const d of ['bin', 'build/cli', 'src/cli', 'node_modules/tsx/dist', 'node_modules/.bin']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'bin', 'cni-studio.cjs'), '');
  writeFileSync(join(dir, 'build/cli', 'cni-studio.cjs'), '');
  writeFileSync(join(dir, 'src/cli', 'main.ts'), '');
  writeFileSync(join(dir, 'node_modules/tsx/dist', 'cli.mjs'), '');
  symlinkSync('../tsx/dist/cli.mjs', join(dir, 'node_modules/.bin', 'tsx'));
  return dir;
}

describe.runIf(root)("the helper's own code, as root", () => {
  it('passes a package only root can change, built or from its sources (npm\'s links inside node_modules taken)', () => {
    const p = pkg();
    expect(ownCodeUnsafe(p, false)).toBeUndefined();
    expect(ownCodeUnsafe(p, true)).toBeUndefined();
  });

  it("refuses a file of the build a user owns, a folder its group may write, and a user's node", () => {
    const p = pkg();
    chownSync(join(p, 'build/cli', 'cni-studio.cjs'), 1000, 1000);
    expect(ownCodeUnsafe(p, false)).toBe(`${p}/build/cli/cni-studio.cjs belongs to uid 1000, not root`);
    // Not run from the sources: the build is what runs, so only it (and bin/) is judged.
    expect(ownCodeUnsafe(p, true)).toBeUndefined();
    chmodSync(join(p, 'bin'), 0o775);
    expect(ownCodeUnsafe(p, true)).toBe(`${p}/bin is writable by its group`);
    chmodSync(join(p, 'bin'), 0o755);
    const node = join(p, 'node');
    writeFileSync(node, ''); // only its owner is judged
    chownSync(node, 1000, 1000);
    expect(ownCodeUnsafe(p, true, node)).toBe(`${node} belongs to uid 1000, not root`);
  });

  it('from the sources, refuses a module a user owns and a link leading out of node_modules, or one a user owns', () => {
    const p = pkg();
    chownSync(join(p, 'node_modules/tsx/dist/cli.mjs'), 1000, 1000);
    expect(ownCodeUnsafe(p, true)).toBe(`${p}/node_modules/tsx/dist/cli.mjs belongs to uid 1000, not root`);
    expect(ownCodeUnsafe(p, false)).toBeUndefined();
    chownSync(join(p, 'node_modules/tsx/dist/cli.mjs'), 0, 0);
    symlinkSync('/etc', join(p, 'node_modules/.bin', 'etc'));
    expect(ownCodeUnsafe(p, true)).toBe(`${p}/node_modules/.bin/etc is a link (to "/etc")`);
    rmSync(join(p, 'node_modules/.bin', 'etc'));
    lchownSync(join(p, 'node_modules/.bin', 'tsx'), 1000, 1000);
    expect(ownCodeUnsafe(p, true)).toBe(`${p}/node_modules/.bin/tsx is a link (to "../tsx/dist/cli.mjs")`);
  });

  it('says what to do', () => {
    expect(ownCodeRefusal('lab serve', '/home/a/cni-studio', '/home/a/cni-studio belongs to uid 1000, not root')).toBe(
      'lab serve does not start as root: /home/a/cni-studio belongs to uid 1000, not root, and root would run code another user could change. Make the checkout root\'s (sudo chown -R root: /home/a/cni-studio && sudo chmod -R go-w /home/a/cni-studio), or put it where only root can write, as the README\'s /opt/cni-studio.',
    );
  });
});
