// GC and STATUS by libcni release: which plugins run, with what, and where the walk stops
// (cni-reference §4.1–4.3, §4.8; the recordings of libcni 1.3.0 are replayed in oracle.test.ts).
import { describe, expect, it } from 'vitest';
import { plan } from './plan';
import { walkChain, walkSync, type StepAnswer } from './walk';
import { DEFAULT_INPUTS, parseCachedAttachments, parseValidAttachments, type RuntimeInputs } from './inputs';
import { createValidator } from '../validate/create';
import { loadSchemas } from '../../node/schemas';
import type { JsonObject } from '../model/types';
import type { Invocation } from './plan';
import { explainStep, gcPhaseWords } from './explain';

const validator = createValidator(loadSchemas());
const list = (cniVersion = '1.1.0', extra: JsonObject = {}): JsonObject => ({ cniVersion, name: 'net', plugins: [{ type: 'bridge', bridge: 'cni0', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] } }, { type: 'portmap', capabilities: { portMappings: true } }], ...extra });
const inputs = (extra: Partial<RuntimeInputs> = {}): RuntimeInputs => ({ ...DEFAULT_INPUTS, containerId: 'ctr1', capabilityArgs: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] }, ...extra });
const seen = (invocations: Invocation[]) => invocations.map((i) => `${i.command} ${i.type}${i.command === 'DEL' ? ` ${i.env.CNI_CONTAINERID}` : ''}`);
const libcni = (release: string) => ({ libcni: release, plugins: '1.9.1' });

