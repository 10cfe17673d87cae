import { describe, expect, it } from 'vitest';
import { AUTO_PAN_BAND, inAutoPanBand, pointOf } from './use-auto-pan';

describe('the auto-pan band', () => {
  // A pane at (100, 50), 800 × 600.
  const pane = { left: 100, top: 50, width: 800, height: 600 } as DOMRect;
  const at = (x: number, y: number) => inAutoPanBand({ clientX: 100 + x, clientY: 50 + y }, pane);

  it('is the 40 px along each edge of the pane, as React Flow pans', () => {
    expect(AUTO_PAN_BAND).toBe(40);
    expect(at(400, 300)).toBe(false);
    expect(at(40, 40)).toBe(false);
    expect(at(760, 560)).toBe(false);
    expect(at(39, 300)).toBe(true);
    expect(at(400, 39)).toBe(true);
    expect(at(761, 300)).toBe(true);
    expect(at(400, 561)).toBe(true);
  });

  it('counts a point outside the pane as in it (the pointer dragged past the edge)', () => {
    expect(at(-5, 300)).toBe(true);
    expect(at(400, 700)).toBe(true);
  });

  it('reads a touch drag by its first finger, in a browser without TouchEvent (desktop Safari and Firefox)', () => {
    // Run where no TouchEvent class exists, as in those browsers.
    expect('TouchEvent' in globalThis).toBe(false);
    expect(pointOf({ touches: [{ clientX: 5, clientY: 7 }, { clientX: 50, clientY: 70 }] })).toEqual({ clientX: 5, clientY: 7 });
    expect(pointOf({ touches: [] })).toBeUndefined();
    expect(pointOf(undefined)).toBeUndefined();
    expect(pointOf(null)).toBeUndefined();
    expect(pointOf({ clientX: 1 })).toBeUndefined();
  });
});
