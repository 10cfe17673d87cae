import { describe, expect, it, vi } from 'vitest';
import { withRetries } from './retry';

describe('withRetries', () => {
  it('returns the first success, after waiting each delay in turn', async () => {
    vi.useFakeTimers();
    try {
      let calls = 0;
      const load = () => (++calls < 3 ? Promise.reject(new Error(`blip ${calls}`)) : Promise.resolve('module'));
      const result = withRetries(load, [100, 200, 400]);
      await vi.advanceTimersByTimeAsync(99);
      expect(calls).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls).toBe(2);
      await vi.advanceTimersByTimeAsync(200);
      await expect(result).resolves.toBe('module');
      expect(calls).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
  it('throws the last failure once the delays are used up, having tried once more than there are delays', async () => {
    let calls = 0;
    await expect(withRetries(() => Promise.reject(new Error(`blip ${++calls}`)), [1, 1])).rejects.toThrow('blip 3');
    expect(calls).toBe(3);
    await expect(withRetries(() => Promise.reject('not an error'), [])).rejects.toThrow('not an error');
  });
});
