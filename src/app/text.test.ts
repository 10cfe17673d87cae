import { describe, expect, it } from 'vitest';
import { count } from './text';

describe('count', () => {
  it('says one in the singular and every other number in the plural', () => {
    expect(count(1, 'error')).toBe('1 error');
    expect(count(0, 'error')).toBe('0 errors');
    expect(count(2, 'warning')).toBe('2 warnings');
    expect(count(1, 'note')).toBe('1 note');
    expect(count(3, 'address', 'addresses')).toBe('3 addresses');
  });
});
