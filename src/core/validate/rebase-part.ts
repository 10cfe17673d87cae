// A plugin's part of a validation (its schema findings, key renames and view for the rules) made for one
// index and reused at another: a drop on the canvas shifts every plugin between its two places, and each
// keeps its object, so its checks hold; only the pointers that name its index change.
import type { Rename } from '../schema/schema-index';
import type { PluginView } from './context';
import type { Finding, Fix } from './finding';
import type { ShadowedFinding } from './schema-check';

/** What the list's checks and rules take from one plugin. */
export interface PluginPart {
  findings: Finding[];
  renames: Rename[];
  /** Placed once every rename is known (validate.ts's mapping). */
  shadowed: ShadowedFinding[];
  view: PluginView;
}

/** The part as it would be made for the same plugin object at `index`. */
export function rebasePart(part: PluginPart, index: number): PluginPart {
  const from = part.view.pointer;
  const to = `/plugins/${index}`;
  if (from === to) return part;
  // Every pointer a part holds is inside its own plugin: `from` itself or below it.
  const at = (pointer: string) => (pointer === from || pointer.startsWith(`${from}/`) ? to + pointer.slice(from.length) : pointer);
  const fix = (f: Fix | undefined): Fix | undefined => (f?.patch ? { ...f, patch: f.patch.map((op) => ({ ...op, path: at(op.path) })) } : f);
  return {
    findings: part.findings.map((f) => (f.fix ? { ...f, pointer: at(f.pointer), fix: fix(f.fix)! } : { ...f, pointer: at(f.pointer) })),
    renames: part.renames.map((r) => ({ ...r, pointer: at(r.pointer) })),
    shadowed: part.shadowed.map((s) => ({ ...s, parent: at(s.parent), at: at(s.at) })),
    view: { ...part.view, index, pointer: to, facts: part.view.facts.map((k) => ({ ...k, pointer: at(k.pointer), parent: at(k.parent) })) },
  };
}
