import { describe, expect, it } from 'vitest';
import { newFolderRefusal, stateDirRefusals } from './state-dirs';
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

  it('makes a new folder only where its name means nothing to the system (security: dataDir "/run" and network "nologin" made /run/nologin, which stops every login)', () => {
    // What the machine lacks, by the folder it would be made in: as the helper's firstToMake says.
    const lacking = (...dirs: string[]) => (dir: string) => {
      const top = dirs.find((d) => dir === d || dir.startsWith(`${d}/`));
      return top === undefined ? undefined : { parent: top.slice(0, top.lastIndexOf('/')) || '/', name: top.slice(top.lastIndexOf('/') + 1) };
    };
    const named = (name: string, ...plugins: JsonObject[]) => ({ ...list(...plugins), name });
    expect(stateDirRefusals(named('nologin', hostLocal('/run')), nobodyElse, () => 0, () => [], lacking('/run/nologin'))).toEqual([
      'plugin 1 (host-local IPAM) keeps its state in its "ipam.dataDir" "/run", making folders and files there as root, and it would make /run/nologin, a new name in /run, a folder of the system where a name can mean something to it (/run/nologin alone stops every login): keep state in /var/lib/cni/networks or /run/cni, in a folder of root\'s own under /tmp, or in a folder made first as root',
    ]);
    // tuning makes its dataDir itself; deeper in a folder of the system too (/run/systemd/system says systemd booted).
    expect(stateDirRefusals(list({ type: 'ptp', ipam: { type: 'static' } }, { type: 'tuning', dataDir: '/run/nologin' }), nobodyElse, () => 0, () => [], lacking('/run/nologin'))[0]).toContain('it would make /run/nologin, a new name in /run');
    expect(stateDirRefusals(named('system', hostLocal('/run/systemd')), nobodyElse, () => 0, () => [], lacking('/run/systemd/system'))[0]).toContain('it would make /run/systemd/system, a new name in /run/systemd');
    expect(stateDirRefusals(named('n', hostLocal('/var/lib/cni/lab')), nobodyElse, () => 0, () => [], lacking('/var/lib/cni/lab'))[0]).toContain('it would make /var/lib/cni/lab, a new name in /var/lib/cni');
    // The same folders, there already (made first as root, and holding nothing else): nothing to say.
    expect(stateDirRefusals(named('n', hostLocal('/var/lib/cni/lab')), nobodyElse)).toEqual([]);
    // The plugins' defaults on a fresh machine (the folders on the way made too), anything in them, kind's
    // /run/cni-ipam-state, and a temp folder's insides.
    expect(stateDirRefusals(named('kindnet', hostLocal(), { type: 'tuning' }), nobodyElse, () => 0, () => [], lacking('/var/lib/cni', '/run/cni'))).toEqual([]);
    expect(stateDirRefusals(named('kindnet', hostLocal('/run/cni-ipam-state'), { type: 'tuning', dataDir: '/run/cni/lab-backups' }), nobodyElse, () => 0, () => [], lacking('/run/cni-ipam-state', '/run/cni/lab-backups'))).toEqual([]);
    expect(stateDirRefusals(named('n', hostLocal('/tmp/lab/ipam')), nobodyElse, () => 0, () => [], lacking('/tmp/lab/ipam'))).toEqual([]);
    // By the real path of where it is made: /var/run is /run.
    expect(newFolderRefusal('/run', 'nologin')).toContain('a new name in /run');
    expect([newFolderRefusal('/', 'etc2'), newFolderRefusal('/tmp', 'x'), newFolderRefusal('/var/lib', 'cni'), newFolderRefusal('/var/lib/cni', 'networks'), newFolderRefusal('/run', 'cni')].map((r) => r === undefined)).toEqual([false, false, true, true, true]);
  });
});
