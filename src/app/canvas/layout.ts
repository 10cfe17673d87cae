// The chain reads left to right in ADD order: a plugin's x comes from its index, its y is free
// (stored per node, cleared by tidy). IPAM nodes hang below the plugin that delegates to them.
export const SLOT_X = 290;
export const NODE_WIDTH = 210;
export const IPAM_DY = 170;

export const pluginX = (index: number) => index * SLOT_X;

/** For a dragged node: its new index among `count` plugins (it is one of them). */
export function dragTargetIndex(x: number, count: number): number {
  return Math.max(0, Math.min(count - 1, Math.round(x / SLOT_X)));
}

/** For a palette drop at canvas x: how many plugin centres lie left of it, i.e. the insertion index. */
export function dropIndex(x: number, count: number): number {
  let index = 0;
  for (let i = 0; i < count; i++) if (pluginX(i) + NODE_WIDTH / 2 < x) index = i + 1;
  return index;
}
