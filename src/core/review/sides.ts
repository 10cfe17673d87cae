// A review compares two sides chosen explicitly: the base (what runs now) and the proposed change. Every
// finding reads from base to proposed ("no longer declares mac" when proposed drops it), whichever of them is
// the network open in the app; the canvas, which shows that network, is marked from the side it shows.
import type { Catalog } from '../catalog/catalog';
import type { JsonObject } from '../model/types';
import type { RuntimeProfile } from '../profiles/profile';
import { semanticDiff, type ConflistDiff, type PluginDiff } from './diff';
import { riskNotes, type RiskNote } from './risk';

export type ReviewSideName = 'base' | 'proposed';

export interface ReviewSide {
  doc: JsonObject;
  /** What the side is, in words: a file name, "current network", "autosaved 12:03 (\"net\")", … */
  label: string;
  /** True when this side is the network open in the app (what the canvas shows). */
  current?: boolean;
}

export interface SideComparison {
  diff: ConflistDiff;
  risks: RiskNote[];
}

/** The diff and risk notes from base to proposed: the one direction every review reads in. */
export function compareSides(base: JsonObject, proposed: JsonObject, catalog: Catalog, profile?: RuntimeProfile): SideComparison {
  const diff = semanticDiff(base, proposed, catalog);
  return { diff, risks: riskNotes(diff, base, proposed, catalog, profile) };
}

/** Both sides named, as the report's and the panel's heading says them. */
export function sidesTitle(base: Pick<ReviewSide, 'label'>, proposed: Pick<ReviewSide, 'label'>): string {
  return `base: ${base.label} · proposed: ${proposed.label}`;
}

/** How a plugin of the shown side took part in the change. */
export type PluginMark = 'added' | 'changed' | 'moved' | 'removed';

export interface CanvasMarks {
  /** By the plugin's index in the shown side: what happened to it from base to proposed. */
  byIndex: Map<number, PluginMark>;
  /** Plugins of the change that are not on the shown side (removed ones when proposed is shown, added ones when base is). */
  elsewhere: { type: string; mark: PluginMark; index: number }[];
}

/**
 * The review drawn onto the side the canvas shows. Shown proposed: added, changed and moved plugins are marked,
 * removed ones listed with their base position. Shown base: plugins the proposal removes, changes or moves are
 * marked, and the plugins it adds listed with their proposed position.
 */
export function canvasMarks(diff: ConflistDiff, shown: ReviewSideName): CanvasMarks {
  const byIndex = new Map<number, PluginMark>();
  const elsewhere: CanvasMarks['elsewhere'] = [];
  const mark = (p: PluginDiff): PluginMark | undefined => (p.status === 'added' || p.status === 'removed' || p.status === 'moved' ? p.status : p.changes.length > 0 ? 'changed' : undefined);
  for (const p of diff.plugins) {
    const m = mark(p);
    if (!m) continue;
    const index = shown === 'proposed' ? p.afterIndex : p.beforeIndex;
    if (index !== undefined) byIndex.set(index, m);
    else elsewhere.push({ type: p.type, mark: m, index: (shown === 'proposed' ? p.beforeIndex : p.afterIndex) ?? 0 });
  }
  return { byIndex, elsewhere };
}
