// Which part of the chain a pointer is about: the plugin, or the IPAM it delegates to under the spelling
// the plugin reads.
import { describe, expect, it } from 'vitest';
import { ipamKeyOf, ipamOfConf, partAtPointer, readChain } from './chain';

const chain = readChain(
  { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', ipam: { type: 'host-local' } }, { type: 'ptp', IPAM: { type: 'static' }, ipam: null }, { type: 'tuning', ipam: 5 }, { type: 'a/b', 'x/y': {} }] },
  (i) => `p${i}`,
);

describe('partAtPointer', () => {
  it('is the IPAM part under the key the plugin reads its IPAM from, and the plugin part elsewhere', () => {
    expect(partAtPointer(chain, '/plugins/0/ipam/type')).toEqual({ pluginId: 'p0', part: 'ipam' });
    expect(partAtPointer(chain, '/plugins/0/ipam')).toEqual({ pluginId: 'p0', part: 'ipam' });
    expect(partAtPointer(chain, '/plugins/0/ipamx')).toEqual({ pluginId: 'p0', part: 'plugin' });
    expect(partAtPointer(chain, '/plugins/1/IPAM/type')).toEqual({ pluginId: 'p1', part: 'ipam' });
    // The null beside it is skipped by Go: a finding there is the plugin's.
    expect(partAtPointer(chain, '/plugins/1/ipam')).toEqual({ pluginId: 'p1', part: 'plugin' });
    // Not an object: no IPAM node to put it on.
    expect(partAtPointer(chain, '/plugins/2/ipam')).toEqual({ pluginId: 'p2', part: 'plugin' });
    expect(partAtPointer(chain, '/plugins/3/x~1y')).toEqual({ pluginId: 'p3', part: 'plugin' });
    expect(partAtPointer(chain, '/plugins/9/ipam')).toBeUndefined();
    expect(partAtPointer(chain, '/name')).toBeUndefined();
  });

  it('reads the IPAM config and its key as the plugin does', () => {
    expect(chain.plugins.map((p) => ipamKeyOf(p.conf))).toEqual(['ipam', 'IPAM', undefined, undefined]);
    expect(ipamOfConf(chain.plugins[1]!.conf)).toEqual({ type: 'static' });
  });
});
