// deploy/: every manifest parses, and what the cluster is told agrees with what the server does (path, port
// names, probes, TLS files) and with what the brief promises (replicas, non-root, read-only root, failurePolicy).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const DEPLOY = resolve(dirname(fileURLToPath(import.meta.url)), '../../deploy');
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const docs: { file: string; doc: Obj }[] = readdirSync(DEPLOY)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((file) =>
    parseAllDocuments(readFileSync(join(DEPLOY, file), 'utf8')).map((d) => {
      expect(d.errors, `${file}: ${d.errors.map((e) => e.message).join('; ')}`).toEqual([]);
      return { file, doc: d.toJS() as Obj };
    }),
  );
const find = (kind: string, name?: string) => {
  const found = docs.filter((d) => d.doc.kind === kind && (name === undefined || d.doc.metadata?.name === name));
  expect(found, `${kind} ${name ?? ''}`).toHaveLength(1);
  return found[0]!.doc;
};

describe('deploy/', () => {
  it('parses every manifest, each with apiVersion, kind and name', () => {
    expect(new Set(docs.map((d) => d.file))).toEqual(new Set(['webhook.yaml', 'validating-webhook.yaml', 'cert-manager.yaml']));
    for (const { file, doc } of docs) expect([file, typeof doc.apiVersion, typeof doc.kind, typeof doc.metadata?.name]).toEqual([file, 'string', 'string', 'string']);
  });

  it('runs two non-root replicas with a read-only root filesystem and nothing more than they need', () => {
    const deployment = find('Deployment', 'cni-studio-webhook');
    expect(deployment.spec.replicas).toBe(2);
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.automountServiceAccountToken).toBe(false);
    const [container] = pod.containers;
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, privileged: false, capabilities: { drop: ['ALL'] } });
    expect(container.resources.limits.memory).toBeDefined();
    // The image runs the built command line: nothing is written at start, so no writable volume is needed.
    expect(pod.volumes.map((v: { name: string }) => v.name)).toEqual(['tls']);
    expect(find('PodDisruptionBudget').spec).toMatchObject({ minAvailable: 1, selector: deployment.spec.selector });
  });

  it('serves what the probes, the Service and the webhook configuration call', () => {
    const deployment = find('Deployment');
    const container = deployment.spec.template.spec.containers[0];
    expect(container.args.slice(0, 2)).toEqual(['webhook', 'serve']);
    const port = container.ports.find((p: Obj) => p.name === 'https');
    expect(container.args).toContain(`--port=${port.containerPort}`);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'https', scheme: 'HTTPS' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'https', scheme: 'HTTPS' });
    // The TLS files are where the Secret is mounted, and the Secret is the one cert-manager writes.
    const mount = container.volumeMounts.find((m: Obj) => m.name === 'tls');
    expect(container.args).toEqual(expect.arrayContaining([`--tls-cert=${mount.mountPath}/tls.crt`, `--tls-key=${mount.mountPath}/tls.key`]));
    const secret = deployment.spec.template.spec.volumes.find((v: Obj) => v.name === 'tls').secret.secretName;
    expect(find('Certificate').spec.secretName).toBe(secret);

    const service = find('Service', 'cni-studio-webhook');
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(service.spec.ports).toEqual([{ name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' }]);

    const config = find('ValidatingWebhookConfiguration');
    const [webhook] = config.webhooks;
    expect(webhook.clientConfig.service).toEqual({ namespace: service.metadata.namespace, name: service.metadata.name, path: '/validate', port: service.spec.ports[0].port });
    expect(webhook).toMatchObject({ admissionReviewVersions: ['v1'], sideEffects: 'None', failurePolicy: 'Ignore', matchPolicy: 'Equivalent' });
    expect(webhook.timeoutSeconds).toBeLessThanOrEqual(30);
    expect(webhook.rules).toEqual([{ apiGroups: ['k8s.cni.cncf.io'], apiVersions: ['v1'], resources: ['network-attachment-definitions'], operations: ['CREATE', 'UPDATE'], scope: 'Namespaced' }]);
  });

  it('has cert-manager inject the CA of the certificate made for the Service', () => {
    const service = find('Service');
    const certificate = find('Certificate');
    const config = find('ValidatingWebhookConfiguration');
    expect(config.metadata.annotations['cert-manager.io/inject-ca-from']).toBe(`${certificate.metadata.namespace}/${certificate.metadata.name}`);
    expect(certificate.spec.dnsNames).toContain(`${service.metadata.name}.${service.metadata.namespace}.svc`);
    expect(find('Issuer', certificate.spec.issuerRef.name).metadata.namespace).toBe(certificate.metadata.namespace);
  });
});
