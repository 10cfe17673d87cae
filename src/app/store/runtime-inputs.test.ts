// The runtime inputs survive a reload with GC's attachment lists (absent stays absent).
import { describe, expect, it } from 'vitest';
import { DEFAULT_INPUTS } from '../../core';
import { loadRuntime, RUNTIME_KEY, saveRuntime, type KeyValueStorage } from './persistence';

const storage = (): KeyValueStorage & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
};

describe('runtime inputs with attachment lists', () => {
  it('keep valid (null included) and cached attachments across a reload', () => {
    const s = storage();
    const inputs = { ...DEFAULT_INPUTS, validAttachments: [{ containerID: 'a', ifname: 'eth0' }], cachedAttachments: [{ containerID: 'b', ifname: 'eth0', netns: '/run/netns/b', result: { cniVersion: '1.1.0' } }] };
    saveRuntime(s, inputs);
    expect(loadRuntime(s)).toEqual(inputs);
    saveRuntime(s, { ...DEFAULT_INPUTS, validAttachments: null });
    expect(loadRuntime(s).validAttachments).toBeNull();
    saveRuntime(s, DEFAULT_INPUTS);
    expect(loadRuntime(s)).not.toHaveProperty('validAttachments');
    expect(loadRuntime(s)).not.toHaveProperty('cachedAttachments');
  });

  it('drop lists that no longer read as lists', () => {
    const s = storage();
    s.setItem(RUNTIME_KEY, JSON.stringify({ ...DEFAULT_INPUTS, validAttachments: [{ containerID: 1 }], cachedAttachments: 'x' }));
    expect(loadRuntime(s)).toEqual(DEFAULT_INPUTS);
  });
});
