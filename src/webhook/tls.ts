// The serving certificate: read at start, and read again when its files change (cert-manager renews it into
// the Secret, the kubelet swaps the Secret volume's `..data` link), without dropping a connection.
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import { createSecureContext, type SecureContextOptions } from 'node:tls';

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

/** TLS 1.2 is the oldest the API server's Go client offers by default; nothing older is needed. */
export const MIN_TLS_VERSION = 'TLSv1.2';

/** The PEM files as a secure context's options; throws (with the file named) when one cannot be read or they do not pair. */
export function readTls(files: TlsFiles): SecureContextOptions {
  const read = (path: string) => {
    try {
      return readFileSync(path);
    } catch (e) {
      throw new Error(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  };
  const options: SecureContextOptions = { cert: read(files.certFile), key: read(files.keyFile), minVersion: MIN_TLS_VERSION };
  try {
    createSecureContext(options); // a key that does not belong to the certificate fails here, not at the first handshake
  } catch (e) {
    throw new Error(`${files.certFile} and ${files.keyFile} are no usable certificate and key: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return options;
}

/**
 * Watches the folders holding the files and hands on the new context after a change settles. A change that
 * does not read (a half-written pair) is reported and the old certificate stays in use.
 */
export function watchTls(files: TlsFiles, apply: (options: SecureContextOptions) => void, report: (error: string | undefined) => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const reload = () => {
    timer = undefined;
    try {
      apply(readTls(files));
      report(undefined);
    } catch (e) {
      report(e instanceof Error ? e.message : String(e));
    }
  };
  const watchers: FSWatcher[] = [...new Set([dirname(files.certFile), dirname(files.keyFile)])].map((dir) =>
    watch(dir, () => {
      clearTimeout(timer);
      timer = setTimeout(reload, 200);
      timer.unref();
    }),
  );
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
