import { describe, expect, it } from 'vitest';
import { createValidator } from '../create';
import { loadSchemas } from '../../../node/schemas';
import { tuningPairCheckFailure } from './tuning-pair';

const validator = createValidator(loadSchemas());
const list = (...tunings: object[]) => ({ cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.51.0.0/24' }]] } }, ...tunings.map((t) => ({ type: 'tuning', ...t }))] });
const cni304 = (doc: object) => validator.validate(doc as never).filter((f) => f.code === 'CNI304');

describe('two tuning plugins', () => {
  it('says which CHECK fails when one turns promiscuous mode on (seen with Debian 1.1.1)', () => {
    const [f] = cni304(list({ promisc: true }, { sysctl: { 'net.ipv4.conf.eth0.arp_filter': '1' } }));
    expect(f!.message).toContain(`plugin 2 turns promiscuous mode on, and plugin 3's CHECK wants it off wherever "promisc" is not set: every CHECK fails ("Error: Tuning link eth0 configured promisc is false, current value is 1")`);
    expect(f!.pointer).toBe('/plugins/2/type');
  });
  it('says nothing when their settings do not meet, or CHECK never runs', () => {
    expect(cni304(list({ sysctl: { 'net.core.somaxconn': '512' } }, { mtu: 1400 }))).toEqual([]);
    expect(cni304({ ...list({ promisc: true }, { mtu: 1400 }), disableCheck: true })).toEqual([]);
    expect(cni304({ ...list({ promisc: true }, { mtu: 1400 }), cniVersion: '0.3.1' })).toEqual([]);
  });
  it('names the earlier plugin when both set one thing differently', () => {
    expect(tuningPairCheckFailure({ mtu: 1400 }, { mtu: 1300 }, [1, 2])).toContain('plugin 2\'s CHECK fails ("Error: Tuning configured MTU of eth0 is 1400, current value is 1300")');
    expect(tuningPairCheckFailure({ mac: '02:00:00:00:00:01' }, { mac: '02-00-00-00-00-01' }, [1, 2])).toBeUndefined();
    expect(tuningPairCheckFailure({ sysctl: { 'net.core.somaxconn': '512' } }, { sysctl: { 'net.core.somaxconn': '1024' } }, [1, 2])).toContain('is 512, current value is 1024');
    expect(tuningPairCheckFailure({ allmulti: true }, { allmulti: false }, [1, 2])).toContain('all-multicast mode of eth0 is true, current value is false');
  });
});
