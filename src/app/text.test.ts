import { describe, expect, it } from 'vitest';
import { count, visibleLabel } from './text';

describe('count', () => {
  it('says one in the singular and every other number in the plural', () => {
    expect(count(1, 'error')).toBe('1 error');
    expect(count(0, 'error')).toBe('0 errors');
    expect(count(2, 'warning')).toBe('2 warnings');
    expect(count(1, 'note')).toBe('1 note');
    expect(count(3, 'address', 'addresses')).toBe('3 addresses');
  });
});

describe('visibleLabel', () => {
  it('shows the characters that reorder or hide text, and leaves every other one', () => {
    expect(visibleLabel('net-\u202eRTL\u202c-\u200b日本語')).toBe('net-⟨U+202E⟩RTL⟨U+202C⟩-⟨U+200B⟩日本語');
    expect(visibleLabel('ne\u0301t-🚀-שלום')).toBe('ne\u0301t-🚀-שלום');
    expect(visibleLabel('\u2067x\u2069\ufeff')).toBe('⟨U+2067⟩x⟨U+2069⟩⟨U+FEFF⟩');
  });
});
