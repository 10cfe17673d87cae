// Namespace names say who made them: the helper's pid and start time. A namespace is a crash's leftover
// only once that process is gone, its pid unused or now naming a process started at another time.
import { describe, expect, it } from 'vitest';
import { creatorGone, creatorIn, isOurs, newNetnsName } from './netns';
import { processStart } from './pids';

describe('namespace names', () => {
  it("hold the creator's pid and start time, and read back as ours", () => {
    const name = newNetnsName();
    expect(isOurs(name)).toBe(true);
    expect(creatorIn(name)).toEqual({ pid: process.pid, start: processStart(process.pid) });
  });

  it('read the older names (pid alone) and nothing that merely shares the prefix', () => {
    expect(creatorIn('cnistudio-4242-0a1b2c3d')).toEqual({ pid: 4242 });
    expect(creatorIn('cnistudio-4242-0a1b2c3d-t987654')).toEqual({ pid: 4242, start: '987654' });
    expect(creatorIn('cnistudio-host-ab12')).toBeUndefined();
    expect(creatorIn('cnistudio-4242-0a1b2c3d-t')).toBeUndefined();
  });

  it('count a creator gone when its pid is not running, or runs a process started at another time', () => {
    const running = (pid: number) => pid === 4242;
    const startOf = (pid: number) => (pid === 4242 ? '1000' : undefined);
    expect(creatorGone('cnistudio-4242-0a1b2c3d-t1000', running, startOf)).toBe(false);
    expect(creatorGone('cnistudio-4242-0a1b2c3d-t999', running, startOf)).toBe(true);
    expect(creatorGone('cnistudio-4343-0a1b2c3d-t1000', running, startOf)).toBe(true);
    // A name without a start time is told by its pid alone, as before.
    expect(creatorGone('cnistudio-4242-0a1b2c3d', running, startOf)).toBe(false);
    // The helper's own names and names not ours are never gone.
    expect(creatorGone(newNetnsName(), () => false, () => undefined)).toBe(false);
    expect(creatorGone('cnistudio-host-ab12', () => false, startOf)).toBe(false);
  });
});
