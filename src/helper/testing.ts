// A recording fake of the lab machine, for engine tests on any machine (no root, no plugins): the
// host's links and namespaces live in memory, and fake plugins are functions that may change them.
import type { Switches } from './host-switches';
import { isIP } from 'node:net';
import { BOOKKEEPING } from './lease-folders';
import type { ExecRequest, ExecResult, Executor } from './executor';
import type { LabHost } from './host';
import { cniChainsIn, parseLabRequest, type FirewallRule, type JsonObject, type LabEvent, type Listener, type ObservedNamespace } from '../core';
import { runLab } from './engine';
import type { Link } from './netns';

interface NftChainItem {
  family: string;
  table: string;
  name: string;
}
interface NftRuleItem {
  family: string;
  table: string;
  chain: string;
  handle: number;
  comment?: string;
  expr?: unknown[];
}
export type NftItem = { table: { family: string; name: string } } | { chain: NftChainItem } | { rule: NftRuleItem };

let nftHandles = 100;
/** An item of a fake ruleset: "table bridge nat", "chain bridge nat PREROUTING", or a rule of a chain (its comment, where it jumps). */
export function nftItem(what: string, rule?: { comment?: string; jump?: string }): NftItem {
  const [kind, family = '', table = '', chain = ''] = what.split(' ');
  if (kind === 'table') return { table: { family, name: table } };
  if (kind === 'chain') return { chain: { family, table, name: chain } };
  return { rule: { family, table, chain, handle: nftHandles++, ...(rule?.comment ? { comment: rule.comment } : {}), expr: rule?.jump ? [{ jump: { target: rule.jump } }] : [] } };
}

export interface FakeMachine {
  links: Link[];
  namespaces: Map<string, Link[]>;
  /** Firewall lines as iptables-save prints them; fake plugins may add some. */
  rules: FirewallRule[];
  /** Its nftables ruleset's items as `nft -j list ruleset` lists them (nftItem makes them), when a test models them (else nft is missing). */
  nft?: NftItem[];
  /** Every host operation and plugin call, in order: `createNetns x`, `exec bridge ADD`, … */
  calls: string[];
  nextIndex: number;
  /** The links its default routes leave through. */
  defaultRoutes: string[];
  /** The ports its processes listen on. */
  listening: Listener[];
  /** Its sysfs `net` folders' entries, by folder as host-device's uses name them (none: empty). */
  netDirs?: Record<string, string[]>;
  /** Folders of the machine and their entries (host-local's lease folders), when a test models them. */
  folders?: Map<string, string[]>;
  /** Its switches (forwarding, route_localnet: fake plugins may turn them on), when a test models them. */
  switches?: Switches;
}

/** What a fake plugin does: its answer, computed from the request; it may change the machine. */
export type FakePlugin = (request: ExecRequest, machine: FakeMachine) => Promise<Partial<ExecResult>> | Partial<ExecResult>;

export function fakeMachine(links: string[] = ['lo', 'eth0']): FakeMachine {
  return { links: links.map((ifname, i) => ({ ifname, ifindex: i + 1 })), namespaces: new Map(), rules: [], calls: [], nextIndex: 100, defaultRoutes: links.includes('eth0') ? ['eth0'] : [], listening: [{ protocol: 'tcp', port: 22 }] };
}