describe('GC', () => {
  it('says when a stale cached attachment holds no netns, CNI_ARGS or capability arguments (its DEL gets none); not for this attachment\'s own cache entry', () => {
    const short = plan(list(), inputs({ validAttachments: [], cachedAttachments: [{ containerID: 'ctrB', ifname: 'eth0' }] }), 'GC', { validator });
    expect(short.invocations[0]!.env.CNI_NETNS).toBe('');
    expect(short.notes.filter((n) => n.field === 'cachedAttachments').map((n) => n.message)).toEqual([expect.stringContaining('The cached attachment ctrB/eth0 holds no netns, CNI_ARGS or capability arguments')]);
    const full = plan(list(), inputs({ validAttachments: [], cachedAttachments: [{ containerID: 'ctrB', ifname: 'eth0', netns: '/run/netns/b' }] }), 'GC', { validator });
    expect(full.notes.some((n) => n.field === 'cachedAttachments')).toBe(false);
    const own = plan(list(), inputs({ validAttachments: [] }), 'GC', { validator });
    expect(own.invocations[0]!.env.CNI_NETNS).toBe(DEFAULT_INPUTS.netns);
    expect(own.notes.some((n) => n.field === 'cachedAttachments')).toBe(false);
  });

  it('DELs each stale cached attachment in reverse with its own arguments and cached result, then GCs every plugin in order', () => {
    const p = plan(list(), inputs({ validAttachments: [{ containerID: 'keep', ifname: 'eth0' }], cachedAttachments: [{ containerID: 'zz', ifname: 'eth0', netns: '/run/netns/z' }, { containerID: 'keep', ifname: 'eth0' }, { containerID: 'aa', ifname: 'net1', cniArgs: [['K', 'V']] }] }), 'GC', { validator });
    // Cache files are listed sorted (net-aa-net1 before net-zz-eth0); the valid one is left alone.
    expect(seen(p.invocations)).toEqual(['DEL portmap aa', 'DEL bridge aa', 'DEL portmap zz', 'DEL bridge zz', 'GC bridge', 'GC portmap']);
    const [del] = p.invocations;
    expect(del!.env).toEqual({ CNI_COMMAND: 'DEL', CNI_CONTAINERID: 'aa', CNI_NETNS: '', CNI_IFNAME: 'net1', CNI_ARGS: 'K=V', CNI_PATH: '/opt/cni/bin' });
    expect(del!.stale).toEqual({ containerID: 'aa', ifname: 'net1' });
    // No result in the cache entry: the result its own ADD would have cached, predicted and marked so.
    expect(del!.prevResultPredicted).toBe(true);
    expect((del!.stdin.prevResult as JsonObject).interfaces).toContainEqual({ name: 'net1', mac: '02:00:00:00:00:03' });
    // Its own (empty) capability arguments: no runtimeConfig.
    expect(del!.stdin).not.toHaveProperty('runtimeConfig');
    const gc = p.invocations[4]!;
    expect(gc.env).toEqual({ CNI_COMMAND: 'GC', CNI_CONTAINERID: '', CNI_NETNS: '', CNI_IFNAME: '', CNI_ARGS: '', CNI_PATH: '/opt/cni/bin' });
    expect(gc.stdin['cni.dev/valid-attachments']).toEqual([{ containerID: 'keep', ifname: 'eth0' }]);
    expect(gc.stdin['cni.dev/attachments']).toEqual([{ containerID: 'keep', ifname: 'eth0' }]);
    expect(gc.stdin).not.toHaveProperty('prevResult');
    expect(p.invocations[5]!.stdin).not.toHaveProperty('runtimeConfig');
    expect(p.stale!.map((a) => a.containerID)).toEqual(['aa', 'zz']);
  });

  it('without valid attachments (cnitool) collects every cached attachment and injects no key; the default cache is this attachment', () => {
    const p = plan(list(), inputs(), 'GC', { validator });
    expect(seen(p.invocations)).toEqual(['DEL portmap ctr1', 'DEL bridge ctr1', 'GC bridge', 'GC portmap']);
    expect(p.invocations[0]!.stdin.prevResult).toEqual(p.cachedResult);
    expect(p.invocations[0]!.stdin.runtimeConfig).toEqual({ portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] });
    expect(Object.keys(p.invocations[2]!.stdin).filter((k) => k.startsWith('cni.dev'))).toEqual([]);
    expect(plan(list(), inputs({ validAttachments: [{ containerID: 'ctr1', ifname: 'eth0' }] }), 'GC', { validator }).invocations.map((i) => i.command)).toEqual(['GC', 'GC']);
  });

  it('follows the libcni release: no GC before 1.2.0, one key until 1.2.3, disableGC from 1.2.1', () => {
    const valid = inputs({ validAttachments: [] });
    expect(plan(list(), valid, 'GC', { validator, profile: libcni('1.1.2') }).skipped).toEqual({ reason: 'libcni 1.1.2 has no GC (it came with libcni 1.2.0): a runtime linking it cannot run GC at all.', error: true });
    const keys = (release: string) => Object.keys(plan(list(), valid, 'GC', { validator, profile: libcni(release) }).invocations.at(-1)!.stdin).filter((k) => k.startsWith('cni.dev'));
    expect(keys('1.2.0')).toEqual(['cni.dev/valid-attachments']);
    expect(keys('1.2.2')).toEqual(['cni.dev/valid-attachments']);
    expect(keys('1.2.3')).toEqual(['cni.dev/attachments', 'cni.dev/valid-attachments']);
    const off = list('1.1.0', { disableGC: 'TRUE' });
    expect(plan(off, valid, 'GC', { validator, profile: libcni('1.2.1') })).toMatchObject({ invocations: [], skipped: { error: false } });
    // libcni 1.2.0 does not know disableGC: it collects.
    expect(plan(off, valid, 'GC', { validator, profile: libcni('1.2.0') }).invocations.length).toBe(4);
  });

  it('below spec 1.1.0 only DELs the stale attachments: no GC calls', () => {
    expect(seen(plan(list('1.0.0'), inputs({ validAttachments: [] }), 'GC', { validator }).invocations)).toEqual(['DEL portmap ctr1', 'DEL bridge ctr1']);
    // A 0.3.1 list DELs without the cached result, as its DEL always does.
    expect(plan(list('0.3.1'), inputs(), 'GC', { validator }).invocations.every((i) => !('prevResult' in i.stdin))).toBe(true);
  });

  it('leaves other networks\' cache entries alone, and says what plugins before 1.6.0 do with GC', () => {
    const p = plan(list(), inputs({ cachedAttachments: [{ containerID: 'x', ifname: 'eth0', network: 'other' }] }), 'GC', { validator, profile: { libcni: '1.3.0', plugins: '1.1.1' } });
    expect(seen(p.invocations)).toEqual(['GC bridge', 'GC portmap']);
    expect(p.notes.map((n) => n.message).join('\n')).toContain('bridge 1.1.1, portmap 1.1.1 predate GC (reference plugins have it from 1.6.0): they fail with "missing containerID" (code 3)');
  });

  it('goes on past failures: a failing DEL ends that attachment, GC errors are joined', () => {
    const cache = { cachedAttachments: [{ containerID: 'a', ifname: 'eth0', result: { cniVersion: '1.1.0' } }, { containerID: 'b', ifname: 'eth0', result: { cniVersion: '1.1.0' } }] };
    const fail = (inv: Invocation): StepAnswer => ({ ok: !(inv.type === 'portmap' && inv.env.CNI_CONTAINERID !== 'b') });
    const walked = walkSync(walkChain(list(), 'GC', inputs(cache)), fail);
    expect(seen(walked.invocations)).toEqual(['DEL portmap a', 'DEL portmap b', 'DEL bridge b', 'GC bridge', 'GC portmap']);
    expect(walked.end).toEqual({ ok: false, failedAt: 1, collected: [{ containerID: 'b', ifname: 'eth0' }] });
  });
});

