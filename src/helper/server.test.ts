// The helper's HTTP API under hostile requests, and real runs streamed over it.
import { chmodSync, chownSync, existsSync, lchownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELPER_HEADER, upstreamRelease, type LabEvent } from '../core';
import { execFileSync } from 'node:child_process';
import { createLabServer, ServeRefused, type LabServer } from './server';
import { AUDIT_LIMITS } from './audit-log';
import { findPlugin } from './probe';
import { listOurNetns } from './netns';
import { fixturePlugins } from './fixture-plugins';

const SYSTEM = ['/usr/lib/cni', '/opt/cni/bin'];
const FIXTURES = fixturePlugins();
const root = typeof process.getuid === 'function' && process.getuid() === 0;
const ready = root && findPlugin('loopback', SYSTEM) !== undefined;
const TOKEN = 'test-token-0123456789abcdef';
const tmp = mkdtempSync(join(tmpdir(), 'cni-studio-serve-'));
let server: LabServer;

beforeAll(async () => {
  server = await createLabServer({ host: '127.0.0.1', port: 0, token: TOKEN, allowOrigins: ['http://127.0.0.1:5173'], cniPath: [FIXTURES, ...SYSTEM], auditLog: join(tmp, 'audit.log'), lockPath: join(tmp, 'lab.lock'), bodyLimit: 64 * 1024 });
});
afterAll(async () => {
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const api = (path: string, init: RequestInit & { token?: string | null; origin?: string } = {}) => {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
  if (init.token !== null) headers.authorization = `Bearer ${init.token ?? TOKEN}`;
  if (init.origin) headers.origin = init.origin;
  return fetch(`${server.url}${path}`, { ...init, headers });
};
const post = (body: unknown, extra: { token?: string | null; origin?: string } = {}) => api('/api/runs', { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' }, ...extra });
const loopback = { conflist: { cniVersion: '1.0.0', name: 'cnistudio-serve', plugins: [{ type: 'loopback' }] }, operations: ['ADD', 'DEL'] };

async function events(response: Response): Promise<LabEvent[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((chunk) => chunk.startsWith('data: '))
    .map((chunk) => JSON.parse(chunk.slice(6)) as LabEvent);
}

describe('lab serve: a burst of probes', () => {
  it('shares one probe among the requests that come while it runs', async () => {
    const { spawnExecutor } = await import('./executor');
    let calls = 0;
    const counting = { run: (r: Parameters<typeof spawnExecutor.run>[0]) => (calls++, spawnExecutor.run(r)) };
    const probed = await createLabServer({ host: '127.0.0.1', port: 0, token: TOKEN, allowOrigins: [], cniPath: [FIXTURES], executor: counting, lockPath: join(tmp, 'burst.lock') });
    try {
      const ask = () => fetch(`${probed.url}/api/probe`, { headers: { authorization: `Bearer ${TOKEN}` } });
      const first = await ask();
      expect(first.status, await first.clone().text()).toBe(200);
      const one = calls;
      expect(one).toBeGreaterThan(0);
      calls = 0;
      const answers = await Promise.all(Array.from({ length: 10 }, ask));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
      // Ten at once cost what one does (the first may finish before the last arrives: at most two sets).
      expect(calls).toBeLessThanOrEqual(2 * one);
    } finally {
      await probed.close();
    }
  });
});

describe('lab serve: hostile requests', () => {
  it('answers 408 to a request that stalls or trickles past its time limit, soon after it (checked every second), and records it', async () => {
    const log = join(tmp, 'timeout-audit.log');
    const quick = await createLabServer({ host: '127.0.0.1', port: 0, token: TOKEN, allowOrigins: [], cniPath: [FIXTURES], auditLog: log, lockPath: join(tmp, 'timeout.lock'), requestTimeoutMs: 1500 });
    try {
      const { connect } = await import('node:net');
      const { port } = new URL(quick.url);
      const answerTo = (trickle: boolean) =>
        new Promise<{ answer: string; ms: number }>((done) => {
          const started = Date.now();
          const socket = connect(Number(port), '127.0.0.1');
          let answer = '';
          socket.on('data', (d: Buffer) => (answer += d.toString()));
          socket.on('close', () => (clearInterval(timer), done({ answer, ms: Date.now() - started })));
          socket.write(`POST /api/runs HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nauthorization: Bearer ${TOKEN}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{`);
          // A byte every 200 ms, or nothing more at all.
          const timer = setInterval(() => trickle && socket.writable && socket.write(' '), 200);
        });
      for (const trickle of [false, true]) {
        const { answer, ms } = await answerTo(trickle);
        expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
        expect(ms).toBeLessThan(10_000); // not the 30 s of Node's own check interval on top of the limit
      }
      expect(readFileSync(log, 'utf8')).toContain('"status":408,"refused":"request timeout"');
    } finally {
      await quick.close();
    }
  });

  it('answers a request without the token before its body and closes the connection, however much body it declares', async () => {
    const { connect } = await import('node:net');
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    const closed = new Promise<void>((done) => socket.on('close', () => done()));
    // 100 MB declared, one byte sent: the helper must not wait for the rest.
    socket.write(`POST /api/runs HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncontent-length: 100000000\r\n\r\n{`);
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
    expect(answer.toLowerCase()).toContain('connection: close');
  });
  it('refuses requests without the token, or with a wrong one', async () => {
    expect((await api('/api/probe', { token: null })).status).toBe(401);
    expect((await api('/api/probe', { token: 'wrong-token-wrong-token' })).status).toBe(401);
    expect((await post(loopback, { token: null })).status).toBe(401);
  });
  it('refuses browsers from other origins and allows the listed ones, with CORS', async () => {
    const evil = await api('/api/probe', { origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect(((await evil.json()) as { message: string }).message).toContain('not allowed');
    const good = await api('/api/probe', { origin: 'http://127.0.0.1:5173' });
    expect(good.status).toBe(200);
    expect(good.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    const preflight = await fetch(`${server.url}/api/runs`, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
  });
  it('refuses malformed JSON, unknown fields, bad values and huge bodies with a clear message', async () => {
    const malformed = await post('{"conflist": ');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { message: string }).message).toMatch(/Malformed request/);
    expect(((await (await post('{"conflist": ')).json()) as { message: string }).message).toContain('not valid JSON');
    // Keys that name a prototype are refused by name, wherever they are.
    const proto = await post('{"conflist": {"cniVersion": "1.0.0", "name": "x", "plugins": [{"type": "loopback", "__proto__": {"x": 1}}]}}');
    expect(await proto.json()).toEqual({ error: 'bad request', message: 'Malformed request: the body holds the key /conflist/plugins/0/__proto__, which is refused (it names an object\'s prototype)' });
    expect((await post('{"constructor": {"prototype": {"polluted": true}}}')).status).toBe(400);
    const extra = await post({ ...loopback, cniPath: '/tmp' });
    expect(await extra.json()).toEqual({ error: 'bad request', message: 'unknown request fields: cniPath' });
    expect((await post({ ...loopback, ifname: 'eth0; rm -rf /' })).status).toBe(400);
    expect((await post({ ...loopback, keepSeconds: 99999 })).status).toBe(400);
    const huge = await post({ ...loopback, capabilityArgs: { x: 'y'.repeat(100 * 1024) } });
    expect(huge.status).toBe(413);
  });
  it('refuses plugin types that are paths before creating anything; runs one not in its CNI_PATH as libcni does, starting nothing outside it', async () => {
    // A path is not a plugin name: the request itself is refused (400), naming the type.
    for (const type of ['../../bin/sh', '/bin/sh', ' ']) {
      const r = await post({ ...loopback, conflist: { ...loopback.conflist, plugins: [{ type }] } });
      expect(r.status).toBe(400);
      expect(((await r.json()) as { message: string }).message).toContain(`"type"`);
    }
    // What libcni itself refuses to load is refused in its words.
    const empty = await post({ ...loopback, conflist: { ...loopback.conflist, plugins: [{ type: '' }] } });
    expect(await empty.json()).toEqual({ error: 'bad request', message: "libcni 1.3.0 refuses to load this list: failed to parse plugin config 0: error parsing configuration: missing 'type'" });
    const comments = await post({ ...loopback, conflist: { ...loopback.conflist, cniVersion: 0.4 } });
    expect(((await comments.json()) as { message: string }).message).toBe('libcni 1.3.0 refuses to load this list: error parsing configuration list: invalid cniVersion type float64');
    // A bare name not in CNI_PATH (/bin/sh is not in it): libcni's failure, and nothing was started.
    const e = await events(await post({ ...loopback, conflist: { ...loopback.conflist, plugins: [{ type: 'sh' }] } }));
    const ends = e.filter((x): x is Extract<LabEvent, { type: 'invocation-end' }> => x.type === 'invocation-end');
    expect(ends.map((x) => [x.command, x.ok, x.exitCode, x.error?.msg])).toEqual([
      ['ADD', false, null, `failed to find plugin "sh" in path [${[FIXTURES, ...SYSTEM].join(' ')}]`],
      ['DEL', false, null, `failed to find plugin "sh" in path [${[FIXTURES, ...SYSTEM].join(' ')}]`],
    ]);
    expect(e.at(-1)).toMatchObject({ type: 'run-end', ok: false });
  });
});

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
    // Without the app (the server above serves none), / says how to get it, unmarked.
    expect((await fetch(`${server.url}/`)).headers.get(HELPER_HEADER)).toBeNull();
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

describe.runIf(ready)('lab serve: live runs', () => {
  it('probes the machine', async () => {
    const p = (await (await api('/api/probe')).json()) as { root: boolean; plugins: { type: string; supportedVersions?: string[] }[] };
    expect(p.root).toBe(true);
    expect(p.plugins.find((x) => x.type === 'loopback')?.supportedVersions).toContain('1.0.0');
    // The machine's profile: Debian's build says "version unknown", so the package's version decides.
    const pkg = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'containernetworking-plugins'], { encoding: 'utf8' });
    expect((p as { profile?: { plugins: string } }).profile?.plugins).toBe(upstreamRelease(pkg));
  });

  it('streams a run event by event and writes an audit line', async () => {
    const e = await events(await post(loopback));
    expect(e[0]!.type).toBe('run-start');
    expect(e.filter((x) => x.type === 'invocation-end').map((x) => (x as { ok: boolean }).ok)).toEqual([true, true]);
    expect(e.at(-1)).toMatchObject({ type: 'run-end', ok: true });
    const audit = readFileSync(join(tmp, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(audit.at(-1)).toMatchObject({ network: 'cnistudio-serve', plugins: ['loopback'], operations: ['ADD', 'DEL'], ok: true });
  });

  it('runs one at a time: a second request is told it is busy', async () => {
    const slow = post({ conflist: { cniVersion: '1.0.0', name: 'cnistudio-busy', plugins: [{ type: 'loopback' }, { type: 'hang' }] }, operations: ['ADD'], timeoutMs: 2000 });
    await new Promise((r) => setTimeout(r, 300));
    const second = await post(loopback);
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: string }).error).toBe('busy');
    const e = await events(await slow);
    expect(e.at(-1)).toMatchObject({ type: 'run-end', ok: false });
    // The refusal is audited, and the lock is free again for the next run.
    const audit = readFileSync(join(tmp, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(audit.some((l) => l.status === 409 && l.refused === 'busy' && l.method === 'POST' && l.path === '/api/runs')).toBe(true);
    expect(existsSync(join(tmp, 'lab.lock'))).toBe(false);
    expect((await events(await post(loopback))).at(-1)).toMatchObject({ type: 'run-end', ok: true });
  });

  it('tears down when the client goes away mid-run', async () => {
    const controller = new AbortController();
    const response = await post({ conflist: { cniVersion: '1.0.0', name: 'cnistudio-gone', plugins: [{ type: 'loopback' }, { type: 'hang' }] }, operations: ['ADD'], timeoutMs: 20_000 });
    const reader = response.body!.getReader();
    // Read until the hanging plugin has started.
    let seen = '';
    while (!seen.includes('"pluginType":"hang"')) seen += new TextDecoder().decode((await reader.read()).value);
    const netns = (JSON.parse(seen.split('\n\n')[0]!.slice(6)) as { netns: string }).netns;
    expect(existsSync(netns)).toBe(true);
    controller.abort();
    await reader.cancel();
    // The hanging plugin is killed at once (its limit is 20 s), and teardown follows.
    const t0 = Date.now();
    for (let i = 0; i < 100 && existsSync(netns); i++) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(netns)).toBe(false);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect((await listOurNetns()).includes(netns.split('/').pop()!)).toBe(false);
  });
});

describe.skipIf(!ready)('the helper between runs (root)', () => {
  /** This process's children that are gates for the firewall reads (primed.ts). */
  const gates = () =>
    execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => /xargs -0 -- ip6?tables-save/.test(l));
  const until = async (done: () => Promise<boolean> | boolean) => {
    for (let i = 0; i < 100 && !(await done()); i++) await new Promise((r) => setTimeout(r, 50));
  };

  it('readies the next run while idle (its namespace, its firewall reads), uses them for a run, and leaves nothing when closed', async () => {
    await server.close(); // the file's server primes too: only this one's are counted
    const before = await listOurNetns();
    const idle = await createLabServer({ host: '127.0.0.1', port: 0, token: TOKEN, allowOrigins: [], cniPath: SYSTEM, lockPath: join(tmp, 'idle.lock') });
    try {
      await until(async () => (await listOurNetns()).length > before.length && gates().length === 6);
      const [spare] = (await listOurNetns()).filter((n) => !before.includes(n));
      expect(spare).toBeDefined();
      expect(gates()).toHaveLength(6);
      const r = await fetch(`${idle.url}/api/runs`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(loopback) });
      const e = await events(r);
      expect(e.at(-1)).toMatchObject({ type: 'run-end', ok: true });
      // The run's namespace was the spare; its firewall reads went through gates, and new ones are made after.
      expect(e.find((x) => x.type === 'run-start')).toMatchObject({ netns: `/run/netns/${spare}` });
      await until(async () => (await listOurNetns()).some((n) => !before.includes(n) && n !== spare) && gates().length === 6);
      expect((await listOurNetns()).filter((n) => !before.includes(n))).toHaveLength(1);
      expect(gates()).toHaveLength(6);
    } finally {
      await idle.close();
    }
    expect(await listOurNetns()).toEqual(before);
    expect(gates()).toEqual([]);
  });

  it('readies nothing once closed, even when closed within a moment of a run’s end', async () => {
    const before = await listOurNetns();
    const quick = await createLabServer({ host: '127.0.0.1', port: 0, token: TOKEN, allowOrigins: [], cniPath: SYSTEM, lockPath: join(tmp, 'quick.lock') });
    try {
      await until(async () => (await listOurNetns()).length > before.length && gates().length === 6);
      const r = await fetch(`${quick.url}/api/runs`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(loopback) });
      expect((await events(r)).at(-1)).toMatchObject({ type: 'run-end', ok: true });
    } finally {
      await quick.close(); // before the helper readies the next run (100 ms after the stream's end)
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(await listOurNetns()).toEqual(before);
    expect(gates()).toEqual([]);
  });
});
