// A small, strict argument parser (unknown flags are usage errors, never silently ignored), and the
// parsers of the flags several commands share.
import { parseCapabilityArgs, parseCniArgs, type JsonObject } from '../core';

export class UsageError extends Error {}

export interface ParsedArgs {
  flags: Map<string, string | true>;
  positional: string[];
}

export function parseArgs(argv: readonly string[], spec: { values: readonly string[]; booleans: readonly string[] }): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (spec.booleans.includes(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      flags.set(name, true);
    } else if (spec.values.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { flags, positional };
}

/** A value flag's text; undefined when it is not given. */
export function stringFlag(flags: ParsedArgs['flags'], name: string): string | undefined {
  const value = flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** `--cap-args JSON`: capability arguments as cnitool's CAP_ARGS; undefined when the flag is not given. */
export function capArgsFlag(flags: ParsedArgs['flags']): JsonObject | undefined {
  const text = stringFlag(flags, 'cap-args');
  if (text === undefined) return undefined;
  const parsed = parseCapabilityArgs(text);
  if (!parsed.ok) throw new UsageError(`--cap-args: ${parsed.message}`);
  return parsed.value;
}

/** `--cni-args K=V;…`: CNI_ARGS pairs as cnitool reads them; undefined when the flag is not given. */
export function cniArgsFlag(flags: ParsedArgs['flags']): [string, string][] | undefined {
  const text = stringFlag(flags, 'cni-args');
  if (text === undefined) return undefined;
  const parsed = parseCniArgs(text);
  if (!parsed.ok) throw new UsageError(`--cni-args: ${parsed.message}`);
  return parsed.pairs;
}