export function fakeHost(machine: FakeMachine, plugins: Record<string, FakePlugin>): LabHost {
  const record = (call: string) => machine.calls.push(call);
  return {
    findPlugin: (type) => (Object.hasOwn(plugins, type) ? `/fake/bin/${type}` : undefined),
    replaceable: () => undefined,
    stateDirUnsafe: () => undefined,
    // Every folder of the machine is there, but those a test models: a folder it lacks is made in its parent.
    firstToMake: (dir) => (machine.folders && !machine.folders.has(dir) ? { parent: dir.slice(0, dir.lastIndexOf('/')) || '/', name: dir.slice(dir.lastIndexOf('/') + 1) } : undefined),
    foreignLeases: () => 0,
    otherFiles: (dir) => machine.folders?.get(dir)?.filter((f) => !BOOKKEEPING.test(f) && isIP(f) === 0) ?? [],
    leaseFolderBefore: (dir) => ({ dir, existed: machine.folders?.has(dir) ?? false, bookkeeping: [] }),
    // A folder the run made is removed at its end (when the machine models its folders at all).
    tidyLeaseFolder: (before) => (machine.folders && !before.existed ? [before.dir] : []),
    removeTuningBackups: () => [],
    async deleteNetns(name) {
      record(`deleteNetns ${name}`);
      machine.namespaces.delete(name);
    },
    reader() {
      return {
        async createNetns() {
          const name = `cnistudio-${process.pid}-${machine.namespaces.size.toString(16).padStart(8, '0')}`;
          machine.namespaces.set(name, [{ ifname: 'lo', ifindex: 1 }]);
          record(`createNetns ${name}`);
          return { name, path: `/run/netns/${name}` };
        },
        async hostLinks() {
          return machine.links.map((l) => ({ ...l }));
        },
        async netnsLinks(name) {
          return (machine.namespaces.get(name) ?? []).map((l) => ({ ...l }));
        },
        async observeNetns(name): Promise<ObservedNamespace> {
          return { links: machine.namespaces.get(name) ?? [], addresses: [], routes: [] };
        },
        async observeHost() {
          return { links: machine.links.map((l) => ({ ...l })), addresses: machine.links.filter((l) => l.linkinfo?.info_kind === 'bridge').map(({ ifname }) => ({ ifname, addr_info: [{ family: 'inet', local: '10.1.0.1', prefixlen: 24 }] })), routes: [] };
        },
        release: (name) => record(`release ${name}`),
        close: () => record('close reader'),
      };
    },
    async deleteHostLink(ifname) {
      record(`deleteHostLink ${ifname}`);
      machine.links = machine.links.filter((l) => l.ifname !== ifname);
    },
    async firewallChains() {
      return cniChainsIn(machine.rules);
    },
    async firewallRules() {
      return [...machine.rules];
    },
    async nftRuleset() {
      return machine.nft && { nftables: machine.nft.map((item) => structuredClone(item)) };
    },
    // As nft -j -f: one transaction (all of it or, when a command fails, none): a rule deleted by handle, a chain flushed, an empty chain deleted.
    async applyNft(json) {
      record('applyNft');
      let items = [...(machine.nft ?? [])];
      const same = (a: { family: string; table: string }, b: { family: string; table: string }) => a.family === b.family && a.table === b.table;
      for (const c of (JSON.parse(json) as { nftables: { delete?: { rule?: NftRuleItem; chain?: NftChainItem }; flush?: { chain: NftChainItem } }[] }).nftables) {
        const rule = c.delete?.rule;
        const chain = c.delete?.chain ?? c.flush?.chain;
        if (rule) {
          const i = items.findIndex((x) => 'rule' in x && same(x.rule, rule) && x.rule.chain === rule.chain && x.rule.handle === rule.handle);
          if (i < 0) throw new Error(`nft: no rule ${rule.chain} handle ${rule.handle}`);
          items.splice(i, 1);
        } else if (chain && c.flush) items = items.filter((x) => !('rule' in x && same(x.rule, chain) && x.rule.chain === chain.name));
        else if (chain) {
          if (items.some((x) => 'rule' in x && same(x.rule, chain) && x.rule.chain === chain.name)) throw new Error(`nft: chain ${chain.name} is not empty`);
          items = items.filter((x) => !('chain' in x && same(x.chain, chain) && x.chain.name === chain.name));
        }
      }
      machine.nft = items;
    },
    // As iptables-restore --noflush: -D deletes one rule, -F a chain's rules, -X its declaration.
    async restoreRules(family, script) {
      const table = /^\*(\S+)/.exec(script)?.[1] ?? '';
      record(`restoreRules ${family} ${table}`);
      const ours = (r: FirewallRule) => r.family === family && r.table === table;
      for (const line of script.split('\n')) {
        if (line.startsWith('-D ')) {
          const i = machine.rules.findIndex((r) => ours(r) && r.rule === `-A ${line.slice(3)}`);
          if (i < 0) throw new Error(`iptables-restore: no rule ${line}`);
          machine.rules.splice(i, 1);
        } else if (line.startsWith('-F ')) machine.rules = machine.rules.filter((r) => !(ours(r) && r.rule.startsWith(`-A ${line.slice(3)} `)));
        else if (line.startsWith('-X ')) machine.rules = machine.rules.filter((r) => !(ours(r) && r.rule === `:${line.slice(3)}`));
      }
    },
    // Only the kinds asked for, as the real read.
    readSwitches: (kinds) => Object.fromEntries(Object.entries(machine.switches ?? {}).filter(([key]) => kinds.some((k) => key === 'net.ipv4.ip_forward' ? k === 'forwarding' : key.endsWith(`.${k}`)))),
    writeSwitch(key, value) {
      record(`writeSwitch ${key}=${value}`);
      machine.switches = { ...machine.switches, [key]: value };
    },
    async readSysctls(_name, keys) {
      return Object.fromEntries(keys.map((k) => [k, '(fake)']));
    },
    async defaultRouteLinks() {
      return [...machine.defaultRoutes];
    },
    async netDirEntries(dirs) {
      return dirs.flatMap((d) => machine.netDirs?.[d] ?? []);
    },
    async listeningPorts() {
      return [...machine.listening];
    },
  };
}

