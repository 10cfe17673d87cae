import { describe, expect, it, vi } from 'vitest';
import { failedModuleUrl, importWithRetries, withRetries } from './retry';

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

const ORIGIN = 'http://127.0.0.1:5173';
const chromium = (url: string) => new TypeError(`Failed to fetch dynamically imported module: ${url}`);

describe('failedModuleUrl', () => {
  it("names the page's own script a failed import names, in Chromium's and Firefox's words, without an earlier retry's query", () => {
    expect(failedModuleUrl(chromium(`${ORIGIN}/assets/LabPanel-Bx1.js`), ORIGIN)).toBe(`${ORIGIN}/assets/LabPanel-Bx1.js`);
    expect(failedModuleUrl(new TypeError(`error loading dynamically imported module: ${ORIGIN}/src/app/lab/LabPanel.tsx?t=1`), ORIGIN)).toBe(`${ORIGIN}/src/app/lab/LabPanel.tsx?t=1`);
    expect(failedModuleUrl(chromium(`${ORIGIN}/assets/LabPanel-Bx1.js?retry=a-1`), ORIGIN)).toBe(`${ORIGIN}/assets/LabPanel-Bx1.js`);
  });
  it('names nothing for another origin, a file that is not a script, a message without an address, or a non-error', () => {
    expect(failedModuleUrl(chromium('http://elsewhere.test/assets/LabPanel-Bx1.js'), ORIGIN)).toBeUndefined();
    expect(failedModuleUrl(chromium(`${ORIGIN}/assets/style.css`), ORIGIN)).toBeUndefined();
    expect(failedModuleUrl(new TypeError('Importing a module script failed.'), ORIGIN)).toBeUndefined();
    expect(failedModuleUrl(chromium('not a url'), ORIGIN)).toBeUndefined();
    expect(failedModuleUrl('Failed to fetch dynamically imported module: http://127.0.0.1:5173/a.js', ORIGIN)).toBeUndefined();
  });
});

describe('importWithRetries', () => {
  it('imports the module its failure named anew on each later try (a browser that keeps the failure would fail the same import again)', async () => {
    const url = `${ORIGIN}/assets/LabPanel-Bx1.js`;
    let loads = 0;
    const anew: Array<[string, number]> = [];
    const result = importWithRetries(
      () => (loads++, Promise.reject(chromium(url))),
      [0, 0],
      ORIGIN,
      (u, attempt) => (anew.push([u, attempt]), attempt < 2 ? Promise.reject(chromium(`${u}?retry=x-${attempt}`)) : Promise.resolve('module')),
    );
    await expect(result).resolves.toBe('module');
    expect(loads).toBe(1);
    expect(anew).toEqual([
      [url, 1],
      [url, 2],
    ]);
  });
  it('tries the load itself again when the failure names no module of this page', async () => {
    let loads = 0;
    const anew = vi.fn(() => Promise.resolve('anew'));
    const failing = [new TypeError('Importing a module script failed.'), chromium('http://elsewhere.test/x.js')];
    await expect(importWithRetries(() => (loads < 2 ? Promise.reject(failing[loads++]!) : Promise.resolve('module')), [0, 0], ORIGIN, anew)).resolves.toBe('module');
    expect(anew).not.toHaveBeenCalled();
  });
});
