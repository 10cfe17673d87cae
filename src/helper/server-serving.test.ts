// The helper as a web server: the app it serves (and refuses to, as root, from a folder another user could
// change), its audit log under floods and hostile headers, and its Host check off loopback. Each test
// starts a server of its own.
import { chmodSync, chownSync, existsSync, lchownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HELPER_HEADER } from '../core';
import { createLabServer, ServeRefused } from './server';
import { AUDIT_LIMITS } from './audit-log';
import { FIXTURES, root, SYSTEM, TOKEN } from './server-testing';

const tmp = mkdtempSync(join(tmpdir(), 'cni-studio-serving-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('lab serve: the app it serves', () => {
  it("marks the app's files as served by a helper (the app then defaults its helper URL to this origin), and no API answer", async () => {
    const appDir = join(tmp, 'app');
    mkdirSync(appDir, { recursive: true });
    writeFileSync(join(appDir, 'index.html'), '<!doctype html><title>app</title>');
    const withApp = await createLabServer({ host: '127.0.0.1', port: 0, token: TOKEN, allowOrigins: [], cniPath: SYSTEM, appDir, lockPath: join(tmp, 'app.lock') });
    try {
      const head = await fetch(`${withApp.url}/`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get(HELPER_HEADER)).toBe('lab-helper');
      expect((await fetch(`${withApp.url}/api/probe`)).headers.get(HELPER_HEADER)).toBeNull();
    } finally {
      await withApp.close();
    }
    // Without the app, / says how to get it, unmarked.
    const bare = await createLabServer({ host: '127.0.0.1', port: 0, token: TOKEN, allowOrigins: [], cniPath: SYSTEM, lockPath: join(tmp, 'bare.lock') });
    try {
      expect((await fetch(`${bare.url}/`)).headers.get(HELPER_HEADER)).toBeNull();
    } finally {
      await bare.close();
    }
  });

  /** A built app in a folder of its own: index.html and assets/index.js, root's when made by root. */
  const appFolder = (name: string) => {
    const dir = join(tmp, name);
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(dir, 'assets', 'index.js'), 'export {};');
    return dir;
  };

  it.runIf(root)('does not start, as root, on an app folder another user could change: the README\'s dist/ built by a user, with their links to /etc/shadow and to /', async () => {
    const theirs = appFolder('theirs');
    chownSync(theirs, 65534, 65534);
    symlinkSync('/etc/shadow', join(theirs, 'leak'));
    lchownSync(join(theirs, 'leak'), 65534, 65534);
    const start = createLabServer({ host: '127.0.0.1', port: 0, token: TOKEN, allowOrigins: [], cniPath: SYSTEM, appDir: theirs, lockPath: join(tmp, 'theirs.lock') });
    await expect(start).rejects.toThrow(ServeRefused);
    await expect(start).rejects.toThrow(`the app in ${theirs} is not served: ${theirs} belongs to uid 65534, not root. As root the helper serves only a folder no one else can change`);
    // root's folder, holding a link (root's too): refused all the same.
    chownSync(theirs, 0, 0);
    lchownSync(join(theirs, 'leak'), 0, 0);
    rmSync(join(theirs, 'leak'));
    symlinkSync('/', join(theirs, 'root'));
    await expect(createLabServer({ host: '127.0.0.1', port: 0, token: TOKEN, allowOrigins: [], cniPath: SYSTEM, appDir: theirs, lockPath: join(tmp, 'theirs.lock') })).rejects.toThrow(`${theirs}/root is a link (to "/")`);
    // --no-app (no appDir), or npm start's --app-url: nothing of it is served, and the helper starts.
    const redirected = await createLabServer({ host: '127.0.0.1', port: 0, token: TOKEN, allowOrigins: [], cniPath: SYSTEM, appDir: theirs, appUrl: 'http://127.0.0.1:5173/', lockPath: join(tmp, 'theirs.lock') });
    try {
      expect(redirected.servesApp).toBe(false);
      expect((await fetch(`${redirected.url}/root/etc/shadow`)).status).toBe(404);
    } finally {
      await redirected.close();
    }
  });

  it.runIf(root)('refuses, file by file, what another user could change once it serves: their links to /etc/shadow and to / in a folder made writable', async () => {
    const appDir = appFolder('opened');
    const log = join(tmp, 'opened-audit.log');
    const opened = await createLabServer({ host: '127.0.0.1', port: 0, token: TOKEN, allowOrigins: [], cniPath: SYSTEM, appDir, auditLog: log, lockPath: join(tmp, 'opened.lock') });
    try {
      expect((await fetch(`${opened.url}/assets/index.js`)).status).toBe(200);
      chmodSync(appDir, 0o777);
      for (const [name, target] of [['leak', '/etc/shadow'], ['root', '/']] as const) {
        symlinkSync(target, join(appDir, name));
        lchownSync(join(appDir, name), 65534, 65534);
      }
      for (const path of ['/leak', '/root/etc/shadow', '/', '/index.html', '/assets/index.js']) {
        const r = await fetch(`${opened.url}${path}`);
        const text = await r.text();
        expect(r.status, path).toBe(403);
        expect(text, path).not.toContain('root:');
        expect(JSON.parse(text), path).toMatchObject({ error: 'refused', message: expect.stringContaining('is not served') });
      }
      expect(((await (await fetch(`${opened.url}/leak`)).json()) as { message: string }).message).toBe(`The app's file "/leak" is not served: ${appDir}/leak is reached through a link.`);
      expect(((await (await fetch(`${opened.url}/`)).json()) as { message: string }).message).toBe(`The app's file "/index.html" is not served: ${appDir} is writable by every user.`);
      // Root's folder again: the links are still refused, the app's own files served.
      chmodSync(appDir, 0o755);
      expect((await fetch(`${opened.url}/`)).status).toBe(200);
      expect((await fetch(`${opened.url}/root/etc/shadow`)).status).toBe(403);
      const refused = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(refused.some((l) => l.status === 403 && l.path === '/leak' && String(l.reason).includes('reached through a link'))).toBe(true);
    } finally {
      await opened.close();
    }
  });
});

