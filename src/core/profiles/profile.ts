// A runtime profile: the libcni release the runtime links and the reference-plugins release installed
// on the node (optionally per plugin: a node may mix). Everything CNI Studio claims about a config is
// true for a profile; the facts that differ by release live as data next to the schemas.
import { compareVersions } from '../model/versions';

export interface RuntimeProfile {
  /** libcni release, e.g. "1.3.0" (containernetworking/cni tags, without the "v"). */
  readonly libcni: string;
  /** Reference plugins release, e.g. "1.9.1" (containernetworking/plugins tags, without the "v"). */
  readonly plugins: string;
  /** Plugins installed from another release than `plugins`, by type. */
  readonly pluginReleases?: readonly (readonly [type: string, release: string])[];
}

/** libcni releases a profile may name (containernetworking/cni tags from 1.1 on). */
export const LIBCNI_RELEASES = ['1.1.0', '1.1.1', '1.1.2', '1.2.0', '1.2.1', '1.2.2', '1.2.3', '1.3.0'] as const;

/** Reference plugins releases a profile may name (containernetworking/plugins tags from 1.1 on). */
export const PLUGIN_RELEASES = ['1.1.0', '1.1.1', '1.2.0', '1.3.0', '1.4.0', '1.4.1', '1.5.0', '1.5.1', '1.6.0', '1.6.1', '1.6.2', '1.7.0', '1.7.1', '1.8.0', '1.9.0', '1.9.1'] as const;

export const isLibcniRelease = (v: unknown): v is string => typeof v === 'string' && (LIBCNI_RELEASES as readonly string[]).includes(v);
export const isPluginRelease = (v: unknown): v is string => typeof v === 'string' && (PLUGIN_RELEASES as readonly string[]).includes(v);

/** The newest releases the reference covers: the default profile. */
export const DEFAULT_PROFILE: RuntimeProfile = { libcni: '1.3.0', plugins: '1.9.1' };

/** The release of one plugin type under a profile. */
export function pluginRelease(profile: RuntimeProfile, type: string): string {
  return profile.pluginReleases?.find(([t]) => t === type)?.[1] ?? profile.plugins;
}

/** Whether `release` is `at` or newer ("1.2.3" ≥ "1.2.0"). */
export const releaseAtLeast = (release: string, at: string): boolean => compareVersions(release, at) >= 0;

/** Short words for a profile, as findings and reports name it: "libcni 1.1.2 + plugins 1.1.1". */
export function describeProfile(profile: RuntimeProfile): string {
  const mixed = profile.pluginReleases?.length ? ` (${profile.pluginReleases.map(([t, r]) => `${t} ${r}`).join(', ')})` : '';
  return `libcni ${profile.libcni} + plugins ${profile.plugins}${mixed}`;
}

/**
 * A release as a user writes it ("1.1.2", "v1.1.2") checked against the real tags: the bare release, or
 * why it is none (with the releases there are).
 */
export function parseRelease(kind: 'libcni' | 'plugins', text: string): { ok: true; release: string } | { ok: false; message: string } {
  const release = text.trim().replace(/^v/, '');
  const known: readonly string[] = kind === 'libcni' ? LIBCNI_RELEASES : PLUGIN_RELEASES;
  if (known.includes(release)) return { ok: true, release };
  return { ok: false, message: `"${text}" is not a ${kind} release CNI Studio knows; choose one of ${known.join(', ')}` };
}
