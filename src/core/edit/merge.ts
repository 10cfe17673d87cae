// Text typed in an editor that did not parse for a while was written against the network as it was
// then; meanwhile another editor or the canvas may have changed it. Applying the text as it stands would
// undo that change without a word. A three-way merge applies what the text changed (against the network
// it was started on) onto the network as it is now, and names where both changed the same value.
import { deepEqual } from '../model/equal';
import { applyPatch } from '../model/patch';
import { escapeSegment, parsePointer } from '../model/pointer';
import { isJsonObject, type JsonValue } from '../model/types';
import type { PatchOp } from '../validate/finding';

interface Change {
  pointer: string;
  /** The value after the change; undefined: removed. */
  value: JsonValue | undefined;
}

/** The changes from `a` to `b`: objects key by key, arrays index by index while their length is kept (else whole). */
function changes(a: JsonValue | undefined, b: JsonValue | undefined, pointer: string, out: Change[]): Change[] {
  if (deepEqual(a, b)) return out;
  if (isJsonObject(a) && isJsonObject(b)) {
    for (const key of Object.keys(a)) changes(a[key], Object.hasOwn(b, key) ? b[key] : undefined, `${pointer}/${escapeSegment(key)}`, out);
    for (const key of Object.keys(b)) if (!Object.hasOwn(a, key)) out.push({ pointer: `${pointer}/${escapeSegment(key)}`, value: b[key] });
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let i = 0; i < a.length; i++) changes(a[i], b[i], `${pointer}/${i}`, out);
    return out;
  }
  out.push({ pointer, value: b });
  return out;
}

/** Whether one pointer is the other or inside it. */
const overlap = (p: string, q: string) => p === q || p.startsWith(`${q}/`) || q.startsWith(`${p}/`);

export type Merge = { ok: true; value: JsonValue; merged: boolean } | { ok: false; conflicts: string[] };

/**
 * `mine` and `current`, both made from `base`, in one value: `merged` says whether `current` had changes of
 * its own that were kept. Where both changed the same value differently, `conflicts` names
 * the pointers (nothing is applied then).
 */
export function mergeOnto(base: JsonValue, mine: JsonValue, current: JsonValue): Merge {
  const theirs = changes(base, current, '', []);
  if (theirs.length === 0) return { ok: true, value: mine, merged: false };
  const ours = changes(base, mine, '', []);
  if (ours.length === 0) return { ok: true, value: current, merged: true };
  const conflicts: string[] = [];
  for (const c of ours) {
    const clash = theirs.find((t) => overlap(t.pointer, c.pointer));
    // Both made the same change: no conflict.
    if (clash && !(clash.pointer === c.pointer && deepEqual(clash.value, c.value))) conflicts.push(c.pointer || '/');
  }
  if (conflicts.length > 0) return { ok: false, conflicts };
  // The other side's changes onto the text's value, not the reverse: the text keeps its keys where they
  // were typed (a key the other side added goes last in its object). Without a conflict both orders give
  // the same values.
  const ops: PatchOp[] = theirs.map((c) => (c.value === undefined ? { op: 'remove', path: c.pointer } : { op: c.pointer === '' ? 'replace' : 'add', path: c.pointer, value: c.value }));
  // An "add" of an existing key replaces it in place (applyPatch keeps the order of keys).
  return { ok: true, value: applyPatch(mine, ops.map((op) => (op.op === 'add' && exists(mine, op.path) ? { ...op, op: 'replace' } : op))), merged: true };
}

function exists(root: JsonValue, pointer: string): boolean {
  let node: JsonValue | undefined = root;
  for (const key of parsePointer(pointer)) {
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isJsonObject(node)) node = Object.hasOwn(node, key) ? node[key] : undefined;
    else return false;
    if (node === undefined) return false;
  }
  return true;
}