/** Runs fake plugins as the real executor runs binaries: time limit and abort end the call as SIGKILL. */
export function fakeExecutor(machine: FakeMachine, plugins: Record<string, FakePlugin>): Executor {
  return {
    async run(request) {
      const type = request.binary.split('/').pop()!;
      machine.calls.push(`exec ${type} ${request.env.CNI_COMMAND}`);
      const started = Date.now();
      const killed = new Promise<Partial<ExecResult>>((resolve) => {
        const t = setTimeout(() => resolve({ timedOut: true, signal: 'SIGKILL', exitCode: null }), request.timeoutMs);
        request.signal?.addEventListener('abort', () => {
          clearTimeout(t);
          resolve({ signal: 'SIGKILL', exitCode: null });
        });
        if (request.signal?.aborted) resolve({ signal: 'SIGKILL', exitCode: null });
      });
      const answer = await Promise.race([Promise.resolve(plugins[type]!(request, machine)), killed]);
      return { exitCode: 0, signal: null, stdout: '', stderr: '', timedOut: false, ...answer, durationMs: Date.now() - started };
    },
  };
}

/** A plugin that never answers (until killed). */
export const hangs: FakePlugin = () => new Promise(() => {});

/** An interface plugin: on ADD creates a veth pair (host side on the host) and prints a result. */
export function vethPlugin(hostName: string, bridge?: string): FakePlugin {
  return (request, machine) => {
    const ns = request.env.CNI_NETNS!.split('/').pop()!;
    const inside = machine.namespaces.get(ns);
    if (request.env.CNI_COMMAND === 'ADD') {
      if (bridge && !machine.links.some((l) => l.ifname === bridge)) machine.links.push({ ifname: bridge, ifindex: machine.nextIndex++, linkinfo: { info_kind: 'bridge' } });
      const hostIndex = machine.nextIndex++;
      inside?.push({ ifname: request.env.CNI_IFNAME!, ifindex: 2, link_index: hostIndex, link_netnsid: 0, linkinfo: { info_kind: 'veth' } });
      machine.links.push({ ifname: hostName, ifindex: hostIndex, link_index: 2, link_netnsid: 7, linkinfo: { info_kind: 'veth' } });
      return { stdout: JSON.stringify({ cniVersion: '1.0.0', interfaces: [{ name: hostName }, { name: request.env.CNI_IFNAME, sandbox: request.env.CNI_NETNS }], ips: [{ address: '10.1.0.2/24', interface: 1 }] }) };
    }
    if (request.env.CNI_COMMAND === 'DEL') {
      machine.links = machine.links.filter((l) => l.ifname !== hostName);
      if (inside) machine.namespaces.set(ns, inside.filter((l) => l.ifname === 'lo'));
    }
    return {};
  };
}

/** A chained plugin: prints its prevResult on ADD. */
export const passThrough: FakePlugin = (request) => {
  if (request.env.CNI_COMMAND !== 'ADD') return {};
  const conf = JSON.parse(request.stdin) as { prevResult?: unknown };
  return { stdout: JSON.stringify(conf.prevResult ?? {}) };
};

/** A plugin failing with a CNI error. */
export const failsWith = (code: number, msg: string): FakePlugin => () => ({ exitCode: 1, stdout: JSON.stringify({ cniVersion: '1.0.0', code, msg }) });

/** One run of the engine on a fake machine with fake plugins: its events, its steps in words, its teardown. */
export async function runFake(conflist: JsonObject, plugins: Record<string, FakePlugin>, extra: JsonObject = {}, options: { machine?: FakeMachine; signal?: AbortSignal; during?: (m: FakeMachine) => void; hostLinks?: string[] } = {}) {
  const machine = options.machine ?? fakeMachine();
  const parsed = parseLabRequest({ conflist, ...extra });
  if (!parsed.ok) throw new Error(parsed.message);
  const events: LabEvent[] = [];
  const ok = await runLab(parsed.request, { cniPath: ['/fake/bin'], executor: fakeExecutor(machine, plugins), host: fakeHost(machine, plugins), signal: options.signal, hostLinks: options.hostLinks }, (e) => {
    events.push(e);
    if (e.type === 'invocation-end') options.during?.(machine);
  });
  const ends = events.filter((e): e is Extract<LabEvent, { type: 'invocation-end' }> => e.type === 'invocation-end');
  const teardown = events.find((e): e is Extract<LabEvent, { type: 'teardown' }> => e.type === 'teardown');
  return { ok, events, machine, steps: ends.map((e) => `${e.phase === 'run' ? '' : `${e.phase} `}${e.command} ${e.pluginType} ${e.ok ? 'ok' : 'failed'}`), teardown };
}
