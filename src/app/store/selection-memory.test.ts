import { describe, expect, it } from 'vitest';
import type { Chain } from '../../core';
import { partsPresent, readSelection } from './selection-memory';

describe('the selection kept across a reload', () => {
  it('reads back a list of parts', () => {
    expect(readSelection('[{"pluginId":"a","part":"plugin"},{"pluginId":"b","part":"ipam"}]')).toEqual([
      { pluginId: 'a', part: 'plugin' },
      { pluginId: 'b', part: 'ipam' },
    ]);
  });

  it('drops what is not a part, and anything that is not a list or not JSON', () => {
    expect(readSelection('[{"pluginId":"a","part":"edge"},{"pluginId":3,"part":"plugin"},null,"x",{"pluginId":"c","part":"plugin"}]')).toEqual([{ pluginId: 'c', part: 'plugin' }]);
    for (const text of [null, '{}', '"a"', '[', 'x'.repeat(200_000)]) expect(readSelection(text)).toEqual([]);
  });
});

describe('the parts a chain still has', () => {
  it('keeps plugins it has and the IPAM of those that have one', () => {
    const chain = { plugins: [{ id: 'a', conf: { type: 'bridge', ipam: { type: 'host-local' } } }, { id: 'b', conf: { type: 'tuning' } }] } as unknown as Chain;
    expect(partsPresent(chain, [{ pluginId: 'a', part: 'ipam' }, { pluginId: 'b', part: 'ipam' }, { pluginId: 'b', part: 'plugin' }, { pluginId: 'gone', part: 'plugin' }])).toEqual([
      { pluginId: 'a', part: 'ipam' },
      { pluginId: 'b', part: 'plugin' },
    ]);
  });
});
