// A plugin's failure as libcni reads it (pkg/invoke's pluginErr), in its words, plus the CNI error code
// in plain words (spec §3.4, and the library's own codes).
import { isJsonObject, type CniError } from '../model/types';
import { goJsonSyntaxError, utf8Bytes } from './go-json-syntax';

const WORDS: ReadonlyMap<number, string> = new Map([
  [1, 'incompatible CNI version'],
  [2, 'unsupported field in the network config'],
  [3, 'container unknown or does not exist'],
  [4, 'invalid necessary environment variables'],
  [5, 'I/O failure'],
  [6, 'failed to decode content'],
  [7, 'invalid network config'],
  [8, "the plugin's own namespace equals CNI_NETNS"],
  [11, 'try again later'],
  [50, 'plugin not available'],
  [51, 'plugin not available and existing containers may have limited connectivity'],
  [999, 'internal plugin error'],
]);

export function cniErrorWords(code: number): string {
  return WORDS.get(code) ?? (code >= 100 ? 'plugin-specific error' : 'reserved error code');
}

/** Go's %q of a string: double-quoted, with Go's escapes. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp >= 0x80 && cp <= 0x9f) out += `\\u00${cp.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** How Go's os/exec describes a process that did not exit 0: "exit status 1", "signal: killed". */
export function goExitText(exitCode: number | null, signal: string | null): string {
  const names = new Map([
    ['SIGKILL', 'killed'],
    ['SIGTERM', 'terminated'],
    ['SIGINT', 'interrupt'],
    ['SIGHUP', 'hangup'],
    ['SIGSEGV', 'segmentation fault'],
    ['SIGABRT', 'aborted'],
    ['SIGPIPE', 'broken pipe'],
    ['SIGBUS', 'bus error'],
    ['SIGFPE', 'floating point exception'],
    ['SIGILL', 'illegal instruction'],
  ]);
  if (signal) return `signal: ${names.get(signal) ?? signal.replace(/^SIG/, '').toLowerCase()}`;
  return `exit status ${exitCode ?? -1}`;
}

/** Go's words for the error JSON on stdout that does not decode into types.Error. */
function errorDecodeProblem(value: unknown): string | undefined {
  if (!isJsonObject(value)) return `json: cannot unmarshal ${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'bool' : 'string'} into Go value of type types.Error`;
  const code = value.code;
  if (code !== undefined && code !== null && (typeof code !== 'number' || !Number.isInteger(code) || code < 0)) return `json: cannot unmarshal ${typeof code === 'number' ? `number ${code}` : typeof code === 'string' ? 'string' : Array.isArray(code) ? 'array' : typeof code === 'object' ? 'object' : 'bool'} into Go struct field Error.code of type uint`;
  for (const key of ['msg', 'details']) {
    const v = value[key];
    if (v !== undefined && v !== null && typeof v !== 'string') return `json: cannot unmarshal ${typeof v === 'number' ? 'number' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : 'bool'} into Go struct field Error.${key} of type string`;
  }
  return undefined;
}

/**
 * A failed plugin as libcni reads it: the error JSON on stdout; with no stdout, stderr (quoted); with
 * neither, how the process ended. `exit` is Go's description of the exit (goExitText).
 */
export function readCniError(stdout: string, stderr: string, exit: string): CniError & { words: string } {
  if (stdout.length === 0) {
    if (stderr.length === 0) return { code: 0, msg: `netplugin failed with no error message: ${exit}`, words: 'the plugin failed without saying why' };
    return { code: 0, msg: `netplugin failed: ${goQuote(stderr)}`, words: 'the plugin failed without a CNI error' };
  }
  const syntax = goJsonSyntaxError(utf8Bytes(stdout));
  const parsed: unknown = syntax ? undefined : JSON.parse(stdout);
  const problem = syntax ?? errorDecodeProblem(parsed);
  if (problem) return { code: 0, msg: `netplugin failed but error parsing its diagnostic message ${goQuote(stdout)}: ${problem}`, words: 'the plugin printed something that is not a CNI error' };
  const error = parsed as { code?: number | null; msg?: string | null; details?: string | null };
  const code = typeof error.code === 'number' ? error.code : 0;
  return { code, msg: error.msg ?? '', ...(error.details ? { details: error.details } : {}), words: cniErrorWords(code) };
}

/** types.Error's Error(): the message, then "; details" when there are details. */
export const cniErrorText = (error: CniError): string => `${error.msg}${error.details ? `; ${error.details}` : ''}`;
