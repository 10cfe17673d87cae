import { describe, expect, it } from 'vitest';
import { isStoredLayout, layoutStorage } from './storage';

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
