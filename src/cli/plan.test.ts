import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempFiles } from './testing';

const { dir: tmp, write } = tempFiles('cni-studio-plan-');
const fixtures = resolve(__dirname, '../fixtures/real');
const CONTAINERD = join(fixtures, '10-containerd-net.conflist'); // 0.4.0: bridge, portmap
const FLANNEL = join(fixtures, '10-flannel.conflist'); // 0.3.1: flannel, portmap
const PORTS = '{"portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"tcp"}]}';

interface JsonInvocation {
  index: number;
  type: string;
  command: string;
  env: Record<string, string>;
  stdin: Record<string, unknown>;
  prevResultPredicted: boolean;
}

async function planJson(...argv: string[]) {
  const r = await cli('plan', '--format', 'json', ...argv);
  // Nothing but the array on stdout.
  return { ...r, plan: JSON.parse(r.out) as JsonInvocation[] };
}

const DEFAULT_ENV = {
  CNI_CONTAINERID: 'cni-studio-example',
  CNI_NETNS: '/run/netns/cni-studio-example',
  CNI_IFNAME: 'eth0',
  CNI_ARGS: '',
  CNI_PATH: '/opt/cni/bin',
};

describe('cni-studio plan --format json', () => {
  it('ADD runs the plugins first to last, with exactly the documented fields', async () => {
    const r = await planJson(CONTAINERD);
    expect(r.code).toBe(0);
    expect(r.plan).toHaveLength(2);
    for (const inv of r.plan) expect(Object.keys(inv)).toEqual(['index', 'type', 'command', 'env', 'stdin', 'prevResultPredicted']);
    expect(r.plan.map((i) => [i.index, i.type, i.command])).toEqual([
      [0, 'bridge', 'ADD'],
      [1, 'portmap', 'ADD'],
    ]);
    expect(r.plan[0]!.env).toEqual({ CNI_COMMAND: 'ADD', ...DEFAULT_ENV });
    expect(Object.keys(r.plan[0]!.env)).toEqual(['CNI_COMMAND', 'CNI_CONTAINERID', 'CNI_NETNS', 'CNI_IFNAME', 'CNI_ARGS', 'CNI_PATH']);
    expect(r.plan[0]!.stdin).toMatchObject({ type: 'bridge', bridge: 'cni0', name: 'containerd-net', cniVersion: '0.4.0' });
    expect(r.plan[0]!.stdin).not.toHaveProperty('prevResult');
    expect(r.plan[1]!.stdin).toMatchObject({ type: 'portmap', name: 'containerd-net', cniVersion: '0.4.0', capabilities: { portMappings: true } });
    expect(r.plan[1]!.stdin.prevResult).toMatchObject({ cniVersion: '0.4.0', ips: [{ address: '10.88.0.2/16' }, { address: '2001:4860:4860::2/64' }] });
    expect(r.plan.map((i) => i.prevResultPredicted)).toEqual([false, true]);
    // No capability arguments: nothing injected as runtimeConfig.
    expect(r.plan.some((i) => 'runtimeConfig' in i.stdin)).toBe(false);
    // Notes go to stderr as "severity: message".
    expect(r.err).toContain('info: portmap (2) declares the "portMappings" capability, but the runtime supplies none here.');
  });

  it('DEL runs the plugins last to first and hands on the cached result from 0.4.0', async () => {
    const r = await planJson(CONTAINERD, '--op', 'del');
    expect(r.code).toBe(0);
    expect(r.plan.map((i) => [i.index, i.type, i.command, i.env.CNI_COMMAND])).toEqual([
      [1, 'portmap', 'DEL', 'DEL'],
      [0, 'bridge', 'DEL', 'DEL'],
    ]);
    expect(r.plan.map((i) => i.prevResultPredicted)).toEqual([true, true]);
    expect(r.plan[1]!.stdin.prevResult).toMatchObject({ cniVersion: '0.4.0', interfaces: [{ name: 'cni0' }, { name: 'veth00000000' }, { name: 'eth0' }] });
  });

  it('DEL on a 0.3.1 list gets no prevResult', async () => {
    const r = await planJson(FLANNEL, '--op', 'DEL');
    expect(r.code).toBe(0);
    expect(r.plan.map((i) => [i.index, i.type])).toEqual([
      [1, 'portmap'],
      [0, 'flannel'],
    ]);
    expect(r.plan.map((i) => 'prevResult' in i.stdin)).toEqual([false, false]);
    expect(r.plan.map((i) => i.prevResultPredicted)).toEqual([false, false]);
  });

  it('injects --cap-args as runtimeConfig only where the capability is declared', async () => {
    const r = await planJson(CONTAINERD, '--cap-args', PORTS);
    expect(r.code).toBe(0);
    expect(r.plan[0]!.stdin).not.toHaveProperty('runtimeConfig');
    expect(r.plan[1]!.stdin.runtimeConfig).toEqual({ portMappings: [{ containerPort: 80, hostPort: 8080, protocol: 'tcp' }] });
    expect(r.err).not.toContain('portMappings');
  });

  it('puts --cni-args, --ifname, --container-id, --netns and --cni-path in the environment', async () => {
    const r = await planJson(CONTAINERD, '--cni-args', 'IgnoreUnknown=1;K8S_POD_NAME=web', '--ifname', 'net1', '--container-id', 'abc123', '--netns', '/var/run/netns/x', '--cni-path', '/opt/cni/bin:/usr/libexec/cni');
    expect(r.code).toBe(0);
    for (const inv of r.plan) {
      expect(inv.env).toEqual({ CNI_COMMAND: 'ADD', CNI_CONTAINERID: 'abc123', CNI_NETNS: '/var/run/netns/x', CNI_IFNAME: 'net1', CNI_ARGS: 'IgnoreUnknown=1;K8S_POD_NAME=web', CNI_PATH: '/opt/cni/bin:/usr/libexec/cni' });
    }
    // The predicted result follows the inputs too.
    expect(r.plan[1]!.stdin.prevResult).toMatchObject({ interfaces: [{}, {}, { name: 'net1', sandbox: '/var/run/netns/x' }] });
  });

  it('CHECK on a 0.3.1 list: the runtime refuses, [] on stdout, the reason on stderr, exit 1', async () => {
    const r = await planJson(FLANNEL, '--op', 'check');
    expect(r.code).toBe(1);
    expect(r.out).toBe('[]');
    expect(r.err).toContain('error: configuration version "0.3.1" does not support the CHECK command (CHECK needs spec 0.4.0 or newer).');
  });

  it('CHECK with disableCheck: nothing runs but that is no failure', async () => {
    const file = write('nocheck.conflist', JSON.stringify({ cniVersion: '1.0.0', name: 'n', disableCheck: true, plugins: [{ type: 'loopback' }] }));
    const r = await planJson(file, '--op', 'check');
    expect(r.code).toBe(0);
    expect(r.out).toBe('[]');
    expect(r.err).toContain('info: disableCheck is set');
  });

  it('exits 1 when a note is an error, still printing the plan', async () => {
    const r = await planJson(CONTAINERD, '--netns', '');
    expect(r.code).toBe(1);
    expect(r.plan).toHaveLength(2);
    expect(r.plan[0]!.env.CNI_NETNS).toBe('');
    expect(r.err).toContain('error: CNI_NETNS is empty: plugins need it for ADD');
    const noPath = await planJson(CONTAINERD, '--cni-path', '');
    expect(noPath.code).toBe(1);
    expect(noPath.plan[0]!.env.CNI_PATH).toBe('');
    expect(noPath.err).toContain('error: CNI_PATH is empty');
  });

  it('exits 1 when ADD is refused for a bad container id', async () => {
    const r = await planJson(CONTAINERD, '--container-id', 'bad id');
    expect(r.code).toBe(1);
    expect(r.plan).toEqual([]);
    expect(r.err).toContain('error: The container id "bad id" has characters plugins refuse');
  });

  it('exits 0 with warnings only', async () => {
    const r = await planJson(CONTAINERD, '--cap-args', '{"mac":"c2:00:00:00:00:01"}');
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning: "mac" is supplied but no plugin declares the capability, so no plugin receives it.');
    expect(r.plan.some((i) => 'runtimeConfig' in i.stdin)).toBe(false);
  });

  it('exits 1 on validation errors, listing them on stderr as file:line:col severity code message', async () => {
    const file = write('bad.conflist', '{\n  "cniVersion": "1.0.0",\n  "name": "n",\n  "plugins": [{"type": "portmap"}]\n}\n');
    const r = await planJson(file);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${file}:4:24 error CNI300 portmap needs a previous result`);
    expect(r.plan.map((i) => i.type)).toEqual(['portmap']);
  });

  it('reads .conf (up-converted) and NAD YAML', async () => {
    const conf = await planJson(join(fixtures, 'bridge.conf'));
    expect(conf.code).toBe(0);
    expect(conf.plan.map((i) => [i.index, i.type])).toEqual([[0, 'bridge']]);
    const nad = await planJson(join(fixtures, 'nad-bridge-tuning-portmap.yaml'), '--cap-args', PORTS);
    expect(nad.code).toBe(0);
    expect(nad.plan.map((i) => i.type)).toEqual(['bridge', 'tuning', 'portmap']);
    expect(nad.plan[2]!.stdin.runtimeConfig).toEqual({ portMappings: [{ containerPort: 80, hostPort: 8080, protocol: 'tcp' }] });
  });
});

describe('cni-studio plan (text)', () => {
  it('lists each invocation: header, env, pretty stdin, injected keys, predicted prevResult, notes', async () => {
    const r = await cli('plan', CONTAINERD, '--cap-args', PORTS);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('ADD of network "containerd-net" (cniVersion 0.4.0)');
    expect(lines).toContain('1. bridge ADD');
    expect(lines).toContain('2. portmap ADD (prevResult predicted)');
    expect(lines.indexOf('1. bridge ADD')).toBeLessThan(lines.indexOf('2. portmap ADD (prevResult predicted)'));
    for (const line of ['  CNI_COMMAND=ADD', '  CNI_CONTAINERID=cni-studio-example', '  CNI_NETNS=/run/netns/cni-studio-example', '  CNI_IFNAME=eth0', '  CNI_ARGS=', '  CNI_PATH=/opt/cni/bin']) {
      expect(lines).toContain(line);
    }
    expect(r.out).toContain('  {\n    "bridge": "cni0",\n    "cniVersion": "0.4.0",');
    expect(lines).toContain('  /name ← list name');
    expect(lines).toContain('  /cniVersion ← list version');
    expect(lines).toContain('  /prevResult ← previous plugin');
    expect(lines).toContain('  /runtimeConfig/portMappings ← capability portMappings');
    expect(lines).toContain('Prediction notes:');
    expect(lines).toContain('  host-local hands out addresses round-robin after the last one it reserved on the node: shown is the first one on a fresh node.');
    expect(r.err).toBe('');
  });

  it('shows the plan notes, and DEL in reverse', async () => {
    const r = await cli('plan', CONTAINERD, '--op', 'del');
    expect(r.code).toBe(0);
    expect(r.out.indexOf('1. portmap DEL (prevResult predicted)')).toBeGreaterThan(0);
    expect(r.out.indexOf('2. bridge DEL (prevResult predicted)')).toBeGreaterThan(r.out.indexOf('1. portmap DEL'));
    expect(r.out).toContain('2 plugin invocation(s), last to first.');
    expect(r.out).toContain('Notes:\n  info: portmap (2) declares the "portMappings" capability, but the runtime supplies none here.');
    expect(r.out).toContain('  /prevResult ← cached ADD result');
  });

  it('gives the reason for a refused CHECK and exits 1', async () => {
    const r = await cli('plan', FLANNEL, '--op', 'check');
    expect(r.code).toBe(1);
    expect(r.out).toContain('CHECK of network "cbr0" (cniVersion 0.3.1)\nThe runtime refuses: configuration version "0.3.1" does not support the CHECK command');
    expect(r.out).not.toMatch(/^1\. /m);
  });
});

describe('cni-studio plan: usage and input errors', () => {
  it('--help prints the usage; the top-level usage lists plan', async () => {
    const help = await cli('plan', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('usage: cni-studio plan <file> [--op add|check|del|gc|status]');
    expect((await cli('--help')).out).toMatch(/^ {2}plan {4}/m);
  });

  it.each([
    [['plan'], 'name the configuration file to plan'],
    [['plan', CONTAINERD, FLANNEL], 'plan takes one file, not 2'],
    [['plan', CONTAINERD, '--frobnicate'], 'unknown option --frobnicate'],
    [['plan', CONTAINERD, '--op', 'up'], '--op must be add, check, del, gc or status, not "up"'],
    [['plan', CONTAINERD, '--op'], '--op needs a value'],
    [['plan', CONTAINERD, '--format', 'xml'], '--format must be text or json, not "xml"'],
    [['plan', CONTAINERD, '--help=yes'], '--help takes no value'],
    [['plan', CONTAINERD, '--cap-args', '{portMappings'], '--cap-args: CAP_ARGS is not valid JSON'],
    [['plan', CONTAINERD, '--cap-args', '[1]'], '--cap-args: CAP_ARGS must be a JSON object mapping capability names to values.'],
    [['plan', CONTAINERD, '--cni-args', 'A=1;B'], '--cni-args: invalid CNI_ARGS pair "B": write KEY=VALUE pairs separated by ";"'],
    [['plan', CONTAINERD, '--cni-args', 'A=x=y'], '--cni-args: invalid CNI_ARGS pair "A=x=y"'],
  ])('bad usage %j exits 2: %s', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(`cni-studio: ${message}`);
    expect(r.err).toContain('usage: cni-studio plan <file>');
  });

  it('exits 2 on unreadable or non-config input, saying why', async () => {
    const cases: [string, string][] = [
      [join(tmp, 'nope.conflist'), 'cannot read (ENOENT)'],
      [write('bin.conflist', 'ab\u0000cd'), 'binary data'],
      [write('huge.conflist', ' '.repeat(6 * 1024 * 1024)), 'more than CNI Studio reads as a config (5 MB'],
      [write('text.conflist', 'not json at all'), 'no CNI network configuration could be read: 1:1 Not valid JSON'],
      [write('array.conflist', '[1, 2]'), 'no CNI network configuration could be read: 1:1 The top level must be a JSON object'],
      [join(fixtures, 'nad-no-spec.yaml'), 'no CNI network configuration could be read: 4:9 NetworkAttachmentDefinition "macvlan-conf-2" has no spec.config'],
      [tmp, 'is a directory; plan takes one configuration file'],
    ];
    for (const [file, message] of cases) {
      const r = await cli('plan', '--format', 'json', file);
      expect({ file, code: r.code }).toEqual({ file, code: 2 });
      expect(r.out).toBe('');
      expect(r.err).toContain(message);
    }
  });
});