describe('lab serve: the audit log', () => {
  /** Sends raw bytes (headers an attacker chose) and resolves with the answer's status line and body. */
  const rawTo = (url: string, request: string) =>
    new Promise<string>((done, fail) => {
      const socket = connect(Number(new URL(url).port), '127.0.0.1');
      let answer = '';
      socket.on('data', (d: Buffer) => (answer += d.toString()));
      socket.on('error', fail);
      socket.on('close', () => done(answer));
      socket.write(request);
    });
  const logLines = (path: string) => readFileSync(path, 'utf8').trim().split('\n');

  it('takes a flood of 15 KB Origins without the token as a burst of bounded lines and one count, each naming the Origin once', async () => {
    const log = join(tmp, 'flood-audit.log');
    const flooded = await createLabServer({ host: '127.0.0.1', port: 0, token: TOKEN, allowOrigins: [], cniPath: SYSTEM, auditLog: log, lockPath: join(tmp, 'flood.lock') });
    const { host } = new URL(flooded.url);
    const origin = `http://${'a'.repeat(15000)}`;
    try {
      for (let i = 0; i < 300; i += 20) {
        const answers = await Promise.all(Array.from({ length: 20 }, () => rawTo(flooded.url, `GET /api/probe HTTP/1.1\r\nhost: ${host}\r\norigin: ${origin}\r\nconnection: close\r\n\r\n`)));
        for (const a of answers) expect(a).toMatch(/^HTTP\/1\.1 403/);
      }
    } finally {
      await flooded.close();
    }
    const lines = logLines(log);
    const refusals = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.refused);
    // The burst (and what refilled meanwhile), then the count of the rest, written when the helper closed.
    expect(refusals.length).toBeGreaterThanOrEqual(AUDIT_LIMITS.burst);
    expect(refusals.length).toBeLessThan(AUDIT_LIMITS.burst + 10);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ notLogged: 300 - refusals.length });
    expect(readFileSync(log).length).toBeLessThan(lines.length * 600);
    const reason = String(refusals[0]!.reason);
    expect(reason).toBe(`Origin "http://${'a'.repeat(113)}"...[14887 more characters] is not allowed (nor is it an origin --allow-origin would take).`);
  });

  it('quotes what a request says: an Origin or Host holding spaces makes no word of the log (nor line) of its own', async () => {
    const log = join(tmp, 'words-audit.log');
    const quoting = await createLabServer({ host: '127.0.0.1', port: 0, token: TOKEN, allowOrigins: [], cniPath: SYSTEM, auditLog: log, lockPath: join(tmp, 'words.lock') });
    const { host } = new URL(quoting.url);
    try {
      expect(await rawTo(quoting.url, `GET /api/probe HTTP/1.1\r\nhost: ${host}\r\norigin: x /tmp/evil.so y\r\nconnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 403/);
      expect(await rawTo(quoting.url, `GET /api/probe HTTP/1.1\r\nhost: x /tmp/evil.so\ty\r\nconnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 403/);
    } finally {
      await quoting.close();
    }
    const text = readFileSync(log, 'utf8');
    expect(text.split(/[\s:]+/)).not.toContain('/tmp/evil.so');
    const [origin, hostLine] = logLines(log).map((l) => JSON.parse(l) as { reason: string });
    expect(origin!.reason).toBe('Origin "x\\u0020/tmp/evil.so\\u0020y" is not allowed (nor is it an origin --allow-origin would take).');
    expect(hostLine!.reason).toMatch(/^Host "x\\u0020\/tmp\/evil\.so\\ty" is not one of this helper's addresses/);
  });

  it.runIf(root)('does not start on a log another user could redirect: their link to a root-only file (finding: /etc/ld.so.preload), a new file in /tmp, a folder of theirs', async () => {
    const victim = join(tmp, 'victim');
    writeFileSync(victim, 'root only\n', { mode: 0o600 });
    const planted = join(tmpdir(), `cnistudio-audit-${process.pid}.log`);
    symlinkSync(victim, planted);
    lchownSync(planted, 65534, 65534);
    const theirs = join(tmp, 'their-logs');
    mkdirSync(theirs);
    chownSync(theirs, 65534, 65534);
    const start = (auditLog: string) => createLabServer({ host: '127.0.0.1', port: 0, token: TOKEN, allowOrigins: [], cniPath: SYSTEM, auditLog, lockPath: join(tmp, 'planted.lock') });
    try {
      await expect(start(planted)).rejects.toThrow(`the audit log ${planted}: it is a link: the audit log is never written through one`);
      rmSync(planted);
      await expect(start(planted)).rejects.toThrow(`the audit log ${planted}: ${tmpdir()} is writable by every user (sticky: anyone may add what is not there yet), so another user could send what the helper (root) writes elsewhere`);
      await expect(start(join(theirs, 'audit.log'))).rejects.toThrow(`${theirs} belongs to uid 65534, not root`);
      expect(readFileSync(victim, 'utf8')).toBe('root only\n');
      expect(existsSync(planted)).toBe(false);
    } finally {
      rmSync(planted, { force: true });
    }
  });
});

