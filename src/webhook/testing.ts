// Test support: a throwaway CA and serving certificates made with openssl, and requests over real TLS
// trusting only that CA (as the API server trusts the caBundle of the webhook configuration).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:https';
import type { TLSSocket } from 'node:tls';

export interface TestPki {
  dir: string;
  ca: Buffer;
  certFile: string;
  keyFile: string;
  /** Issues a new serving certificate from the same CA into `certFile`/`keyFile` (as a renewal does); returns its serial. */
  renew(): string;
  remove(): void;
}

const openssl = (args: string[], cwd: string) => execFileSync('/usr/bin/openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** A CA and a certificate for localhost and 127.0.0.1, as deploy/make-certs.sh makes them for a Service. */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'cni-studio-webhook-'));
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=cni-studio-test-ca'], dir);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  let n = 0;
  const issue = () => {
    n++;
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `s${n}.key`, '-out', `s${n}.csr`, '-subj', '/CN=localhost'], dir);
    openssl(['x509', '-req', '-in', `s${n}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `s${n}.crt`, '-days', '1', '-extfile', 'san.ext'], dir);
    // Both files replaced by renames, as the kubelet swaps a Secret volume's files.
    renameSync(join(dir, `s${n}.key`), join(dir, 'tls.key.new'));
    renameSync(join(dir, `s${n}.crt`), join(dir, 'tls.crt.new'));
    renameSync(join(dir, 'tls.key.new'), join(dir, 'tls.key'));
    renameSync(join(dir, 'tls.crt.new'), join(dir, 'tls.crt'));
    return openssl(['x509', '-in', 'tls.crt', '-noout', '-serial'], dir).trim().replace(/^serial=/, '').toUpperCase();
  };
  issue();
  return {
    dir,
    ca: readFileSync(join(dir, 'ca.crt')),
    certFile: join(dir, 'tls.crt'),
    keyFile: join(dir, 'tls.key'),
    renew: issue,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
  /** The serial number of the certificate the server presented, upper-case hex. */
  serial: string;
}

export interface Send {
  method?: string;
  path?: string;
  body?: string | Buffer;
  contentType?: string;
  agent?: Agent;
  /** Send the body in chunks without a content-length, so only the byte count can stop it. */
  chunked?: boolean;
}

/** One request to the webhook over TLS, trusting only `ca`. */
export function send(url: string, ca: Buffer, o: Send = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(o.path ?? '/validate', url),
      { method: o.method ?? 'POST', ca, agent: o.agent ?? false, headers: o.body !== undefined ? { 'content-type': o.contentType ?? 'application/json' } : {} },
      (res) => {
        const cert = (res.socket as TLSSocket).getPeerCertificate();
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, serial: cert?.serialNumber?.toUpperCase() ?? '' });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (o.chunked && o.body !== undefined) {
      const body = Buffer.from(o.body);
      for (let at = 0; at < body.length; at += 64 * 1024) req.write(body.subarray(at, at + 64 * 1024));
      req.end();
    } else req.end(o.body);
  });
}

/** A review body as JSON text. */
export const reviewBody = (review: unknown) => JSON.stringify(review);
