// What a plugin's call comes to, as libcni reads its output: the result an ADD printed (decoded as Go
// decodes it, in Go's words when it cannot be), or the error of a failed call; and where CNI Studio's own
// limits (output read, output kept per run) stop it short of what libcni would do, said as such.
import { goExitText, goJsonSyntaxError, isJsonObject, jsonNestingExcess, libcniNewTypes, libcniReadsResult, readCniError, undecodableResult, unreadableResult, utf8Bytes, type JsonObject, type Operation } from '../core';
import { OUTPUT_LIMIT, type ExecResult } from './executor';

/** The plugin output one run keeps, all calls together (a call's own limit is OUTPUT_LIMIT). */
export const RUN_OUTPUT_LIMIT = 16 * OUTPUT_LIMIT;

export interface PluginOutput {
  result?: JsonObject;
  error?: ReturnType<typeof readCniError> & { runtime?: string };
  /** The result was nested deeper than CNI Studio reads: it goes on as libcni reads it, the text kept. */
  printedTooDeep: boolean;
  /** The error is CNI Studio's description, not libcni's words (no runtime message is made from it). */
  describedOnly: boolean;
}

export interface OutputContext {
  /** The list's version and the libcni release's result types: how it reads what ADD prints. */
  listVersion: string;
  newTypes: ReturnType<typeof libcniNewTypes>;
  libcni: string;
  timeoutMs: number;
  /** The run's calls have printed more than RUN_OUTPUT_LIMIT, this one included (`outputKept` bytes). */
  overRun: boolean;
  outputKept: number;
}

/** Go's words when a result decodes to something other than an object (null decodes to an empty map). */
function resultShapeProblem(value: unknown): string | undefined {
  if (value === null || isJsonObject(value)) return undefined;
  const kind = Array.isArray(value) ? 'array' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'bool' : 'string';
  return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}

export function readPluginOutput(r: ExecResult, command: Operation, ctx: OutputContext): PluginOutput {
  const { listVersion, newTypes } = ctx;
  if (r.spawnError) return { error: { code: 0, msg: r.spawnError, words: 'the plugin could not be started' }, printedTooDeep: false, describedOnly: false };
  if (r.stdoutBytes !== undefined) {
    // libcni reads all of it: what CNI Studio's cut leaves is not what the runtime would decode.
    return { error: { code: 0, msg: `CNI Studio reads at most ${OUTPUT_LIMIT} bytes of a plugin's output, and this plugin wrote ${r.stdoutBytes}`, words: "the plugin's output is larger than CNI Studio reads (libcni would read all of it)" }, printedTooDeep: false, describedOnly: true };
  }
  if (ctx.overRun) {
    // Every call's output (and the results it hands on) stays in the run's events: a list of plugins each
    // printing a megabyte, in several containers, would otherwise take the root helper's memory.
    return { error: { code: 0, msg: `CNI Studio keeps at most ${RUN_OUTPUT_LIMIT} bytes of plugin output in one run, and this run's calls have printed ${ctx.outputKept}`, words: "the run's plugin output is larger than CNI Studio keeps (libcni would go on)" }, printedTooDeep: false, describedOnly: true };
  }
  if (r.exitCode !== 0 || r.timedOut) {
    // The time limit is the helper's: libcni, its context cancelled, would see the plugin killed.
    const error = readCniError(r.stdout, r.stderr, goExitText(r.exitCode, r.timedOut ? 'SIGKILL' : r.signal));
    if (r.timedOut) error.words = `the plugin did not finish in time (killed after ${ctx.timeoutMs} ms)`;
    return { error, printedTooDeep: false, describedOnly: false };
  }
  if (command !== 'ADD') return { printedTooDeep: false, describedOnly: false };
  // What libcni does with the result: decode it as a JSON object, in Go's words when it is not one.
  const problem = goJsonSyntaxError(utf8Bytes(r.stdout)) ?? resultShapeProblem(JSON.parse(r.stdout));
  if (problem) return { error: { code: 0, msg: `failed to unmarshal raw result: ${problem}`, words: 'ADD must print a result' }, printedTooDeep: false, describedOnly: false };
  let result = (JSON.parse(r.stdout) as JsonObject | null) ?? {};
  // Go decodes up to 10000 levels; past CNI Studio's own limit the run goes on with the result as libcni
  // reads it (its unknown keys, where such nesting can be, dropped), the printed text kept in stdout.
  const printedTooDeep = jsonNestingExcess(r.stdout) !== undefined;
  if (printedTooDeep) result = libcniReadsResult(result, listVersion, newTypes);
  // A result of a version this libcni does not know fails the ADD, though the plugin did its work.
  const unreadable = unreadableResult(result, listVersion, newTypes);
  if (unreadable) return { result, error: { code: 0, msg: unreadable, words: `libcni ${ctx.libcni} cannot read a result of this version` }, printedTooDeep, describedOnly: false };
  // An address Go does not parse fails the decoding too (and with it the ADD).
  const undecodable = undecodableResult(result, listVersion, newTypes);
  if (undecodable) {
    const words = undecodable.goWords ? 'libcni cannot decode an address in the result' : "libcni's decoding of the result fails (its message is Go's, not this one)";
    return { result, error: { code: 0, msg: undecodable.msg, words }, printedTooDeep, describedOnly: !undecodable.goWords };
  }
  return { result, printedTooDeep, describedOnly: false };
}
