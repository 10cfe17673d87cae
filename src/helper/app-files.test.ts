// Which app folder a helper running as root serves, and which of its files it sends: what `nobody` can do to
// a dist/ it may write (a link to /etc/shadow, a link to /, a file of theirs) is refused at the start and as
// each file is sent. The ownership checks need root; the links are refused for anyone.
import { chmodSync, chownSync, lchownSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { appDirUnsafe, unservable } from './app-files';
import { replaceableTree } from './system-path';

const root = process.getuid?.() === 0;
const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'cnistudio-app-')));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const app = join(tmp, 'dist');

beforeEach(() => {
  rmSync(app, { recursive: true, force: true });
  mkdirSync(join(app, 'assets'), { recursive: true });
  writeFileSync(join(app, 'index.html'), '<!doctype html>');
  writeFileSync(join(app, 'assets', 'index.js'), '');
});

describe.runIf(root)('the app folder a helper running as root serves', () => {
  it('is one root owns with all it holds, and each folder above it, none writable by others', () => {
    expect(replaceableTree(app)).toBeUndefined();
    expect(appDirUnsafe(app)).toBeUndefined();
  });

  it('is not one another user owns, nor one with a folder above it of theirs (the checkout built as a user)', () => {
    chownSync(app, 65534, 65534);
    expect(appDirUnsafe(app)).toMatch(new RegExp(`^the app in ${app} is not served: ${app} belongs to uid 65534, not root\\. As root the helper serves only a folder no one else can change, holding no links: .*or --no-app to serve none$`));
    chownSync(app, 0, 0);
    chownSync(tmp, 65534, 65534);
    try {
      expect(replaceableTree(app)).toBe(`${tmp} belongs to uid 65534, not root`);
    } finally {
      chownSync(tmp, 0, 0);
    }
  });

  it('holds no link, whoever made it: a file or a folder reached through one could be any file root may read', () => {
    symlinkSync('/etc/shadow', join(app, 'leak'));
    lchownSync(join(app, 'leak'), 65534, 65534);
    expect(replaceableTree(app)).toBe(`${app}/leak is a link (to "/etc/shadow")`);
    rmSync(join(app, 'leak'));
    symlinkSync('/', join(app, 'assets', 'root'));
    expect(replaceableTree(app)).toBe(`${app}/assets/root is a link (to "/")`);
  });

  it('holds nothing another user owns or may write, however deep, nor anything but files and folders', () => {
    chownSync(join(app, 'assets', 'index.js'), 65534, 65534);
    expect(replaceableTree(app)).toBe(`${app}/assets/index.js belongs to uid 65534, not root`);
    chownSync(join(app, 'assets', 'index.js'), 0, 0);
    chmodSync(join(app, 'assets'), 0o1777);
    expect(replaceableTree(app)).toBe(`${app}/assets is writable by every user (sticky: anyone may add what is not there yet)`);
    chmodSync(join(app, 'assets'), 0o755);
    chmodSync(join(app, 'index.html'), 0o664);
    expect(replaceableTree(app)).toBe(`${app}/index.html is writable by its group`);
    chmodSync(join(app, 'index.html'), 0o644);
    execFileSync('mkfifo', [join(app, 'assets', 'pipe')]);
    expect(replaceableTree(app)).toBe(`${app}/assets/pipe is neither a file nor a folder`);
  });
});

describe('a file the helper is about to send from the app folder', () => {
  it('is sent when it is a regular file reached without a link (and, as root, no one else can change it)', () => {
    expect(unservable(app, join(app, 'index.html'))).toBeUndefined();
    expect(unservable(app, join(app, 'assets', 'index.js'))).toBeUndefined();
  });

  it('is refused when reached through a link, made after the start: to a file, or to a folder on its way', () => {
    symlinkSync('/etc/passwd', join(app, 'leak'));
    expect(unservable(app, join(app, 'leak'))).toBe(`${app}/leak is reached through a link`);
    symlinkSync('/', join(app, 'root'));
    expect(unservable(app, join(app, 'root', 'etc', 'passwd'))).toBe(`${app}/root/etc/passwd is reached through a link`);
    expect(unservable(app, '/etc/passwd')).toBe('/etc/passwd is not in the app\'s folder');
  });

  it.runIf(root)('is refused, as root, once another user could change it or a folder above it', () => {
    chownSync(join(app, 'assets', 'index.js'), 65534, 65534);
    expect(unservable(app, join(app, 'assets', 'index.js'))).toBe(`${app}/assets/index.js belongs to uid 65534, not root`);
    chmodSync(app, 0o777);
    expect(unservable(app, join(app, 'index.html'))).toBe(`${app} is writable by every user`);
  });
});
