// Plugin failures lint knows by a rule, said beside the error: the messages are Debian's 1.1.1's in the lab.
import { describe, expect, it } from 'vitest';
import { pluginFailureNote } from './failure-notes';

describe('pluginFailureNote', () => {
  it("names CNI662 for bridge's CHECK after another container changed the bridge's MAC (the spec's dbnet example, two containers)", () => {
    const note = pluginFailureNote('bridge', 'CHECK', "Bridge interface cni0 Mac doesn't match: a2:29:2e:2f:6b:72");
    expect(note).toContain('bridge sets the MAC of cni0 only when it is the gateway');
    expect(note).toMatch(/\(CNI662\)\.$/);
  });

  it('names the CHECK failures lint warns of: a bridge without IPAM, portmap before 1.3.0, tuning with IFNAME before 1.3.0', () => {
    expect(pluginFailureNote('bridge', 'CHECK', 'no plugin name provided')).toContain('(CNI638)');
    expect(pluginFailureNote('portmap', 'CHECK', 'could not check ipv6 dnat: could not find the chain')).toContain('(CNI309)');
    expect(pluginFailureNote('tuning', 'CHECK', 'open /proc/sys/net/ipv4/conf/IFNAME/arp_filter: no such file or directory')).toContain('(CNI311)');
  });

  it('says nothing for another plugin, another command or another error', () => {
    expect(pluginFailureNote('ptp', 'CHECK', "Bridge interface cni0 Mac doesn't match: a2:29:2e:2f:6b:72")).toBeUndefined();
    expect(pluginFailureNote('bridge', 'ADD', "Bridge interface cni0 Mac doesn't match: a2:29:2e:2f:6b:72")).toBeUndefined();
    expect(pluginFailureNote('tuning', 'CHECK', 'open /proc/sys/net/ipv4/conf/eth0/arp_filterx: no such file or directory')).toBeUndefined();
    expect(pluginFailureNote('bridge', 'CHECK', 'Interface veth1 Mac doesn\'t match: 02:00:00:00:00:01 not found')).toBeUndefined();
  });
});
