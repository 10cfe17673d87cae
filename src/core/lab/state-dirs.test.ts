import { describe, expect, it } from 'vitest';
import { stateDirRefusals } from './state-dirs';
import { cleanPath } from '../model/go-path';
import type { JsonObject } from '../model/types';

const list = (...plugins: JsonObject[]): JsonObject => ({ cniVersion: '1.0.0', name: 'n', plugins });
const hostLocal = (dataDir?: unknown): JsonObject => ({ type: 'bridge', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]], ...(dataDir !== undefined ? { dataDir } : {}) } } as JsonObject);
const nobodyElse = () => undefined;

describe('where a run lets plugins keep state', () => {
  it('cleans a path as Go does, and has no answer for a relative one', () => {
    expect(cleanPath('/var/lib/cni/../../../etc/./x/')).toBe('/etc/x');
    expect(cleanPath('/../..')).toBe('/');
    expect(cleanPath('ipam')).toBeUndefined();
  });

  it('under /var/lib/cni, /run and /tmp, defaults included: nothing to say', () => {
    expect(stateDirRefusals(list(hostLocal(), { type: 'tuning' }), nobodyElse)).toEqual([]);
    expect(stateDirRefusals(list(hostLocal('/run/cni-ipam-state'), { type: 'tuning', dataDir: '/tmp/t' }), nobodyElse)).toEqual([]);
  });

  it('anywhere else, by a path that climbs out, or relative: refused, naming the plugin and the key', () => {
    expect(stateDirRefusals(list(hostLocal('/etc/cron.d')), nobodyElse)).toEqual(['plugin 1 (host-local IPAM) keeps its state in its "ipam.dataDir" "/etc/cron.d", making folders and files there as root, and /etc/cron.d is outside the folders the lab lets plugins write in (/var/lib/cni, /run, /tmp)']);
    expect(stateDirRefusals(list(hostLocal('/var/lib/cni/../../../root')), nobodyElse)[0]).toContain('/root is outside');
    expect(stateDirRefusals(list({ type: 'ptp', ipam: { type: 'static' } }, { type: 'tuning', dataDir: 'backups' }), nobodyElse)).toEqual([expect.stringContaining('plugin 2 (tuning) keeps its state in its "dataDir" "backups", making folders and files there as root, and that is not an absolute path')]);
    // Not a string: the plugin fails to read its config, writing nothing.
    expect(stateDirRefusals(list(hostLocal(5)), nobodyElse)).toEqual([]);
  });

  it('where another user could redirect the writes (their folder, their link), whatever the root', () => {
    const replaceable = (dir: string) => (dir.startsWith('/tmp/mine') ? '/tmp/mine belongs to uid 1000, not root' : undefined);
    expect(stateDirRefusals(list(hostLocal('/tmp/mine/ipam')), replaceable)).toEqual([expect.stringContaining('and another user could send the writes elsewhere: /tmp/mine belongs to uid 1000, not root')]);
  });

  it("asks about the folder the plugin writes in: host-local's per network (named by the list), tuning's own", () => {
    const asked: string[] = [];
    const record = (dir: string) => void asked.push(dir);
    stateDirRefusals({ ...list(hostLocal('/tmp/leases/'), { type: 'tuning', dataDir: '/run/t' }), name: 'net1' }, record);
    stateDirRefusals({ ...list(hostLocal()), name: 'net2' }, record);
    expect(asked).toEqual(['/tmp/leases/net1', '/run/t', '/var/lib/cni/networks/net2']);
  });

  it("refuses a folder of leases that already holds other containers' (a network of the machine by the same name)", () => {
    const leases = (dir: string) => (dir === '/var/lib/cni/networks/podman' ? 3 : 0);
    expect(stateDirRefusals({ ...list(hostLocal()), name: 'podman' }, nobodyElse, leases)).toEqual([
      'plugin 1 (host-local IPAM) keeps its leases in /var/lib/cni/networks/podman, which holds 3 leases of containers the lab did not make (a network of this machine named "podman"): the run would take addresses beside them, and its GC would release them. Give the list another name or another dataDir',
    ]);
    expect(stateDirRefusals({ ...list(hostLocal()), name: 'lab-net' }, nobodyElse, leases)).toEqual([]);
  });

  it("refuses a network's lease folder that is a folder the machine uses for something else, or that holds files host-local does not make", () => {
    const named = (name: string, dataDir?: string) => ({ ...list(hostLocal(dataDir)), name });
    // The namespaces' mount points (its lock would show as a namespace), CNI Studio's own journal, libcni's cache.
    for (const [name, dataDir, folder] of [['netns', '/run', '/run/netns'], ['cni-studio', '/run', '/run/cni-studio'], ['runs', '/run/cni-studio', '/run/cni-studio/runs'], ['results', '/var/lib/cni', '/var/lib/cni/results'], ['networks', '/var/lib/cni', '/var/lib/cni/networks']] as const) {
      expect(stateDirRefusals(named(name, dataDir), nobodyElse)).toEqual([
        `plugin 1 (host-local IPAM) would keep the leases of network "${name}" in ${folder}, a folder this machine uses for something else (from its "ipam.dataDir" "${dataDir}" and the network's name): its lock and reservations would land there. Give the list another name or another dataDir`,
      ]);
    }
    const files = (dir: string) => (dir === '/run/app' ? ['app.pid', 'app.sock', 'config', 'state'] : []);
    expect(stateDirRefusals(named('app', '/run'), nobodyElse, () => 0, files)).toEqual([
      'plugin 1 (host-local IPAM) would keep the leases of network "app" in /run/app, which holds files host-local does not make ("app.pid", "app.sock", "config", 1 more): its lock and reservations would land among them. Give the list another name or another dataDir',
    ]);
    // A folder of its own (new, or with only leases and its bookkeeping): nothing to say.
    expect(stateDirRefusals(named('lab-net', '/run'), nobodyElse, () => 0, files)).toEqual([]);
  });
});
