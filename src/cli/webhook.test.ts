import { afterAll, describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { createValidator } from '../core/validate/create';
import { loadSchemas } from '../node/schemas';
import { DUMMY_CONFIG, nadReview } from '../core/admission/testing';
import { makeTestPki, reviewBody, send } from '../webhook/testing';
import { cli } from './testing';
import { webhookServe } from './webhook';

const pki = makeTestPki();
afterAll(() => pki.remove());

describe('cni-studio webhook serve', () => {
  it('prints its usage for --help, and exits 0', async () => {
    const r = await cli('webhook', 'serve', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: cni-studio webhook serve --tls-cert FILE --tls-key FILE/);
  });

  it('requires both TLS files: there is no plain-HTTP mode', async () => {
    const r = await cli('webhook', 'serve', '--tls-cert', pki.certFile);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--tls-cert and --tls-key are required');
    expect(r.err).toContain('usage: cni-studio webhook serve');
  });

  it('refuses a bad port, an unknown release and files that are no certificate', async () => {
    expect((await cli('webhook', 'serve', '--tls-cert', pki.certFile, '--tls-key', pki.keyFile, '--port', '70000')).err).toContain('--port: "70000" is not a port');
    expect((await cli('webhook', 'serve', '--tls-cert', pki.certFile, '--tls-key', pki.keyFile, '--plugins', '0.9')).code).toBe(2);
    const swapped = await cli('webhook', 'serve', '--tls-cert', pki.keyFile, '--tls-key', pki.certFile, '--port', '0');
    expect(swapped.code).toBe(2);
    expect(swapped.err).toMatch(/^cni-studio: webhook: .* are no usable certificate and key/);
    const missing = await cli('webhook', 'serve', '--tls-cert', '/nonexistent/tls.crt', '--tls-key', pki.keyFile, '--port', '0');
    expect(missing.err).toContain('cannot read /nonexistent/tls.crt');
  });

  it('prints one line when listening, judges with its profile, logs each review and stops on a signal', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const signals = new EventEmitter();
    const running = webhookServe(['--tls-cert', pki.certFile, '--tls-key', pki.keyFile, '--host', '127.0.0.1', '--port', '0', '--plugins', '1.1.1', '--libcni', '1.1.2'], createValidator(loadSchemas()), (s) => out.push(s), (s) => err.push(s), signals);
    const deadline = Date.now() + 10_000;
    while (out.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(out[0]).toMatch(/^cni-studio webhook: listening on https:\/\/127\.0\.0\.1:\d+ \(POST \/validate, GET \/healthz, GET \/readyz\), judging for libcni 1\.1\.2 \+ plugins 1\.1\.1$/);
    const url = /https:\/\/[^ ]+/.exec(out[0]!)![0];
    const r = await send(url, pki.ca, { body: reviewBody(nadReview({ uid: 'cli-1', config: DUMMY_CONFIG })) });
    expect((r.json as { response: { allowed: boolean } }).response.allowed).toBe(false);
    expect(JSON.parse(out[1]!)).toMatchObject({ uid: 'cli-1', operation: 'CREATE', allowed: false });
    signals.emit('SIGINT');
    expect(await running).toBe(0);
    expect(err).toEqual(['cni-studio webhook: SIGINT, stopping']);
    await expect(send(url, pki.ca, { path: '/healthz', method: 'GET' })).rejects.toThrow();
  }, 20_000);
});
