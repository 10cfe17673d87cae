// The validating admission webhook over HTTPS: POST /validate judges one AdmissionReview with core's
// judgeAdmission; GET /healthz and /readyz for the kubelet; everything else 404. TLS only, no state kept
// between requests, every body and every connection bounded in size and time.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { admissionReviewResponse, judgeAdmission, readAdmissionReview, type Validator } from '../core';
import { BodyError, readBody } from './body';
import { readTls, watchTls, type TlsFiles } from './tls';

/**
 * The largest review read. kube-apiserver takes request bodies up to 3 MiB and etcd stores objects up to
 * 1.5 MiB, so the largest NAD a cluster can hold, in an UPDATE review with its old copy, fits; a review past
 * this gets 413 and the API server applies failurePolicy. It also bounds memory: a pod holds at most
 * MAX_CONNECTIONS bodies of this size.
 */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;
/** Connections served at once; the API servers keep a few each, a flood waits in the kernel's backlog. */
export const MAX_CONNECTIONS = 64;
/** Timeouts: the API server's own per-call timeout (timeoutSeconds, at most 30 s) is what bounds a review. */
export const TIMEOUTS = {
  /** TLS handshake. */
  handshakeMs: 5_000,
  /** Request line and headers. */
  headersMs: 5_000,
  /** The whole request, body included: a slow-sending client is cut off. */
  requestMs: 10_000,
  /** Idle keep-alive: past client-go's 90 s idle timeout, so the API server closes first and never reuses a closed one. */
  keepAliveMs: 95_000,
};

export interface WebhookOptions extends TlsFiles {
  validator: Validator;
  host?: string;
  /** 0 for any free port (tests). */
  port?: number;
  /** One line per review and per refused request, as JSON; nothing when not given. */
  log?: (entry: Record<string, unknown>) => void;
  maxBodyBytes?: number;
}

export interface Webhook {
  server: Server;
  /** https://host:port */
  url: string;
  port: number;
  /** Certificates read again after a change of their files (for tests and the log). */
  readonly reloads: number;
  /**
   * Shuts down as Kubernetes expects on SIGTERM: readyz answers 503 at once while reviews are still answered
   * for `drainMs` (the endpoints take a moment to drop the pod), then no new connections, requests in flight
   * finish within `graceMs`, and it resolves when closed.
   */
  close(options?: { drainMs?: number; graceMs?: number }): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const refuse = (res: ServerResponse, status: number, error: string, headers: Record<string, string> = {}) => send(res, status, { error }, headers);

/** Routes by exact path; each lists the methods it takes, anything else is 405 with Allow. */
function routes(options: WebhookOptions, state: { ready: boolean }): Map<string, { methods: string[]; handle: Handler }> {
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const log = options.log ?? (() => {});
  const validate: Handler = async (req, res) => {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return refuse(res, 415, 'the body must be application/json (an AdmissionReview)');
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req, limit));
    } catch (e) {
      const status = e instanceof BodyError ? e.status : 400;
      const error = e instanceof BodyError ? e.message : `the body is not JSON: ${e instanceof Error ? e.message.slice(0, 200) : String(e)}`;
      log({ status, error });
      // After a 413 the rest of the body is not read: the connection cannot carry another request.
      return refuse(res, status, error, status === 413 ? { connection: 'close' } : {});
    }
    const read = readAdmissionReview(body);
    if (!read.ok) {
      log({ status: 400, error: read.error });
      return refuse(res, 400, `not an AdmissionReview: ${read.error}`);
    }
    const started = performance.now();
    const response = judgeAdmission(read.request, options.validator);
    const { uid, operation, namespace, name, kind } = read.request;
    log({ uid, operation, kind: kind.kind, object: `${namespace ?? ''}/${name ?? ''}`, allowed: response.allowed, warnings: response.warnings?.length ?? 0, ms: Math.round((performance.now() - started) * 10) / 10 });
    send(res, 200, admissionReviewResponse(response));
  };
  return new Map([
    ['/validate', { methods: ['POST'], handle: validate }],
    ['/healthz', { methods: ['GET', 'HEAD'], handle: (_req, res) => send(res, 200, { status: 'ok' }) }],
    // Ready once the validator is compiled and the socket listens; not ready while shutting down, so the
    // Service stops sending reviews before the process stops taking them.
    ['/readyz', { methods: ['GET', 'HEAD'], handle: (_req, res) => (state.ready ? send(res, 200, { status: 'ready' }) : refuse(res, 503, 'shutting down')) }],
  ]);
}

export async function startWebhook(options: WebhookOptions): Promise<Webhook> {
  // Compile the schemas and warm the reader before the first review, so readyz means it.
  options.validator.validate('{"cniVersion": "1.0.0", "name": "warm-up", "plugins": [{"type": "bridge"}]}');
  const state = { ready: false, reloads: 0 };
  const table = routes(options, state);
  const server = createServer({ ...readTls(options), handshakeTimeout: TIMEOUTS.handshakeMs }, (req, res) => {
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'https://webhook.invalid').pathname;
    } catch {
      return refuse(res, 400, 'the request target is not a path');
    }
    const route = table.get(path);
    if (!route) return refuse(res, 404, 'not found: the webhook serves POST /validate, GET /healthz and GET /readyz');
    if (!route.methods.includes(req.method ?? '')) return refuse(res, 405, `${path} takes ${route.methods.join(', ')}`, { allow: route.methods.join(', ') });
    Promise.resolve(route.handle(req, res)).catch((e: unknown) => {
      // A defect, never the client's fault: 500, and the API server applies failurePolicy.
      options.log?.({ status: 500, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
      if (!res.headersSent) refuse(res, 500, 'the webhook failed on this review; see its log');
      else res.destroy();
    });
  });
  server.headersTimeout = TIMEOUTS.headersMs;
  server.requestTimeout = TIMEOUTS.requestMs;
  server.keepAliveTimeout = TIMEOUTS.keepAliveMs;
  server.maxConnections = MAX_CONNECTIONS;
  server.on('tlsClientError', () => {}); // a failed handshake (scanners, wrong CA) concerns that client only

  const stopWatching = watchTls(
    options,
    (context) => {
      server.setSecureContext(context);
      state.reloads++;
      options.log?.({ tls: 'reloaded', certFile: options.certFile });
    },
    (error) => error && options.log?.({ tls: 'not reloaded, the previous certificate stays in use', error }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8443, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  state.ready = true;
  const { port, address, family } = server.address() as AddressInfo;
  const host = family === 'IPv6' ? `[${address}]` : address;
  return {
    server,
    url: `https://${host}:${port}`,
    port,
    get reloads() {
      return state.reloads;
    },
    async close({ drainMs = 0, graceMs = 10_000 } = {}) {
      state.ready = false;
      stopWatching();
      if (drainMs > 0) await new Promise((resolve) => setTimeout(resolve, drainMs));
      return new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