describe('lab serve: the Host check off loopback (DNS rebinding)', () => {
  it('answers only Host values naming the address it binds or a name it was given, and a rebound page is no origin of its own', async () => {
    // 127.0.0.2 is bound as any address that is not 127.0.0.1 (nothing leaves this machine).
    const bound = await createLabServer({ host: '127.0.0.2', port: 0, token: TOKEN, allowOrigins: [], hostNames: ['lab-vm.example'], cniPath: [FIXTURES], lockPath: join(tmp, 'bound.lock') });
    const port = new URL(bound.url).port;
    const status = (host: string, origin?: string) =>
      new Promise<number>((done, fail) => {
        const socket = connect(Number(port), '127.0.0.2');
        let answer = '';
        socket.on('data', (d: Buffer) => (answer += d.toString()));
        socket.on('error', fail);
        socket.on('close', () => done(Number(/^HTTP\/1\.1 (\d+)/.exec(answer)?.[1])));
        socket.write(`GET /api/probe HTTP/1.1\r\nhost: ${host}\r\nauthorization: Bearer ${TOKEN}\r\n${origin ? `origin: ${origin}\r\n` : ''}connection: close\r\n\r\n`);
      });
    try {
      expect(await status(`evil.example:${port}`, `http://evil.example:${port}`)).toBe(403);
      expect(await status(`evil.example:${port}`)).toBe(403);
      expect(await status(`127.0.0.1:${port}`)).toBe(403);
      expect(await status(`127.0.0.2:${port}`)).toBe(200);
      expect(await status(`lab-vm.example:${port}`, `http://lab-vm.example:${port}`)).toBe(200);
      expect(await status(`LAB-VM.example:${port}`)).toBe(200);
    } finally {
      await bound.close();
    }
  });
});
