// Who may call the helper, decided on the route the router matched — never on the raw URL, whose
// spelling an attacker chooses (`/%61pi/runs`, `http://x/api/runs`, `//api/runs`). Deny by default: a
// route is public only when it was registered in the public scope (the app's static files); every
// other route needs the bearer token and an allowed Origin. Every refusal is written to the audit log.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';

/** How a route is reached: `public` (app files), `preflight` (CORS OPTIONS: origin only), else the token. */
export type RouteAccess = 'public' | 'preflight' | 'token';

export interface AccessPolicy {
  token: string;
  /** Origins (scheme://host:port) allowed to call the API from a browser, besides the helper's own. */
  allowOrigins: readonly string[];
  /** Host header values accepted; undefined when bound to a non-loopback address (names unknown). */
  allowHosts?: ReadonlySet<string>;
  audit(entry: Record<string, unknown>): void;
}

const LOOPBACK = ['127.0.0.1', 'localhost', '::1'];

export const isLoopback = (host: string) => LOOPBACK.includes(host.toLowerCase());

/** The Host values a loopback-bound helper answers to: a DNS-rebinding defence in depth. */
export function loopbackHosts(port: number): Set<string> {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  // A client omits the port only when it is the scheme's default.
  if (port === 80) hosts.push('127.0.0.1', 'localhost', '[::1]');
  return new Set(hosts);
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

/** Sends a refusal and records it: remote address, method, path as sent, status and reason. */
export function refuse(policy: AccessPolicy, request: FastifyRequest, reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  policy.audit({ remote: request.ip, method: request.method, path: request.url.slice(0, 2000), status, refused: error, reason: message });
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
    if (policy.allowHosts && (host === undefined || !policy.allowHosts.has(host.toLowerCase()))) {
      return refuse(policy, request, reply, 403, 'forbidden host', `Host ${JSON.stringify(host ?? '')} is not this helper's loopback address (${[...policy.allowHosts].join(', ') || 'not listening yet'}).`);
    }
    const access = accessOf(request);
    if (access === 'public' || request.is404) return;
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${host ?? ''}` && !origins.has(origin)) {
      return refuse(policy, request, reply, 403, 'forbidden origin', `Origin ${origin} is not allowed; start the helper with --allow-origin ${origin} if it should be.`);
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
