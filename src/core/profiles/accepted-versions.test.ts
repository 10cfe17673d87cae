import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/catalog';
import { loadSchemas } from '../../node/schemas';
import { specVersionRejections } from './accepted-versions';
import type { JsonObject } from '../model/types';

const catalog = createCatalog(loadSchemas());
const chain = (...plugins: unknown[]) => ({ cniVersion: '1.0.0', name: 'n', plugins }) as JsonObject;
const debian = { libcni: '1.1.2', plugins: '1.1.1' };
const newest = { libcni: '1.3.0', plugins: '1.9.1' };

describe('the spec versions a chain accepts under a profile', () => {
  it('names each refusing plugin once with its release, however often the chain repeats it', () => {
    const long = chain({ type: 'bridge', ipam: { type: 'host-local' } }, ...Array.from({ length: 150 }, (_, i) => ({ type: i % 3 ? 'tuning' : 'bandwidth' })));
    const rejected = specVersionRejections(long, debian, catalog);
    expect(rejected.get('1.1.0')).toEqual(['bridge 1.1.1', 'host-local 1.1.1', 'bandwidth 1.1.1', 'tuning 1.1.1']);
    expect(rejected.get('0.2.0')).toEqual(['bandwidth 1.1.1']);
    expect(rejected.get('1.0.0')).toEqual([]);
    // The same chain with each type once refuses the same.
    expect(specVersionRejections(chain({ type: 'bridge', ipam: { type: 'host-local' } }, { type: 'bandwidth' }, { type: 'tuning' }), debian, catalog)).toEqual(rejected);
  });

  it('follows the release: plugins 1.9.1 accept 1.1.0, and a type installed from another release is named with it', () => {
    const doc = chain({ type: 'bridge' }, { type: 'firewall' });
    expect(specVersionRejections(doc, newest, catalog).get('1.1.0')).toEqual([]);
    expect(specVersionRejections(doc, newest, catalog).get('0.3.1')).toEqual(['firewall 1.9.1']);
    expect(specVersionRejections(doc, { ...newest, pluginReleases: [['bridge', '1.1.1']] }, catalog).get('1.1.0')).toEqual(['bridge 1.1.1']);
  });

  it('reads types as the plugins do, names a third-party type alone, and passes over what the catalog does not know', () => {
    const doc = chain({ Type: 'firewall' }, { type: 'antrea' }, { type: 'no-such-plugin' }, { type: 'constructor' }, { type: '' }, 7, { ipam: 'host-local' });
    const rejected = specVersionRejections(doc, newest, catalog);
    expect(rejected.get('0.2.0')).toEqual(['firewall 1.9.1', 'antrea']);
    expect(rejected.get('1.1.0')).toEqual(['antrea']);
    expect([...rejected.keys()]).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0']);
  });
});
