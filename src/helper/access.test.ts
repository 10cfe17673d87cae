// Every way of spelling a request to the API, sent byte for byte to a real `cni-studio lab serve`
// process: none may reach a run without the token, the Origin check and the Host check. A bypass
// would run the `record` test plugin, which writes what it received; none may appear.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePlugins } from './fixture-plugins';
import { helperHosts } from './access';

const FIXTURES = fixturePlugins();
const TOKEN = 'access-test-token-0123456789';
const tmp = mkdtempSync(join(tmpdir(), 'cni-studio-access-'));
const auditLog = join(tmp, 'audit.log');
const network = `cnistudio-bypass-${process.pid}`;
const body = JSON.stringify({ conflist: { cniVersion: '1.0.0', name: network, plugins: [{ type: 'record' }] }, operations: ['ADD'] });
let helper: ChildProcess;
let port = 0;

beforeAll(async () => {
  writeFileSync(join(tmp, 'token'), TOKEN, { mode: 0o600 });
  helper = spawn(process.execPath, [resolve('bin/cni-studio.cjs'), 'lab', 'serve', '--port', '0', '--token-file', join(tmp, 'token'), '--audit-log', auditLog, '--cni-path', FIXTURES, '--app-dir', join(tmp, 'no-app')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  helper.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  for (let i = 0; i < 200 && !/listening on http:\/\/127\.0\.0\.1:(\d+)/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
  port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
  if (!port) throw new Error(`lab serve did not start: ${out}`);
}, 20_000);
afterAll(() => {
  helper?.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
});

/** Sends raw bytes and returns the status code and body of the answer. */
function raw(request: string): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (c) => {
      text += c.toString('latin1');
      // One answer is enough; a run's event stream would keep going.
      if (/\r\n\r\n/.test(text) && !/^HTTP\/1\.1 200/.test(text)) socket.end();
    });
    socket.on('error', fail);
    socket.on('close', () => done({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0), text }));
    socket.setTimeout(5000, () => socket.destroy());
    socket.write(request);
  });
}

