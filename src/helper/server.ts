// `cni-studio lab serve`: the engine over HTTP. Every request is treated as hostile: loopback by
// default with the Host header checked, access decided on the matched route (access.ts), a bearer
// token compared in constant time, an Origin allowlist, a body limit, strict request validation (the
// contract in core), one run at a time, and an audit line for every run and every refusal (audit-log.ts).
// As root it serves the built app only from a folder no one else can change, never through a link (app-files.ts).
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { channel } from 'node:diagnostics_channel';
import { existsSync, realpathSync } from 'node:fs';
import { createServer } from 'node:http';
import { HELPER_HEADER, LAB_DEFAULT_PORT, parseLabRequest, type LabEvent } from '../core';
import { runLab } from './engine';
import { spawnExecutor, type Executor } from './executor';
import { deleteHostLink, deleteNetns, hostLinks, staleNetns } from './netns';
import { fileJournal, recoverDeadRuns, recoveredWords, type RunJournal } from './run-journal';
import { applyNft, firewallRules, nftRuleset, restoreRules } from './firewall';
import { linuxHost } from './host';
import { closeGates } from './primed';
import { discardSpareNetns } from './spare-netns';
import { probe } from './probe';
import { acquireLock, LOCK_PATH } from './lock';
import { corsHeaders, helperHosts, installAccessCheck, markRoutes, refuse, type AccessPolicy } from './access';
import { auditLogUnsafe, openAuditLog, quoted, type AuditLimits, type AuditLog } from './audit-log';
import { appDirUnsafe, unservable } from './app-files';
import { noAppPage } from './no-app';
import { publishedSchema } from './schema-files';
import { parseJsonBody, type BodyError } from './json-body';

/** How long after a run's stream ended the helper waits before priming the next run's processes. */
const PRIME_AFTER_RUN_MS = 100;

export interface ServeOptions {
  host: string;
  port: number;
  token: string;
  /** Origins (scheme://host:port) allowed to call the API from a browser, besides the helper's own. */
  allowOrigins: string[];
  /** Names (or addresses) clients reach the helper by, besides the address it binds (`helperHosts`). */
  hostNames?: string[];
  cniPath: string[];
  /** Links of the machine runs may act on, and its plugins' release: the engine's `hostLinks` and `machinePlugins`. */
  hostLinks?: readonly string[];
  machinePlugins?: string;
  /** The audit log's file (none without): refused at the start when another user could redirect it (`auditLogUnsafe`). */
  auditLog?: string;
  /** How many refusals the audit log takes: AUDIT_LIMITS unless a test says. */
  auditLimits?: AuditLimits;
  /** The built app to serve at /, when present: refused at the start, as root, when another user could change it (`appDirUnsafe`). */
  appDir?: string;
  /** Where the app is served instead (npm start's dev server): / redirects there, and appDir is not served. */
  appUrl?: string;
  executor?: Executor;
  lockPath?: string;
  /** How long a request (headers and body) may take to arrive: REQUEST_TIMEOUT_MS unless a test says. */
  requestTimeoutMs?: number;
  bodyLimit?: number;
  /** Each run's note of what it would remove (run-journal.ts): by default in JOURNAL_DIR when real plugins run as root. */
  journal?: () => RunJournal;
  /** Told, in words, what a killed run left and the helper removed (at start, and before each run). */
  onRecovered?: (line: string) => void;
}

/**
 * Every event a run streams, published as it is written, for measurements in the same process (bench/lab
 * times the helper's phases by it); with no subscriber publishing costs a property read.
 */
export const LAB_EVENT_CHANNEL = 'cni-studio:lab-event';
const eventChannel = channel(LAB_EVENT_CHANNEL);

/** Why the helper would not start, in words for its user (the command line prints them; nothing was done). */
export class ServeRefused extends Error {}

/** The port a helper listens on unless told otherwise. */
export const DEFAULT_PORT = LAB_DEFAULT_PORT;
export const BODY_LIMIT = 256 * 1024;

