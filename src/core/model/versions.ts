// Spec version parsing and comparison with libcni's rules: 1–3 dot-separated decimal parts, numeric order,
// empty means 0.1.0. Plugins themselves compare the exact string against their supported list.
import { SPEC_VERSIONS, type SpecVersion } from './types';

/** Parsed versions by text: a dump asks for the same few thousands of times (bounded: any text can come in). */
const parsed = new Map<string, readonly [number, number, number] | null>();

/** The shared, remembered parts of a version (callers get copies from parseVersion). */
function versionParts(text: string): readonly [number, number, number] | undefined {
  const known = parsed.get(text);
  if (known !== undefined) return known ?? undefined;
  const v = text === '' ? '0.1.0' : text;
  const parts = /^\d+(\.\d+){0,2}$/.test(v) ? v.split('.').map(Number) : undefined;
  const version = parts ? ([parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0] as const) : undefined;
  if (parsed.size < 1024) parsed.set(text, version ?? null);
  return version;
}

export function parseVersion(text: string): [number, number, number] | undefined {
  const version = versionParts(text);
  return version ? [version[0], version[1], version[2]] : undefined;
}

/** Negative when a < b, 0 when equal, positive when a > b. Both must parse. */
export function compareVersions(a: string, b: string): number {
  const x = versionParts(a);
  const y = versionParts(b);
  if (!x || !y) throw new Error(`cannot compare versions "${a}" and "${b}"`);
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

export function isSpecVersion(text: unknown): text is SpecVersion {
  return typeof text === 'string' && (SPEC_VERSIONS as readonly string[]).includes(text);
}

export function versionAtLeast(version: string, min: string): boolean {
  const x = versionParts(version);
  if (!x) return false;
  const y = versionParts(min);
  if (!y) throw new Error(`cannot compare versions "${version}" and "${min}"`);
  return (x[0] - y[0] || x[1] - y[1] || x[2] - y[2]) >= 0;
}

/** The highest version libcni implements (v1.2 and newer). */
export const LIBCNI_CURRENT: SpecVersion = '1.1.0';

/**
 * The list version libcni (v1.2+) runs the plugins with: the highest parsable entry of `cniVersions`
 * (plus `cniVersion`) that does not exceed what libcni implements; `cniVersion` as given otherwise.
 */
export function effectiveListVersion(cniVersion: unknown, cniVersions: unknown): string {
  const given = typeof cniVersion === 'string' ? cniVersion : '';
  if (!Array.isArray(cniVersions)) return given;
  const pool = cniVersions.filter(
    (v): v is string => typeof v === 'string' && parseVersion(v) !== undefined && compareVersions(v, LIBCNI_CURRENT) <= 0,
  );
  if (given && parseVersion(given) && compareVersions(given, LIBCNI_CURRENT) <= 0) pool.push(given);
  if (pool.length === 0) return given;
  return pool.reduce((best, v) => (compareVersions(v, best) > 0 ? v : best));
}
