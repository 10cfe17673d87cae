// `cni-studio lab serve`: the engine over HTTP. Every request is treated as hostile: loopback by
// default, a bearer token compared in constant time, an Origin allowlist, a body limit, strict request
// validation (the contract in core), one run at a time, and an audit line for every run.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { timingSafeEqual, createHash } from 'node:crypto';
import { parseLabRequest, type LabEvent } from '../core';
import { runLab } from './engine';
import { spawnExecutor, type Executor } from './executor';
import { deleteNetns, listOurNetns } from './netns';
import { probe } from './probe';
import { acquireLock, LOCK_PATH } from './lock';

export interface ServeOptions {
  host: string;
  port: number;
  token: string;
  /** Origins (scheme://host:port) allowed to call the API from a browser, besides the helper's own. */
  allowOrigins: string[];
  cniPath: string[];
  auditLog?: string;
  /** The built app to serve at /, when present. */
  appDir?: string;
  executor?: Executor;
  lockPath?: string;
  bodyLimit?: number;
}

export const DEFAULT_PORT = 7478;
export const BODY_LIMIT = 256 * 1024;

const digest = (s: string) => createHash('sha256').update(s).digest();

export interface LabServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export async function createLabServer(options: ServeOptions): Promise<LabServer> {
  const lockPath = options.lockPath ?? LOCK_PATH;
  const executor = options.executor ?? spawnExecutor;
  const app = Fastify({ bodyLimit: options.bodyLimit ?? BODY_LIMIT, logger: false });
  let current: { runId: string | undefined; abort: AbortController } | null = null;
  const origins = new Set(options.allowOrigins);

  const audit = (entry: Record<string, unknown>) => {
    if (!options.auditLog) return;
    try {
      mkdirSync(dirname(options.auditLog), { recursive: true, mode: 0o700 });
      appendFileSync(options.auditLog, JSON.stringify({ time: new Date().toISOString(), ...entry }) + '\n', { mode: 0o600 });
    } catch {
      // An unwritable audit log must not take the helper down; the run itself is reported to the client.
    }
  };

  const corsHeaders = (origin: string | undefined): Record<string, string> =>
    origin ? { 'access-control-allow-origin': origin, vary: 'Origin', 'access-control-allow-headers': 'authorization, content-type', 'access-control-allow-methods': 'GET, POST, OPTIONS' } : {};

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.url.startsWith('/api/')) return;
    const origin = request.headers.origin;
    const own = `http://${request.headers.host ?? ''}`;
    if (origin !== undefined && origin !== own && !origins.has(origin)) {
      return reply.code(403).send({ error: 'forbidden origin', message: `Origin ${origin} is not allowed; start the helper with --allow-origin ${origin} if it should be.` });
    }
    reply.headers(corsHeaders(origin));
    if (request.method === 'OPTIONS') return reply.code(204).send();
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!token || !timingSafeEqual(digest(token), digest(options.token))) {
      return reply.code(401).send({ error: 'unauthorized', message: 'A valid bearer token is required (printed by the helper at start).' });
    }
  });

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    const message = error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? `The request body is larger than ${options.bodyLimit ?? BODY_LIMIT} bytes.` : status === 400 ? `Malformed request: ${error.message}` : 'Internal error.';
    void reply.code(status).send({ error: status === 413 ? 'too large' : status === 400 ? 'bad request' : 'error', message });
  });

  app.get('/api/probe', async () => ({ ...(await probe(options.cniPath, executor)), busy: current !== null }));

  app.post('/api/runs', async (request, reply) => {
    const parsed = parseLabRequest(request.body);
    if (!parsed.ok) return reply.code(400).send({ error: 'bad request', message: parsed.message });
    if (current) return reply.code(409).send({ error: 'busy', message: `Another run (${current.runId ?? 'starting'}) is in progress; host resources are shared, so runs go one at a time.` });
    const lock = acquireLock(lockPath);
    if (!lock.ok) return reply.code(409).send({ error: 'busy', message: `Another lab run (pid ${lock.holder}) is using this machine.` });
    const abort = new AbortController();
    current = { runId: undefined, abort };
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', ...corsHeaders(request.headers.origin) });
    // The client going away stops the run; teardown still happens.
    res.on('close', () => abort.abort());
    const started = Date.now();
    let ok = false;
    const events: LabEvent[] = [];
    try {
      ok = await runLab(parsed.request, { cniPath: options.cniPath, executor, signal: abort.signal }, (e) => {
        if (e.type === 'run-start' && current) current.runId = e.runId;
        events.push(e);
        if (!res.writableEnded) res.write(`data: ${JSON.stringify(e)}\n\n`);
      });
    } catch (e) {
      if (!res.writableEnded) res.write(`data: ${JSON.stringify({ type: 'run-end', ok: false, message: `helper error: ${(e as Error).message}` })}\n\n`);
    } finally {
      const start = events.find((e) => e.type === 'run-start') as Extract<LabEvent, { type: 'run-start' }> | undefined;
      audit({
        remote: request.ip,
        runId: start?.runId,
        netns: start?.netns,
        network: parsed.request.conflist.name,
        plugins: (parsed.request.conflist.plugins as { type?: unknown }[]).map((p) => p.type),
        operations: parsed.request.operations,
        ok,
        refused: events.some((e) => e.type === 'refused'),
        aborted: abort.signal.aborted,
        durationMs: Date.now() - started,
      });
      lock.release();
      current = null;
      if (!res.writableEnded) res.end();
    }
  });

  if (options.appDir && existsSync(options.appDir)) {
    await app.register(fastifyStatic, { root: options.appDir, prefix: '/' });
  }

  // Namespaces left by a crash carry our prefix: remove them before serving (only when no run is going on).
  const startup = acquireLock(lockPath);
  if (startup.ok) {
    for (const name of await listOurNetns()) await deleteNetns(name).catch(() => {});
    startup.release();
  }

  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  return {
    app,
    url,
    async close() {
      current?.abort.abort();
      // Let a running teardown finish before closing.
      for (let i = 0; i < 300 && current; i++) await new Promise((r) => setTimeout(r, 100));
      await app.close();
    },
  };
}
