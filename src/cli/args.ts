// A small, strict argument parser (unknown flags are usage errors, never silently ignored), and the
// parsers of the flags several commands share.
import { DEFAULT_PROFILE, parseCapabilityArgs, parseCniArgs, parseRelease, type JsonObject, type RuntimeProfile, type Validator } from '../core';

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

/** The flags naming a runtime profile, as lint, plan and diff take them. */
export const PROFILE_FLAGS = ['libcni', 'plugins'] as const;

/** The lines of a usage text that document --libcni and --plugins. */
export const PROFILE_USAGE = `  --libcni VERSION     the libcni release the runtime links (default ${DEFAULT_PROFILE.libcni}): how it loads the
                       list, negotiates cniVersions and reads results
  --plugins VERSION    the containernetworking/plugins release on the nodes (default ${DEFAULT_PROFILE.plugins}): which
                       keys, values and spec versions each plugin reads; Debian bookworm: --libcni 1.1.2 --plugins 1.1.1`;

/** One release flag: the default when not given; a usage error listing the real releases when unknown. */
export function releaseFlag(flags: ParsedArgs['flags'], name: string, kind: 'libcni' | 'plugins', fallback: string): string {
  const text = stringFlag(flags, name);
  if (text === undefined) return fallback;
  const parsed = parseRelease(kind, text);
  if (!parsed.ok) throw new UsageError(`--${name}: ${parsed.message}`);
  return parsed.release;
}

/** `--libcni VERSION --plugins VERSION`: the runtime profile findings are for (the newest releases by default). */
export function profileFlags(flags: ParsedArgs['flags']): RuntimeProfile {
  return { libcni: releaseFlag(flags, 'libcni', 'libcni', DEFAULT_PROFILE.libcni), plugins: releaseFlag(flags, 'plugins', 'plugins', DEFAULT_PROFILE.plugins) };
}

/** The validator for a profile: the one given when it already checks for that profile. */
export const validatorFor = (given: Validator, profile: RuntimeProfile): Validator => (JSON.stringify(given.profile) === JSON.stringify(profile) ? given : given.withProfile(profile));

/**
 * `--host-links eth1,dm0`: links of the lab machine runs may act on (a plugin's device, master or bridge
 * that is there before the run). Each a Linux interface name: 1 to 15 bytes, no "/", ":" or white space.
 */
export function hostLinksFlag(flags: ParsedArgs['flags']): string[] {
  const value = flags.get('host-links');
  if (value === undefined) return [];
  if (value === true) throw new UsageError('--host-links needs a value');
  const names = value.split(',').map((n) => n.trim());
  for (const name of names) {
    if (!/^[^/:\s]{1,15}$/.test(name) || name === '.' || name === '..' || Buffer.byteLength(name) > 15) throw new UsageError(`--host-links: "${name}" is not a network interface name (1 to 15 characters, no "/", ":" or spaces; names separated by commas)`);
  }
  return names;
}
