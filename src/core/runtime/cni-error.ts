// CNI error codes in words (spec §3.4, plus the library's own codes).
import { isJsonObject, type CniError } from '../model/types';

const WORDS: Record<number, string> = {
  1: 'incompatible CNI version',
  2: 'unsupported field in the network config',
  3: 'container unknown or does not exist',
  4: 'invalid necessary environment variables',
  5: 'I/O failure',
  6: 'failed to decode content',
  7: 'invalid network config',
  8: "the plugin's own namespace equals CNI_NETNS",
  11: 'try again later',
  50: 'plugin not available',
  51: 'plugin not available and existing containers may have limited connectivity',
  999: 'internal plugin error',
};

export function cniErrorWords(code: number): string {
  return WORDS[code] ?? (code >= 100 ? 'plugin-specific error' : 'reserved error code');
}

/** A plugin's failure as libcni reads it: the error JSON on stdout, else stderr, else the exit status. */
export function readCniError(stdout: string, stderr: string, exit: string): CniError & { words: string } {
  const out = stdout.trim();
  if (out) {
    try {
      const parsed: unknown = JSON.parse(out);
      if (isJsonObject(parsed) && typeof parsed.code === 'number') {
        return { code: parsed.code, msg: String(parsed.msg ?? ''), ...(parsed.details ? { details: String(parsed.details) } : {}), words: cniErrorWords(parsed.code) };
      }
    } catch {
      return { code: 0, msg: `netplugin failed but error parsing its diagnostic message "${out.slice(0, 200)}"`, words: 'the plugin printed something that is not a CNI error' };
    }
  }
  if (stderr.trim()) return { code: 0, msg: `netplugin failed: "${stderr.trim().slice(0, 500)}": ${exit}`, words: 'the plugin failed without a CNI error' };
  return { code: 0, msg: `netplugin failed with no error message: ${exit}`, words: 'the plugin failed without saying why' };
}
