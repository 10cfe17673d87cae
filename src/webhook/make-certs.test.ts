// deploy/make-certs.sh with a recording stand-in for kubectl: the Secret it applies holds a certificate for
// the Service's DNS names signed by the CA it patches into the webhook configuration, and nothing secret
// reaches its output.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '../../deploy/make-certs.sh');

describe('deploy/make-certs.sh', () => {
  it('makes the Secret and patches the caBundle', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cni-studio-make-certs-'));
    try {
      // kubectl: "create … -o yaml" prints the manifest as kubectl would; "apply -f -" and "patch" record what they got.
      writeFileSync(
        join(dir, 'kubectl'),
        `#!/bin/sh
set -eu
case "$*" in
  *"create secret tls"*)
    for a in "$@"; do case "$a" in --cert=*) cert=\${a#--cert=};; --key=*) key=\${a#--key=};; esac; done
    printf 'apiVersion: v1\\nkind: Secret\\nmetadata:\\n  name: %s\\ntype: kubernetes.io/tls\\ndata:\\n  tls.crt: %s\\n  tls.key: %s\\n' "$6" "$(base64 -w0 "$cert")" "$(base64 -w0 "$key")";;
  "apply -f -") cat > "${dir}/applied.yaml"; echo "secret/x configured";;
  *patch*) printf '%s\\n' "$@" > "${dir}/patch.txt"; echo "patched";;
  *) echo "unexpected: $*" >&2; exit 1;;
esac
`,
        { mode: 0o755 },
      );
      const out = execFileSync('sh', [SCRIPT], { env: { ...process.env, KUBECTL: join(dir, 'kubectl'), NAMESPACE: 'cni-studio', DAYS: '2' } }).toString();
      expect(out.trim()).toBe('make-certs: Secret cni-studio/cni-studio-webhook-tls holds a certificate for cni-studio-webhook.cni-studio.svc (valid 2 days); its CA is the caBundle of cni-studio-webhook.');

      const secret = parse(readFileSync(join(dir, 'applied.yaml'), 'utf8')) as { metadata: { name: string }; data: Record<string, string> };
      expect(secret.metadata.name).toBe('cni-studio-webhook-tls');
      writeFileSync(join(dir, 'tls.crt'), Buffer.from(secret.data['tls.crt']!, 'base64'));
      expect(Buffer.from(secret.data['tls.key']!, 'base64').toString()).toContain('PRIVATE KEY');

      const patch = readFileSync(join(dir, 'patch.txt'), 'utf8').split('\n');
      expect(patch.slice(0, 4)).toEqual(['patch', 'validatingwebhookconfiguration', 'cni-studio-webhook', '--type=json']);
      const [op] = JSON.parse(patch[5]!) as { op: string; path: string; value: string }[];
      expect(op).toMatchObject({ op: 'add', path: '/webhooks/0/clientConfig/caBundle' });
      writeFileSync(join(dir, 'ca.crt'), Buffer.from(op!.value, 'base64'));

      // The certificate verifies against the patched CA, for the names the API server dials.
      expect(execFileSync('/usr/bin/openssl', ['verify', '-CAfile', join(dir, 'ca.crt'), join(dir, 'tls.crt')]).toString()).toContain(': OK');
      const text = execFileSync('/usr/bin/openssl', ['x509', '-in', join(dir, 'tls.crt'), '-noout', '-ext', 'subjectAltName,extendedKeyUsage']).toString();
      expect(text).toContain('DNS:cni-studio-webhook.cni-studio.svc, DNS:cni-studio-webhook.cni-studio.svc.cluster.local');
      expect(text).toContain('TLS Web Server Authentication');
      expect(out).not.toContain('PRIVATE KEY');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
