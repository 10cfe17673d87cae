// The helper's HTTP API under hostile requests, and real runs streamed over it, on one server for the file.
// The app it serves, its audit log and Host check are server-serving.test.ts; the helper between runs, server-idle.test.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upstreamRelease, type LabEvent } from '../core';
import { createLabServer, type LabServer } from './server';
import { listOurNetns } from './netns';
import { events, FIXTURES, loopback, ready, SYSTEM, TOKEN } from './server-testing';

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
