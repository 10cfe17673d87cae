// Where a node's size and handles are before React Flow measures them: the box and the spots the stylesheets
// draw (styles.css: a node 210 × 100 with a 1 px border and a 4 px top; canvas.css: 6 px handles placed by
// margins). Given with each node, they let React Flow draw a long chain's edges and minimap, and frame it,
// without first drawing every node once to measure it: at 500 plugins it drew all 500 on load, then culled
// all but those in view. A node in view is still measured; these must agree with that measurement (the
// long-chain e2e fails on any edge written again when a node comes into view).
import { Position, type NodeHandle } from '@xyflow/react';
import { NODE_HEIGHT, NODE_WIDTH, type Direction } from './layout';

const BORDER = 1;
const BORDER_TOP = 4;
const HANDLE = 6;

// A plugin node is its handles' containing block (position: relative): they sit against its padding box.
const LEFT = BORDER - HANDLE / 2;
const RIGHT = NODE_WIDTH - BORDER + HANDLE / 2 - HANDLE;
const MIDDLE = BORDER_TOP + (NODE_HEIGHT - BORDER_TOP - BORDER) / 2 - HANDLE / 2;
const CENTRE = BORDER + (NODE_WIDTH - 2 * BORDER) / 2 - HANDLE / 2;
const BOTTOM = NODE_HEIGHT - BORDER + HANDLE / 2 - HANDLE;

const handle = (id: string | null, type: 'source' | 'target', position: Position, x: number, y: number): NodeHandle => ({ id, type, position, x, y, width: HANDLE, height: HANDLE });

/** A plugin node's handles: the result comes in on one side and goes on from the other, by its row's direction. */
export function pluginHandles(direction: Direction, hasIpam: boolean): NodeHandle[] {
  const ltr = direction === 'ltr';
  return [
    handle('in', 'target', ltr ? Position.Left : Position.Right, ltr ? LEFT : RIGHT, MIDDLE),
    handle('out', 'source', ltr ? Position.Right : Position.Left, ltr ? RIGHT : LEFT, MIDDLE),
    ...(hasIpam ? [handle('ipam', 'source', Position.Bottom, CENTRE, BOTTOM)] : []),
  ];
}

/** An IPAM node's one handle, on its top; the node's own box is its containing block. */
export const IPAM_HANDLES: readonly NodeHandle[] = [handle(null, 'target', Position.Top, NODE_WIDTH / 2 - HANDLE / 2, -HANDLE / 2)];