export interface LabServer {
  app: FastifyInstance;
  url: string;
  /** Whether the built app is served at /. */
  servesApp: boolean;
  close(): Promise<void>;
}

/** Fastify's own errors, in words that say what to send instead. */
function errorWords(error: { statusCode?: number; code?: string; message: string }, bodyLimit: number): { status: number; error: string; message: string } {
  const status = error.statusCode ?? 500;
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, error: 'too large', message: `The request body is larger than ${bodyLimit} bytes.` };
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { status: 415, error: 'unsupported media type', message: 'Send the request body as JSON, with "content-type: application/json".' };
  if (status === 415) return { status, error: 'unsupported media type', message: `Unsupported media type: ${error.message}.` };
  if (status === 400) return { status, error: 'bad request', message: `Malformed request: ${error.message}` };
  if (status >= 400 && status < 500) return { status, error: 'refused', message: error.message };
  return { status: 500, error: 'error', message: 'Internal error.' };
}

/** How long a client has to send a whole request. */
export const REQUEST_TIMEOUT_MS = 30_000;

export async function createLabServer(options: ServeOptions): Promise<LabServer> {
  // Judged before anything is done: a helper that would write or serve through what another user controls does not start.
  const servesApp = !options.appUrl && options.appDir !== undefined && existsSync(options.appDir);
  const appUnsafe = servesApp ? appDirUnsafe(options.appDir!) : undefined;
  if (appUnsafe) throw new ServeRefused(appUnsafe);
  // The files are looked up from the folder's real path: any link below it is then told by a file's own real path.
  const appRoot = servesApp ? realpathSync(options.appDir!) : undefined;
  const logUnsafe = options.auditLog !== undefined ? auditLogUnsafe(options.auditLog) : undefined;
  if (logUnsafe) throw new ServeRefused(`the audit log ${options.auditLog}: ${logUnsafe}`);
  const auditLog: AuditLog | undefined = options.auditLog !== undefined ? openAuditLog(options.auditLog, options.auditLimits) : undefined;
  const lockPath = options.lockPath ?? LOCK_PATH;
  const executor = options.executor ?? spawnExecutor;
  const journal = options.journal ?? (options.executor === undefined && process.getuid?.() === 0 ? () => fileJournal() : undefined);
  /** Removes what runs of killed helpers (or a killed `lab run` beside this one) noted, and says so. */
  const recover = async () => {
    if (!journal) return;
    const recovered = await recoverDeadRuns(hostLinks, deleteHostLink, { rules: firewallRules, restore: restoreRules, nftRuleset, applyNft }).catch(() => undefined);
    const line = recovered && recoveredWords(recovered);
    if (line) options.onRecovered?.(line);
  };
  /**
   * Starts the processes the next run's reads need while nothing runs (host.ts `prime`), a moment after a
   * run's stream ended (its client reads the end first). Only as root: no other helper runs plugins.
   */
  let closing = false;
  const primeWhenIdle = (afterMs: number) => {
    if (process.getuid?.() === 0) setTimeout(() => !closing && current === null && linuxHost.prime?.(), afterMs).unref();
  };
  const bodyLimit = options.bodyLimit ?? BODY_LIMIT;
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  // Odd spellings are routed like any other; access is decided on the route (and an absolute-form target's host checked).
  const app = Fastify({
    bodyLimit,
    logger: false,
    // The whole request (headers and body) in 30 s: a body sent slowly does not hold a connection for ever.
    // Node checks its connections for that every `connectionsCheckingInterval` (30 s by default, so a stalled
    // request was answered after up to 60 s): every second here. The answer's event stream is not the
    // request's, and may last as long as the run.
    serverFactory: (handler) => createServer({ requestTimeout: requestTimeout, connectionsCheckingInterval: Math.min(1000, requestTimeout) }, handler),
    // Requests Node's parser refuses (no Host on HTTP/1.1, bad framing) or that took too long never reach a route: recorded too.
    clientErrorHandler: (error: NodeJS.ErrnoException, socket) => {
      const late = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
      auditLog?.refusal({ remote: socket.remoteAddress, status: late ? 408 : 400, refused: late ? 'request timeout' : 'bad request', reason: late ? `the request was not complete within ${requestTimeout / 1000} s` : `unparsable request (${error.code ?? error.message})` });
      if (socket.writable) socket.end(`HTTP/1.1 ${late ? '408 Request Timeout' : '400 Bad Request'}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    },
  });
  let current: { runId: string | undefined; abort: AbortController } | null = null;

  // The Host values answered (`helperHosts`), known once listening (the port may be chosen then): none
  // before. Bound to every interface, the machine's addresses are read again (at most once a second) for a
  // Host not among them: an address it gained since.
  let port = options.port;
  let hosts: ReadonlySet<string> = new Set();
  let hostsRead: number | undefined;
  const readHosts = () => {
    hosts = helperHosts(options.host, port, options.hostNames);
    hostsRead = Date.now();
  };
  const allowHosts = {
    has: (host: string) => {
      if (!hosts.has(host) && hostsRead !== undefined && Date.now() - hostsRead >= 1000) readHosts();
      return hosts.has(host);
    },
    [Symbol.iterator]: () => hosts[Symbol.iterator](),
  };
  const policy: AccessPolicy = { token: options.token, allowOrigins: options.allowOrigins, audit: (entry) => auditLog?.refusal(entry), allowHosts };
  installAccessCheck(app, policy);

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const { status, error: kind, message } = errorWords(error, bodyLimit);
    return refuse(policy, request, reply, status, kind, message);
  });
  app.setNotFoundHandler((request, reply) => refuse(policy, request, reply, 404, 'not found', `No ${request.method} ${quoted(request.url.split('?')[0]!, 200)} here.`));

  // The API: every route here needs the token (the default); preflights need only an allowed Origin.
  await app.register(async (api) => {
    markRoutes(api, 'token');
    // JSON only: any other body is refused with 415 and the expected type.
    api.removeAllContentTypeParsers();
    api.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      try {
        // The body is read as UTF-8: one whose content type names another charset is refused (415).
        done(null, parseJsonBody(body as string, request.headers['content-type']));
      } catch (e) {
        done(e as BodyError, undefined);
      }
    });
    // Probes asked while one runs share it: a burst of them starts one set of processes, not one per request.
    let probing: ReturnType<typeof probe> | undefined;
    api.get('/api/probe', async () => {
      const answer = probing ?? (probing = probe(options.cniPath, executor).finally(() => (probing = undefined)));
      return { ...(await answer), busy: current !== null, hostLinks: [...(options.hostLinks ?? [])] };
    });

    api.post('/api/runs', async (request, reply) => {
      const parsed = parseLabRequest(request.body);
      if (!parsed.ok) return refuse(policy, request, reply, 400, 'bad request', parsed.message);
      if (current) return refuse(policy, request, reply, 409, 'busy', `Another run (${current.runId ?? 'starting'}) is in progress; host resources are shared, so runs go one at a time.`);
      const lock = acquireLock(lockPath);
      if (!lock.ok) return refuse(policy, request, reply, 409, 'busy', `Another lab run (pid ${lock.holder}) is using this machine.`);
      const abort = new AbortController();
      current = { runId: undefined, abort };
      // Read now: once a client has gone, its socket no longer says where it was.
      const remote = request.ip;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', ...corsHeaders(request.headers.origin) });
      // The client going away stops the run; teardown still happens.
      res.on('close', () => abort.abort());
      const started = Date.now();
      let ok = false;
      // What the audit line and the fallback run-end need of the events, not the events (a run's output is large).
      let start: Extract<LabEvent, { type: 'run-start' }> | undefined;
      let refused = false;
      let ended = false;
      try {
        // A `lab run` killed while this helper served leaves its note for the next run to act on.
        await recover();
        ok = await runLab(parsed.request, { cniPath: options.cniPath, executor, signal: abort.signal, hostLinks: options.hostLinks, machinePlugins: options.machinePlugins, ...(journal ? { journal: journal() } : {}) }, (e) => {
          if (e.type === 'run-start') {
            start = e;
            if (current) current.runId = e.runId;
          }
          refused ||= e.type === 'refused';
          ended ||= e.type === 'run-end';
          if (eventChannel.hasSubscribers) eventChannel.publish(e);
          if (!res.writableEnded) res.write(`data: ${JSON.stringify(e)}\n\n`);
        });
      } catch (e) {
        // runLab ends every run with its own run-end; this one is written only if it could not.
        if (!ended && !res.writableEnded) res.write(`data: ${JSON.stringify({ type: 'run-end', ok: false, message: `helper error: ${(e as Error).message}` })}\n\n`);
      } finally {
        auditLog?.run({
          remote,
          method: request.method,
          path: request.url,
          runId: start?.runId,
          netns: start?.netns,
          network: parsed.request.conflist.name,
          plugins: (parsed.request.conflist.plugins as { type?: unknown }[]).map((p) => p.type),
          operations: parsed.request.operations,
          // A run stopped because its client went away did not run to its end.
          ok: ok && !abort.signal.aborted,
          refused,
          aborted: abort.signal.aborted,
          durationMs: Date.now() - started,
        });
        lock.release();
        current = null;
        if (!res.writableEnded) res.end();
        primeWhenIdle(PRIME_AFTER_RUN_MS);
      }
    });
  });
  await app.register(async (preflight) => {
    markRoutes(preflight, 'preflight');
    preflight.options('/api/probe', async (_request, reply) => reply.code(204).send());
    preflight.options('/api/runs', async (_request, reply) => reply.code(204).send());
  });

  // The app's files are the only public routes.
  await app.register(async (files) => {
    markRoutes(files, 'public');
    if (options.appUrl) files.get('/', async (_request, reply) => reply.redirect(options.appUrl!, 302));
    // The header tells the app it is served by a helper, so its Lab tab defaults to this origin.
    // Each file is judged as it is about to be sent (after the index and the folder are resolved): one reached
    // through a link, or that another user could change by now, is refused, and the refusal audited.
    else if (servesApp) {
      await files.register(fastifyStatic, {
        root: appRoot!,
        prefix: '/',
        setHeaders: (reply) => reply.header(HELPER_HEADER, 'lab-helper'),
        onFile: (file) => {
          const why = unservable(appRoot!, file);
          if (why) throw Object.assign(new Error(`The app's file ${quoted(file.slice(appRoot!.length), 200)} is not served: ${why}.`), { statusCode: 403 });
        },
      });
    }
    else files.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(noAppPage()));
    // A built app holds the published schemas; without one they are made from schemas/ (the README's editor URL).
    if (!servesApp) {
      files.get('/schemas/*', async (request, reply) => {
        const file = publishedSchema((request.params as { '*': string })['*']);
        if (!file) return reply.callNotFound();
        return reply.type('application/schema+json').send(file.text);
      });
    }
  });

  // Namespaces left by a crash carry our prefix and a dead creator's pid: remove them before serving,
  // and the links and leases the runs of a killed helper noted (run-journal.ts).
  await recover();
  for (const name of await staleNetns()) await deleteNetns(name).catch(() => {});

  await app.listen({ host: options.host, port: options.port });
  primeWhenIdle(0);
  const address = app.server.address();
  port = typeof address === 'object' && address ? address.port : options.port;
  readHosts();
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  return {
    app,
    url,
    servesApp,
    async close() {
      closing = true; // nothing is readied from now on: what was is removed below
      current?.abort.abort();
      // Let a running teardown finish before closing.
      for (let i = 0; i < 300 && current; i++) await new Promise((r) => setTimeout(r, 100));
      await app.close();
      auditLog?.close();
      await Promise.all([closeGates(), discardSpareNetns()]);
    },
  };
}
