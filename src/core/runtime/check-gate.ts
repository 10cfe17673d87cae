// libcni's gate before CHECK reaches any plugin (CheckNetworkList): the list's version first, then disableCheck.
// The preview's plan says it; the validator's CHECK warnings hold only where CHECK gets past it.
import type { JsonObject, JsonValue } from '../model/types';
import { versionAtLeast } from '../model/versions';

/** libcni's list booleans (disableCheck, disableGC): true, or the string "true" in any case. */
export const libcniFlagSet = (flag: JsonValue | undefined) => flag === true || (typeof flag === 'string' && flag.toLowerCase() === 'true');

/** Why the runtime's CHECK runs no plugin for the list at `version`, if it does not: an error, or skipped as a success. */
export function checkGate(conflist: JsonObject, version: string): { reason: string; error: boolean } | undefined {
  if (!versionAtLeast(version, '0.4.0')) return { reason: `configuration version "${version}" does not support the CHECK command (CHECK needs spec 0.4.0 or newer).`, error: true };
  if (libcniFlagSet(conflist.disableCheck)) return { reason: 'disableCheck is set: the runtime does not run CHECK for this network and reports success.', error: false };
  return undefined;
}
