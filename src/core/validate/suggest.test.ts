// "Did you mean": the edit distance (two reused rows) against the textbook table, and closest's choice.
import { describe, expect, it } from 'vitest';
import { closest, editDistance } from './suggest';

/** Levenshtein distance by the full table: the reference. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

describe('editDistance', () => {
  it('equals the full table on every pair of short words, and on long ones (rows grown)', () => {
    const words = ['', 'a', 'ab', 'ba', 'ipam', 'ipMasq', 'ipmasq', 'isGateway', 'isDefaultGateway', 'mtu', 'mut', 'hairpinMode', 'promiscMode', 'é', 'x'.repeat(100), 'y'.repeat(70) + 'x'];
    for (const a of words) for (const b of words) expect(editDistance(a, b), `${a} ${b}`).toBe(reference(a, b));
  });
});

describe('closest', () => {
  it('suggests a key within reach, case-insensitively, and nothing beyond', () => {
    expect(closest('ipmasq', ['ipMasq', 'isGateway'])).toBe('ipMasq');
    expect(closest('isGatway', ['ipMasq', 'isGateway', 'isDefaultGateway'])).toBe('isGateway');
    expect(closest('bridgeName', ['bridge', 'mtu'])).toBeUndefined();
    expect(closest('mtus', ['mtu'])).toBe('mtu');
    // Short words get one edit: a swap is two.
    expect(closest('mtu', ['mut'])).toBeUndefined();
  });
});
