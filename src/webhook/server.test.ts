// The webhook over real TLS on loopback, sent AdmissionReviews as kube-apiserver sends them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:tls';
import { createValidator } from '../core/validate/create';
import { loadSchemas } from '../node/schemas';
import { CLEAN_CONFIG, DENIED_CONFIG, DUMMY_CONFIG, nadReview, PORTMAP_BACKEND_CONFIG } from '../core/admission/testing';
import { startWebhook, MAX_BODY_BYTES, type Webhook } from './server';
import { makeTestPki, reviewBody, send, type TestPki } from './testing';

const validator = createValidator(loadSchemas());
let pki: TestPki;
let webhook: Webhook;
let bookworm: Webhook;
const logged: Record<string, unknown>[] = [];

beforeAll(async () => {
  pki = makeTestPki();
  webhook = await startWebhook({ certFile: pki.certFile, keyFile: pki.keyFile, host: '127.0.0.1', port: 0, validator, log: (e) => logged.push(e) });
  bookworm = await startWebhook({ certFile: pki.certFile, keyFile: pki.keyFile, host: '127.0.0.1', port: 0, validator: validator.withProfile({ libcni: '1.1.2', plugins: '1.1.1' }) });
}, 30_000);

afterAll(async () => {
  await webhook?.close();
  await bookworm?.close();
  pki?.remove();
});

const review = (o: Parameters<typeof nadReview>[0], to = webhook) => send(to.url, pki.ca, { body: reviewBody(nadReview(o)) });

describe('webhook serve: reviews', () => {
  it('allows a clean NAD on CREATE, echoing the uid', async () => {
    const r = await review({ uid: 'c1', config: CLEAN_CONFIG });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.json).toEqual({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'c1', allowed: true } });
    expect(logged).toContainEqual(expect.objectContaining({ uid: 'c1', operation: 'CREATE', object: 'default/macvlan-conf', allowed: true }));
  });

  it('denies a NAD with an error: 403 with code, pointer and words', async () => {
    const r = await review({ uid: 'd1', config: DENIED_CONFIG, namespace: 'team-a', name: 'mv' });
    expect(r.status).toBe(200);
    const { response } = r.json as { response: { uid: string; allowed: boolean; status: { code: number; message: string } } };
    expect(response.uid).toBe('d1');
    expect(response.allowed).toBe(false);
    expect(response.status.code).toBe(403);
    expect(response.status.message).toMatch(/^NetworkAttachmentDefinition team-a\/mv: spec\.config has 1 error for libcni 1\.3\.0 \+ plugins 1\.9\.1:\n- CNI208 at \/plugins\/0\/ipam\/ranges\/0\/0\/subnet: .*CIDR notation/);
  });

  it('allows with warnings when there are only warnings', async () => {
    const r = await review({ uid: 'w1', config: PORTMAP_BACKEND_CONFIG }, bookworm);
    const { response } = r.json as { response: { uid: string; allowed: boolean; warnings: string[] } };
    expect(response).toMatchObject({ uid: 'w1', allowed: true });
    expect(response.warnings[0]).toMatch(/^default\/macvlan-conf: CNI212 at \/plugins\/1\/backend: /);
  });

  it('judges by the profile it was started with', async () => {
    const newest = await review({ uid: 'p1', config: DUMMY_CONFIG });
    const old = await review({ uid: 'p2', config: DUMMY_CONFIG }, bookworm);
    expect((newest.json as { response: { allowed: boolean } }).response.allowed).toBe(true);
    expect((old.json as { response: { allowed: boolean; status: { message: string } } }).response).toMatchObject({ allowed: false, status: { message: expect.stringContaining('CNI308 at /plugins/0/type: dummy is not part of plugins 1.1.1') } });
  });

  it('judges UPDATE by the new object', async () => {
    const r = await review({ uid: 'u1', operation: 'UPDATE', config: DENIED_CONFIG, oldConfig: CLEAN_CONFIG });
    expect((r.json as { response: { uid: string; allowed: boolean } }).response).toMatchObject({ uid: 'u1', allowed: false });
  });

  it('allows DELETE (object null) without checking', async () => {
    const r = await review({ uid: 'x1', operation: 'DELETE', oldConfig: DENIED_CONFIG });
    expect(r.json).toEqual({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'x1', allowed: true } });
  });

  it('allows another kind with a warning', async () => {
    const r = await review({ uid: 'k1', kind: { group: 'apps', version: 'v1', kind: 'Deployment' } });
    expect((r.json as { response: unknown }).response).toEqual({ uid: 'k1', allowed: true, warnings: [expect.stringContaining('this apps/v1 Deployment was not checked')] });
  });
});