describe('STATUS', () => {
  it('runs every plugin in order with an empty runtime config, nothing injected but name and cniVersion', () => {
    const p = plan(list('1.1.0', { plugins: [{ type: 'bridge', runtimeConfig: { kept: true }, capabilities: { mac: true } }, { type: 'portmap' }] }), inputs({ capabilityArgs: { mac: '02:00:00:00:00:aa' } }), 'STATUS', { validator });
    expect(seen(p.invocations)).toEqual(['STATUS bridge', 'STATUS portmap']);
    expect(p.invocations[0]!.env).toEqual({ CNI_COMMAND: 'STATUS', CNI_CONTAINERID: '', CNI_NETNS: '', CNI_IFNAME: '', CNI_ARGS: '', CNI_PATH: '/opt/cni/bin' });
    // A runtimeConfig written in the file goes through untouched: nothing replaces it.
    expect(p.invocations[0]!.stdinText).toBe('{"capabilities":{"mac":true},"cniVersion":"1.1.0","name":"net","runtimeConfig":{"kept":true},"type":"bridge"}');
    expect(p.invocations[0]!.injected.map((i) => i.pointer)).toEqual(['/name', '/cniVersion']);
  });

  it('runs nothing below spec 1.1.0 (success) and nothing at all before libcni 1.2.0 (no such operation)', () => {
    expect(plan(list('1.0.0'), inputs(), 'STATUS', { validator }).skipped).toEqual({ reason: 'configuration version "1.0.0" is below 1.1.0: the runtime reports the network ready without running any plugin (STATUS needs spec 1.1.0).', error: false });
    expect(plan(list(), inputs(), 'STATUS', { validator, profile: libcni('1.1.2') }).skipped?.error).toBe(true);
  });

  it('stops at the first plugin that is not available, with its code', () => {
    const walked = walkSync(walkChain(list(), 'STATUS', inputs()), (inv) => (inv.type === 'bridge' ? { ok: false, code: 50 } : { ok: true }));
    expect(seen(walked.invocations)).toEqual(['STATUS bridge']);
    expect(walked.end).toEqual({ ok: false, failedAt: 0, code: 50 });
    const second = walkSync(walkChain(list(), 'STATUS', inputs()), (inv) => (inv.type === 'portmap' ? { ok: false, code: 51 } : { ok: true }));
    expect(second.end).toEqual({ ok: false, failedAt: 1, code: 51 });
  });
});

describe('attachment lists', () => {
  it('parse as Go reads them: any key case (libcni cache files write containerId and ifName)', () => {
    expect(parseValidAttachments('')).toEqual({ ok: true, value: undefined });
    expect(parseValidAttachments('null')).toEqual({ ok: true, value: null });
    expect(parseValidAttachments('[{"containerId":"a","IfName":"eth0"}]')).toEqual({ ok: true, value: [{ containerID: 'a', ifname: 'eth0' }] });
    expect(parseValidAttachments('[{"containerID":"a"}]')).toMatchObject({ ok: false });
    expect(parseValidAttachments('{}')).toMatchObject({ ok: false });
    const cache = '[{"kind":"cniCacheV1","containerId":"c","ifName":"eth0","networkName":"net","netns":"/run/netns/c","cniArgs":[["K","V"]],"capabilityArgs":{"mac":"02:00:00:00:00:01"},"result":{"cniVersion":"1.1.0"}}]';
    expect(parseCachedAttachments(cache)).toEqual({ ok: true, value: [{ containerID: 'c', ifname: 'eth0', network: 'net', netns: '/run/netns/c', cniArgs: [['K', 'V']], capabilityArgs: { mac: '02:00:00:00:00:01' }, result: { cniVersion: '1.1.0' } }] });
    expect(parseCachedAttachments('[{"containerID":"c","ifname":"eth0","cniArgs":"K=V"}]')).toMatchObject({ ok: false });
    expect(parseCachedAttachments('null')).toMatchObject({ ok: false });
  });
});

describe('teaching words', () => {
  it("say which of GC's phases a step is, and what GC and STATUS ask a plugin", () => {
    const p = plan(list(), inputs(), 'GC', { validator });
    expect(gcPhaseWords(p.invocations[0]!, true)).toContain('GC, phase 1 of 2: attachment ctr1/eth0 is in the runtime\'s result cache but not among the valid attachments');
    expect(gcPhaseWords(p.invocations[0]!, false)).toContain('Below spec 1.1.0 there is no phase 2');
    expect(gcPhaseWords(p.invocations[2]!, true)).toContain('GC, phase 2 of 2');
    expect(explainStep({ type: 'bridge' }, 'GC')).toContain('cni.dev/valid-attachments');
    expect(explainStep({ type: 'bridge' }, 'STATUS')).toContain('error 50 (not available) or 51');
  });
});
