// Certificate renewal while serving: the new certificate is presented without a restart; a broken pair is
// reported and the previous certificate stays in use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { createValidator } from '../core/validate/create';
import { loadSchemas } from '../node/schemas';
import { startWebhook, type Webhook } from './server';
import { makeTestPki, send, type TestPki } from './testing';

let pki: TestPki;
let webhook: Webhook;
const logged: Record<string, unknown>[] = [];

beforeAll(async () => {
  pki = makeTestPki();
  webhook = await startWebhook({ certFile: pki.certFile, keyFile: pki.keyFile, host: '127.0.0.1', port: 0, validator: createValidator(loadSchemas()), log: (e) => logged.push(e) });
}, 30_000);

afterAll(async () => {
  await webhook?.close();
  pki?.remove();
});

const served = async () => (await send(webhook.url, pki.ca, { path: '/healthz', method: 'GET' })).serial;

async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('webhook serve: certificate files', () => {
  it('presents a renewed certificate without a restart', async () => {
    const before = await served();
    expect(before).not.toBe('');
    const renewed = pki.renew();
    expect(renewed).not.toBe(before);
    expect(await until(served, (s) => s === renewed)).toBe(renewed);
    expect(webhook.reloads).toBeGreaterThanOrEqual(1);
  }, 20_000);

  it('keeps the certificate in use when the new files do not pair', async () => {
    const current = await served();
    const reloads = webhook.reloads;
    writeFileSync(pki.keyFile, '-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n');
    await until(async () => logged.filter((e) => e.tls === 'not reloaded, the previous certificate stays in use').length, (n) => n > 0);
    expect(logged).toContainEqual(expect.objectContaining({ tls: 'not reloaded, the previous certificate stays in use' }));
    expect(webhook.reloads).toBe(reloads);
    expect(await served()).toBe(current);
  }, 20_000);
});