describe('webhook serve: what is not a review', () => {
  const refused = async (body: string | Buffer, status: number, error: RegExp, contentType?: string) => {
    const r = await send(webhook.url, pki.ca, { body, ...(contentType ? { contentType } : {}) });
    expect(r.status).toBe(status);
    expect(r.headers['content-type']).toBe('application/json');
    expect((r.json as { error: string }).error).toMatch(error);
  };

  it('answers 400 with a JSON error for malformed JSON', () => refused('{"apiVersion": "admission.k8s.io/v1", "kind": ', 400, /^the body is not JSON/));
  it('answers 400 for the wrong apiVersion', () => refused(reviewBody({ ...nadReview(), apiVersion: 'admission.k8s.io/v1beta1' }), 400, /apiVersion must be "admission\.k8s\.io\/v1"/));
  it('answers 400 for a missing uid', () => {
    const body = nadReview() as { request: Record<string, unknown> };
    delete body.request.uid;
    return refused(reviewBody(body), 400, /request\.uid/);
  });
  it('answers 400 for a body that is not UTF-8', () => refused(Buffer.from([0x7b, 0xff, 0x7d]), 400, /not UTF-8/));
  it('answers 415 for another content type', () => refused(reviewBody(nadReview()), 415, /application\/json/, 'text/plain'));
  it('answers 413 for a body over the limit', () => refused(Buffer.alloc(MAX_BODY_BYTES + 1, 0x20), 413, /limit is 3145728/));

  it('answers 413 for a chunked body once it passes the limit', async () => {
    const r = await send(webhook.url, pki.ca, { body: Buffer.alloc(MAX_BODY_BYTES + 100_000, 0x20), chunked: true });
    expect(r.status).toBe(413);
    expect((r.json as { error: string }).error).toBe('the body is more than 3145728 bytes');
  });

  it('answers 404 for another path and 405 for another method', async () => {
    expect((await send(webhook.url, pki.ca, { path: '/mutate', body: '{}' })).status).toBe(404);
    expect((await send(webhook.url, pki.ca, { path: '/', method: 'GET' })).status).toBe(404);
    const get = await send(webhook.url, pki.ca, { method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect((await send(webhook.url, pki.ca, { path: '/healthz', body: '{}' })).status).toBe(405);
  });

  it('answers health and readiness', async () => {
    expect(await send(webhook.url, pki.ca, { path: '/healthz', method: 'GET' })).toMatchObject({ status: 200, json: { status: 'ok' } });
    expect(await send(webhook.url, pki.ca, { path: '/readyz', method: 'GET' })).toMatchObject({ status: 200, json: { status: 'ready' } });
  });

  it('speaks TLS only: plain HTTP gets no answer', async () => {
    const port = webhook.port;
    const reply = await new Promise<string>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port, ca: pki.ca, servername: 'localhost' });
      socket.on('error', () => resolve('tls error'));
      socket.on('secureConnect', () => {
        socket.end();
        resolve('tls');
      });
    });
    expect(reply).toBe('tls');
    const net = await import('node:net');
    const plain = await new Promise<string>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
      let text = '';
      s.on('data', (d) => (text += d.toString('latin1')));
      s.on('close', () => resolve(text));
      s.on('error', () => resolve(text));
    });
    expect(plain).not.toContain('HTTP/1.1 200');
  });

  it('is still serving after all of that', async () => {
    expect((await review({ uid: 'after', config: CLEAN_CONFIG })).json).toMatchObject({ response: { uid: 'after', allowed: true } });
  });
});

describe('webhook serve: shutdown', () => {
  it('fails readyz at once while still answering reviews during the drain, then closes', async () => {
    const own = await startWebhook({ certFile: pki.certFile, keyFile: pki.keyFile, host: '127.0.0.1', port: 0, validator });
    const agent = new (await import('node:https')).Agent({ keepAlive: true, ca: pki.ca });
    expect((await send(own.url, pki.ca, { path: '/readyz', method: 'GET', agent })).status).toBe(200);
    const closed = own.close({ drainMs: 500, graceMs: 2_000 });
    expect(await send(own.url, pki.ca, { path: '/readyz', method: 'GET', agent })).toMatchObject({ status: 503, json: { error: 'shutting down' } });
    expect((await send(own.url, pki.ca, { body: reviewBody(nadReview({ uid: 'late' })), agent })).json).toMatchObject({ response: { uid: 'late', allowed: true } });
    agent.destroy();
    await closed;
    await expect(send(own.url, pki.ca, { path: '/healthz', method: 'GET' })).rejects.toThrow();
  });
});
