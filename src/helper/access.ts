// Who may call the helper, decided on the route the router matched — never on the raw URL, whose
// spelling an attacker chooses (`/%61pi/runs`, `http://x/api/runs`, `//api/runs`). Deny by default: a
// route is public only when it was registered in the public scope (the app's static files); every
// other route needs the bearer token and an allowed Origin. Every refusal is written to the audit log, what
// the request said in it quoted and bounded (audit-log.ts).
import { createHash, timingSafeEqual } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { quoted } from './audit-log';

/** How a route is reached: `public` (app files), `preflight` (CORS OPTIONS: origin only), else the token. */
export type RouteAccess = 'public' | 'preflight' | 'token';

export interface AccessPolicy {
  token: string;
  /** Origins (scheme://host:port) allowed to call the API from a browser, besides the helper's own. */
  allowOrigins: readonly string[];
  /** Host header values accepted (lower case, with the port): `helperHosts`; none until the helper listens. */
  allowHosts: Pick<ReadonlySet<string>, 'has'> & Iterable<string>;
  /** Records a refusal (the audit log's `refusal`: limited, and bounded). */
  audit(entry: Record<string, unknown>): void;
}

const LOOPBACK = ['127.0.0.1', 'localhost', '::1'];

export const isLoopback = (host: string) => LOOPBACK.includes(host.toLowerCase());

/** Whether `text` is an origin `--allow-origin` takes: http or https, a host (printable ASCII), no path. */
export const isOrigin = (text: string) => text.length <= 200 && /^https?:\/\/[!-.0-~]+$/.test(text);

/** The addresses that bind every interface. */
const WILDCARD = ['0.0.0.0', '::'];

/** The machine's addresses now, each interface's (loopback's too). */
export function machineAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address));
}

/**
 * The Host values a helper bound to `bind` on `port` answers to (a DNS-rebinding defence: a page of another
 * name that resolves to this machine is refused, so it is never "the helper's own origin"): loopback's names
 * when bound to loopback; the bound address itself; the machine's `addresses` and loopback's when bound to
 * every interface (0.0.0.0, ::); and the `names` the helper was told (`--host-name`). Each with the port, and
 * without it too on port 80 (a client omits the scheme's default).
 */
export function helperHosts(bind: string, port: number, names: readonly string[] = [], addresses: () => readonly string[] = machineAddresses): Set<string> {
  const bound = isLoopback(bind) ? LOOPBACK : WILDCARD.includes(bind) ? [...LOOPBACK, ...addresses()] : [bind];
  return new Set(
    [...bound, ...names].flatMap((name) => {
      const host = name.includes(':') ? `[${name.toLowerCase()}]` : name.toLowerCase();
      return port === 80 ? [`${host}:${port}`, host] : [`${host}:${port}`];
    }),
  );
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export const corsHeaders = (origin: string | undefined): Record<string, string> =>
  origin ? { 'access-control-allow-origin': origin, vary: 'Origin', 'access-control-allow-headers': 'authorization, content-type', 'access-control-allow-methods': 'GET, POST, OPTIONS' } : {};

export function accessOf(request: FastifyRequest): RouteAccess {
  const access = (request.routeOptions.config as { access?: unknown } | undefined)?.access;
  return access === 'public' || access === 'preflight' ? access : 'token';
}

/** Marks every route registered in `scope` (and its children) with an access level. */
export function markRoutes(scope: FastifyInstance, access: RouteAccess): void {
  scope.addHook('onRoute', (route: RouteOptions) => {
    route.config = { ...(route.config as object | undefined), access };
  });
}

/** Sends a refusal and records it: remote address, method, path as sent (bounded by the log), status and reason. */
export function refuse(policy: AccessPolicy, request: FastifyRequest, reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  policy.audit({ remote: request.ip, method: request.method, path: request.url, status, refused: error, reason: message });
  // A refused request's connection ends with the answer: its body (up to a declared 100 MB, sent a byte at a
  // time) is not read on.
  return reply.code(status).header('connection', 'close').send({ error, message });
}

/** The authority of an absolute-form request target ("http://127.0.0.1:7478/api/probe" → "127.0.0.1:7478"), else undefined. */
export function authorityOf(target: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(target);
  return m ? m[1]! : undefined;
}

/** The onRequest check: Host, then (unless the matched route is public) Origin, then the token. */
export function installAccessCheck(app: FastifyInstance, policy: AccessPolicy): void {
  const origins = new Set(policy.allowOrigins);
  const expected = digest(policy.token);
  app.addHook('onRequest', async (request, reply) => {
    // One Host only (RFC 9112 §3.2: more than one is a bad request; Node would keep the first).
    const hosts = request.raw.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === 'host').length;
    if (hosts > 1) return refuse(policy, request, reply, 400, 'bad request', `The request has ${hosts} Host headers; HTTP allows one.`);
    // An absolute-form target (GET http://name/api/probe) names the host itself, and its name wins over the
    // Host header (RFC 9112 §3.2.2): that is the name checked.
    const host = authorityOf(request.raw.url ?? '') ?? request.headers.host;
    if (host === undefined || !policy.allowHosts.has(host.toLowerCase())) {
      return refuse(policy, request, reply, 403, 'forbidden host', `Host ${quoted(host ?? '')} is not one of this helper's addresses (${[...policy.allowHosts].join(', ') || 'not listening yet'}); start it with --host-name if clients reach it by another name.`);
    }
    const access = accessOf(request);
    if (access === 'public' || request.is404) return;
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${host ?? ''}` && !origins.has(origin)) {
      // The origin is named once, quoted; offered back as a flag only when it is one.
      const flag = isOrigin(origin) ? `; start the helper with --allow-origin ${origin} if it should be` : ' (nor is it an origin --allow-origin would take)';
      return refuse(policy, request, reply, 403, 'forbidden origin', `Origin ${quoted(origin)} is not allowed${flag}.`);
    }
    reply.headers(corsHeaders(origin));
    if (access === 'preflight') return;
    const header = request.headers.authorization ?? '';
    // The scheme's name is case-insensitive (RFC 7235 §2.1); the token itself is compared exactly.
    const token = /^bearer +(\S+)$/i.exec(header)?.[1] ?? '';
    if (!token || !timingSafeEqual(digest(token), expected)) {
      return refuse(policy, request, reply, 401, 'unauthorized', 'A valid bearer token is required (printed by the helper at start).');
    }
  });
}
