import { describe, expect, it } from 'vitest';
import { isStoredLayout, keepPixels, layoutStorage } from './storage';

describe('stored panel layouts', () => {
  it('takes what the library writes and drops anything else', () => {
    expect(isStoredLayout('{"wb-palette":18,"wb-centre":60,"wb-side":22}')).toBe(true);
    for (const bad of ['not json', 'null', '[]', '{}', '1e309', '{"a":-1}', '{"a":101}', '{"a":"20"}', '{"a":null}', 'x'.repeat(20_000)]) expect(isStoredLayout(bad)).toBe(false);
  });

  it('reads through the check and survives a storage that throws', () => {
    const data = new Map([['good', '{"a":50,"b":50}'], ['bad', 'oops']]);
    const storage = layoutStorage({ getItem: (k: string) => data.get(k) ?? null, setItem: () => { throw new Error('quota'); } } as unknown as Storage)!;
    expect(storage.getItem('good')).toBe('{"a":50,"b":50}');
    expect(storage.getItem('bad')).toBeNull();
    expect(() => storage.setItem('good', '{}')).not.toThrow();
  });
});

describe('panels that keep their pixels when the window changes width', () => {
  const PIXELS = { panels: ['wb-palette', 'wb-side'], rest: 'wb-centre' };
  it('keeps the palette and side panel at their pixels, and gives the canvas the rest', () => {
    // 232 px and 330 px of a 900 px window, reopened at 1280.
    const at900 = { 'wb-palette': (232 / 900) * 100, 'wb-centre': (338 / 900) * 100, 'wb-side': (330 / 900) * 100 };
    const at1280 = keepPixels(at900, 900, 1280, PIXELS);
    expect((at1280['wb-palette']! * 1280) / 100).toBeCloseTo(232);
    expect((at1280['wb-side']! * 1280) / 100).toBeCloseTo(330);
    expect((at1280['wb-centre']! * 1280) / 100).toBeCloseTo(718);
    // Back and forth: the same layout.
    const back = keepPixels(at1280, 1280, 900, PIXELS);
    for (const id of Object.keys(at900)) expect(back[id]).toBeCloseTo(at900[id as keyof typeof at900]);
  });
  it('leaves the layout as it is at the same width, without the rest panel or a width, and caps a panel on a tiny window', () => {
    const layout = { 'wb-palette': 20, 'wb-centre': 50, 'wb-side': 30 };
    expect(keepPixels(layout, 1280, 1280, PIXELS)).toEqual(layout);
    expect(keepPixels(layout, 0, 1280, PIXELS)).toEqual(layout);
    expect(keepPixels({ a: 50, b: 50 }, 900, 1280, PIXELS)).toEqual({ a: 50, b: 50 });
    expect(keepPixels(layout, 1280, 300, PIXELS)['wb-palette']).toBe(45);
  });
  it('stores the width a layout was saved at, and reads it back for the width of now', () => {
    const data = new Map<string, string>();
    const local = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) } as unknown as Storage;
    let width = 900;
    const storage = layoutStorage(local, { ...PIXELS, width: () => width })!;
    storage.setItem('wb', JSON.stringify({ 'wb-palette': 25, 'wb-centre': 40, 'wb-side': 35 }));
    expect(data.get('wb.px')).toBe('900');
    width = 1800;
    const read = JSON.parse(storage.getItem('wb')!) as Record<string, number>;
    expect(read['wb-palette']).toBeCloseTo(12.5);
    expect(read['wb-side']).toBeCloseTo(17.5);
    expect(read['wb-centre']).toBeCloseTo(70);
  });
});

