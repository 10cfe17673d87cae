// `cni-studio webhook serve`: the validating admission webhook for NetworkAttachmentDefinitions (src/webhook).
import type { Validator } from '../core';
import { describeProfile } from '../core';
import { startWebhook, type Webhook } from '../webhook/server';
import { parseArgs, PROFILE_FLAGS, PROFILE_USAGE, profileFlags, stringFlag, UsageError, validatorFor } from './args';
import { InputError } from './config-file';

export const WEBHOOK_USAGE = `usage: cni-studio webhook serve --tls-cert FILE --tls-key FILE [--host ADDRESS] [--port PORT]
                              [--libcni VERSION] [--plugins VERSION]

A Kubernetes validating admission webhook for NetworkAttachmentDefinitions (k8s.cni.cncf.io/v1), over
HTTPS only. POST /validate takes an AdmissionReview (admission.k8s.io/v1) for CREATE and UPDATE and
judges spec.config as "cni-studio lint" does: errors deny with each finding's code, place and words,
warnings go back as warnings. GET /healthz (alive) and GET /readyz (serving) are for the kubelet.
Deployment manifests and certificates: deploy/ and its README.

  --tls-cert FILE      the serving certificate (PEM, with its chain); read again when the file changes
  --tls-key FILE       its private key (PEM)
  --host ADDRESS       the address to listen on (default 0.0.0.0)
  --port PORT          the port (default 8443)
${PROFILE_USAGE}

Judge with the releases your nodes run: the profile is the webhook's, for every review.
It prints one line when it listens, one JSON line per review on stdout, and stops on SIGTERM or SIGINT
(readyz fails first, reviews in flight finish).

Exit status: 0 stopped by a signal, 2 bad usage or certificate files that cannot be used.`;

/** Seconds after SIGTERM during which reviews are still answered while readyz fails (endpoints catch up). */
const DRAIN_MS = 3_000;

function portFlag(text: string | undefined): number {
  if (text === undefined) return 8443;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new UsageError(`--port: "${text}" is not a port (0 to 65535)`);
  return Number(text);
}

export async function webhookServe(argv: readonly string[], given: Validator, out: (s: string) => void, err: (s: string) => void, signals: NodeJS.EventEmitter = process): Promise<number> {
  const { flags, positional } = parseArgs(argv, { values: ['tls-cert', 'tls-key', 'host', 'port', ...PROFILE_FLAGS], booleans: ['help'] });
  if (flags.has('help')) {
    out(WEBHOOK_USAGE);
    return 0;
  }
  if (positional.length > 0) throw new UsageError(`unexpected argument "${positional[0]}"`);
  const certFile = stringFlag(flags, 'tls-cert');
  const keyFile = stringFlag(flags, 'tls-key');
  if (!certFile || !keyFile) throw new UsageError('--tls-cert and --tls-key are required: the webhook serves HTTPS only');
  const port = portFlag(stringFlag(flags, 'port'));
  const host = stringFlag(flags, 'host') ?? '0.0.0.0';
  const validator = validatorFor(given, profileFlags(flags));
  let webhook: Webhook;
  try {
    webhook = await startWebhook({ certFile, keyFile, host, port, validator, log: (entry) => out(JSON.stringify(entry)) });
  } catch (e) {
    // Unreadable or mismatched certificates, a port in use: the operator's input, not a defect.
    throw new InputError(`webhook: ${e instanceof Error ? e.message : String(e)}`);
  }
  out(`cni-studio webhook: listening on ${webhook.url} (POST /validate, GET /healthz, GET /readyz), judging for ${describeProfile(validator.profile)}`);
  const signal = await new Promise<string>((resolve) => {
    const onTerm = () => done('SIGTERM');
    const onInt = () => done('SIGINT');
    const done = (name: string) => {
      signals.off('SIGTERM', onTerm);
      signals.off('SIGINT', onInt);
      resolve(name);
    };
    signals.on('SIGTERM', onTerm);
    signals.on('SIGINT', onInt);
  });
  err(`cni-studio webhook: ${signal}, stopping`);
  await webhook.close({ drainMs: signal === 'SIGTERM' ? DRAIN_MS : 0 });
  return 0;
}
