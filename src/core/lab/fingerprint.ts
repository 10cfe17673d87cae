// Which version of a network a lab run belongs to: a fingerprint of the conflist's content, so a run is
// stale exactly when the list a runtime would read is another one (an edit, an import, a template), and
// current again when an undo brings the same list back. Time and canvas identity play no part.
import type { JsonObject } from '../model/types';
import { sortKeys } from '../runtime/go-json';
import { sha512Hex } from '../net/sha512';

/**
 * The content fingerprint of a conflist: the same for the same keys and values whatever their order or
 * the text's spacing (key order does not change what a plugin reads); different for any other value,
 * including the order of the plugins, which is the order they run in.
 */
export function conflistFingerprint(conflist: JsonObject): string {
  return sha512Hex(JSON.stringify(sortKeys(conflist))).slice(0, 32);
}

/** Whether a run made on the list with `ranOn` is about another version than `current`. */
export const isStaleRun = (ranOn: string | undefined, current: JsonObject): boolean => ranOn !== undefined && ranOn !== conflistFingerprint(current);