const host = () => `127.0.0.1:${port}`;
const post = (target: string, headers: Record<string, string> = {}, payload = body) =>
  raw(`POST ${target} HTTP/1.1\r\n${Object.entries({ host: host(), 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), connection: 'close', ...headers })
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n${payload}`);
const get = (target: string, headers: Record<string, string> = {}) =>
  raw(`GET ${target} HTTP/1.1\r\n${Object.entries({ host: host(), connection: 'close', ...headers })
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`);
const auth = { authorization: `Bearer ${TOKEN}` };
const recorded = () => existsSync('/tmp/cnistudio-record') && readdirSync('/tmp/cnistudio-record').some((f) => readFileSync(join('/tmp/cnistudio-record', f), 'utf8').includes(network));
const audit = () => (existsSync(auditLog) ? readFileSync(auditLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : []);

describe('lab serve: access decided on the matched route', () => {
  const spellings = [
    '/%61pi/runs',
    '/api/%72uns',
    '/%2561pi/runs',
    '/api%2Fruns',
    '/api%2fruns',
    '//api/runs',
    '/api//runs',
    '///api/runs',
    '/x/../api/runs',
    '/api/./runs',
    '/api/runs/..',
    '/./api/runs',
    '/api/runs/',
    '/API/runs',
    '/Api/Runs',
    '/api/RUNS',
    '/api/runs?x=1',
    `/api/runs?token=${TOKEN}`,
    '/api/runs;x=1',
    '/api/runs%00',
    '/api/runs%20',
    '/api/runs#x',
    `http://x/api/runs`,
    `http://127.0.0.1/api/runs`,
    'HTTP://X/api/runs',
    'http://x//api/runs',
    'http://x/%61pi/runs',
    '*',
  ];
  for (const target of spellings) {
    it(`POST ${target} without the token is refused, never run`, async () => {
      const r = await post(target.replace('127.0.0.1', host()));
      expect([401, 403, 404, 400]).toContain(r.status);
      expect(r.text).not.toContain('text/event-stream');
    });
  }

  it('the same spellings with the token reach only the one route (a valid request would run: an empty one is refused as bad)', async () => {
    // Positive control: the decoded spelling is the real route, so with the token it gets as far as validation.
    expect((await post('/%61pi/runs', auth, '{}')).status).toBe(400);
    expect((await post(`http://${host()}/api/runs`, auth, '{}')).status).toBe(400);
    expect((await post('/api/runs/', auth, '{}')).status).toBe(404);
    expect((await post('/API/runs', auth, '{}')).status).toBe(404);
  });

  it('GET spellings of the probe need the token too', async () => {
    for (const target of ['/api/probe', '/%61pi/probe', '/api/%70robe', `http://${host()}/api/probe`, '/api/probe?']) expect((await get(target)).status).toBe(401);
    expect((await raw(`HEAD /api/probe HTTP/1.1\r\nhost: ${host()}\r\nconnection: close\r\n\r\n`)).status).toBe(401);
    expect((await get('/api/probe', auth)).status).toBe(200);
  });

  it('a wrong, re-cased, bare or query-string token is refused; the scheme is read in any case (RFC 7235)', async () => {
    expect((await post('/api/runs', { authorization: 'Bearer wrong-token-wrong-token' })).status).toBe(401);
    expect((await post('/api/runs', { authorization: `Bearer ${TOKEN.toUpperCase()}` })).status).toBe(401);
    expect((await post('/api/runs', { authorization: `Bearer ${TOKEN} x` })).status).toBe(401);
    expect((await get('/api/probe', { authorization: `bearer ${TOKEN}` })).status).toBe(200);
    expect((await get('/api/probe', { authorization: `BEARER  ${TOKEN}` })).status).toBe(200);
    expect((await post('/api/runs', { authorization: TOKEN })).status).toBe(401);
    expect((await post('/api/runs', { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` })).status).toBe(401);
  });

  it('checks the Host header on loopback (DNS rebinding), even with the token', async () => {
    for (const h of ['evil.example', `evil.example:${port}`, '127.0.0.1', `127.0.0.1:${port + 1}`, `127.0.0.1.evil.example:${port}`, `127.0.0.1:${port}@evil.example`]) {
      const r = await post('/api/runs', { ...auth, host: h });
      expect(r.status, `Host: ${h}`).toBe(403);
    }
    // No Host at all: HTTP/1.1 is refused by the parser (400), HTTP/1.0 by the Host check (403).
    expect((await post('/api/runs', { ...auth, host: '' })).status).toBe(400);
    expect((await raw(`POST /api/runs HTTP/1.0\r\ncontent-type: application/json\r\ncontent-length: 2\r\nauthorization: Bearer ${TOKEN}\r\n\r\n{}`)).status).toBe(403);
    expect((await get('/', { host: `evil.example:${port}` })).status).toBe(403);
    for (const h of [`localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) expect((await get('/api/probe', { ...auth, host: h })).status, h).toBe(200);
    // An absolute-form target names its host, which wins over the Host header (RFC 9112 §3.2.2).
    for (const target of ['http://evil.example/api/probe', `http://evil.example:${port}/api/probe`, 'http://x/api/probe', `HTTP://EVIL.EXAMPLE:${port}/api/probe`]) expect((await get(target, auth)).status, target).toBe(403);
    expect((await get(`http://${host()}/api/probe`, { ...auth, host: 'evil.example' })).status).toBe(200);
    // Two Host headers: a bad request (Node would keep the first).
    expect((await raw(`GET /api/probe HTTP/1.1\r\nhost: ${host()}\r\nhost: evil.example:${port}\r\nauthorization: Bearer ${TOKEN}\r\nconnection: close\r\n\r\n`)).status).toBe(400);
  });

  it('refuses other origins, "null" and preflights from them', async () => {
    expect((await post('/api/runs', { ...auth, origin: 'http://evil.example' })).status).toBe(403);
    expect((await post('/api/runs', { ...auth, origin: 'null' })).status).toBe(403);
    expect((await raw(`OPTIONS /api/runs HTTP/1.1\r\nhost: ${host()}\r\norigin: http://evil.example\r\naccess-control-request-method: POST\r\nconnection: close\r\n\r\n`)).status).toBe(403);
    expect((await raw(`OPTIONS /api/runs HTTP/1.1\r\nhost: ${host()}\r\norigin: http://${host()}\r\naccess-control-request-method: POST\r\nconnection: close\r\n\r\n`)).status).toBe(204);
  });

  it('says which content type it expects (415)', async () => {
    const r = await post('/api/runs', { ...auth, 'content-type': 'text/plain' });
    expect(r.status).toBe(415);
    expect(r.text).toContain('application/json');
  });

  it('serves a page at / that says how to get the app when none is built', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.text).toContain('npm run build');
  });

  it('serves the published schemas with no app built (an editor\'s schema URL): a fixed set of files, never a path on disk', async () => {
    const doc = await get('/schemas/document.schema.json');
    expect(doc.status).toBe(200);
    expect(doc.text).toMatch(/content-type: application\/schema\+json/i);
    expect(doc.text).toContain('"$ref": "conflist.schema.json"');
    expect((await get('/schemas/plugins/bridge.schema.json')).status).toBe(200);
    for (const target of ['/schemas/nope.json', '/schemas/../package.json', '/schemas/%2e%2e/package.json', '/schemas/', '/schemas/plugins/bridge.schema.json%00']) expect((await get(target)).status, target).toBe(404);
  });

  it('nothing ran, and every refusal is in the audit log with address, method, path and reason', async () => {
    expect(recorded()).toBe(false);
    const lines = audit();
    const refused = lines.filter((l) => l.refused);
    for (const status of [401, 403, 404, 415, 400]) expect(refused.some((l) => l.status === status), `a ${status} line`).toBe(true);
    for (const l of refused) expect(l).toMatchObject({ remote: '127.0.0.1', method: expect.any(String), path: expect.any(String), reason: expect.any(String) });
    expect(refused.some((l) => l.path === '/%61pi/runs' && l.status === 401)).toBe(true);
    expect(lines.some((l) => l.runId !== undefined)).toBe(false);
  });
});

describe('the Host values a helper answers to (helperHosts)', () => {
  const addresses = () => ['127.0.0.1', '192.0.2.10', '::1', '2001:db8::10'];
  it("on loopback, loopback's names; bound elsewhere, that address and the names it was told", () => {
    expect([...helperHosts('127.0.0.1', 7478, [], addresses)]).toEqual(['127.0.0.1:7478', 'localhost:7478', '[::1]:7478']);
    expect([...helperHosts('192.0.2.10', 7478, ['Lab-VM.example'], addresses)]).toEqual(['192.0.2.10:7478', 'lab-vm.example:7478']);
    expect([...helperHosts('2001:db8::10', 80, [], addresses)]).toEqual(['[2001:db8::10]:80', '[2001:db8::10]']);
  });
  it("bound to every interface, loopback's names and the machine's addresses: a rebound name is not among them", () => {
    const hosts = helperHosts('0.0.0.0', 7478, [], addresses);
    for (const h of ['127.0.0.1:7478', 'localhost:7478', '192.0.2.10:7478', '[2001:db8::10]:7478']) expect(hosts.has(h), h).toBe(true);
    for (const h of ['evil.example:7478', '192.0.2.10:7479', '192.0.2.10']) expect(hosts.has(h), h).toBe(false);
    expect(helperHosts('::', 7478, ['lab-vm.example'], addresses).has('lab-vm.example:7478')).toBe(true);
  });
});
