// The API's body parser: a JSON body is UTF-8, and one whose content type says otherwise is refused (415)
// before it is read, over HTTP as in server.test.ts, with the audit line of the refusal.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { charsetProblem } from './json-body';
import { createLabServer, type LabServer } from './server';

const TOKEN = 'test-token-0123456789abcdef';
const tmp = mkdtempSync(join(tmpdir(), 'cni-studio-body-'));
let server: LabServer;

beforeAll(async () => {
  server = await createLabServer({ host: '127.0.0.1', port: 0, token: TOKEN, allowOrigins: [], cniPath: [], auditLog: join(tmp, 'audit.log'), lockPath: join(tmp, 'lab.lock') });
});
afterAll(async () => {
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const post = (contentType: string, body: string | Uint8Array) => fetch(`${server.url}/api/runs`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': contentType }, body });

describe('charsetProblem', () => {
  it.each(['application/json', 'application/json; charset=utf-8', 'application/json;charset=UTF-8', 'application/json; Charset="Utf-8"', 'application/json; charset="utf\\-8"', 'application/json; foo="a;charset=utf-16"; charset=utf-8'])('accepts %j', (type) => {
    expect(charsetProblem(type)).toBeUndefined();
  });

  it.each([
    ['application/json; charset=utf-16', 'charset "utf-16" is not accepted'],
    ['application/json;CHARSET="UTF-16LE"', 'charset "UTF-16LE" is not accepted'],
    ['application/json; charset=iso-8859-1', 'charset "iso-8859-1"'],
    ['application/json; charset=utf8', 'charset "utf8"'],
    ['application/json; charset=', 'charset "" is not accepted'],
    ['application/json; charset=utf-8; charset=utf-16', 'names 2 charsets'],
  ])('refuses %j', (type, says) => {
    expect(charsetProblem(type)).toContain(says);
  });
});

describe('a body in another charset than UTF-8', () => {
  it('is refused with 415, says why, and is audited', async () => {
    const body = Buffer.from(JSON.stringify({ conflist: {} }), 'utf16le');
    for (const type of ['application/json; charset=utf-16', 'application/json; charset="UTF-16"', 'Application/JSON;charset=Utf-16le']) {
      const r = await post(type, body);
      expect(r.status, type).toBe(415);
      expect(r.headers.get('connection')).toBe('close');
      const answer = (await r.json()) as { error: string; message: string };
      expect(answer.error).toBe('unsupported media type');
      expect(answer.message).toMatch(/charset "utf-16(le)?" is not accepted: send JSON in UTF-8/i);
    }
    const audit = readFileSync(join(tmp, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { status: number; reason: string });
    expect(audit.filter((l) => l.status === 415 && /charset/.test(l.reason))).toHaveLength(3);
  });

  it('is read when the charset is UTF-8, in any spelling, or none is named (then refused for what it says, not how)', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'application/json; charset="UTF-8"']) {
      const r = await post(type, JSON.stringify({ conflist: 7 }));
      expect(r.status, type).toBe(400);
      expect(((await r.json()) as { message: string }).message).toContain('"conflist" must be a conflist object');
    }
  });
});
