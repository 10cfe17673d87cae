import { describe, expect, it } from 'vitest';
import { AUTO_PAN_BAND, inAutoPanBand } from './use-auto-pan';

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
});
