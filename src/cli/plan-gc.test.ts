// `cni-studio plan --op gc|status`: GC's two phases and STATUS, in the ADD output shape.
import { describe, expect, it } from 'vitest';
import { cli, tempFiles } from './testing';

const { write } = tempFiles('cni-studio-plan-gc-');
const LIST = JSON.stringify({ cniVersion: '1.1.0', name: 'gcnet', plugins: [{ type: 'bridge', bridge: 'cni0', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] } }, { type: 'portmap', capabilities: { portMappings: true } }] });

async function planJson(...argv: string[]) {
  const r = await cli('plan', '--format', 'json', ...argv);
  return { ...r, plan: JSON.parse(r.out) as { index: number; type: string; command: string; env: Record<string, string>; stdin: Record<string, unknown>; prevResultPredicted: boolean }[] };
}

describe('cni-studio plan --op gc', () => {
  const file = write('10-gc.conflist', LIST);
  it('DELs the stale cached attachments, then sends GC to every plugin with the valid ones; the ADD shape', async () => {
    const r = await planJson(file, '--op', 'gc', '--valid-attachments', '[{"containerID":"a","ifname":"eth0"}]', '--cached-attachments', '[{"containerID":"a","ifname":"eth0"},{"containerId":"b","ifName":"eth0","netns":"/run/netns/b"}]');
    expect(r.code).toBe(0);
    for (const inv of r.plan) expect(Object.keys(inv)).toEqual(['index', 'type', 'command', 'env', 'stdin', 'prevResultPredicted']);
    expect(r.plan.map((i) => [i.index, i.type, i.command, i.env.CNI_CONTAINERID])).toEqual([
      [1, 'portmap', 'DEL', 'b'],
      [0, 'bridge', 'DEL', 'b'],
      [0, 'bridge', 'GC', ''],
      [1, 'portmap', 'GC', ''],
    ]);
    expect(r.plan[0]!.env.CNI_NETNS).toBe('/run/netns/b');
    expect(r.plan.map((i) => i.prevResultPredicted)).toEqual([true, true, false, false]);
    expect(r.plan[2]!.env).toEqual({ CNI_COMMAND: 'GC', CNI_CONTAINERID: '', CNI_NETNS: '', CNI_IFNAME: '', CNI_ARGS: '', CNI_PATH: '/opt/cni/bin' });
    expect(r.plan[2]!.stdin['cni.dev/valid-attachments']).toEqual([{ containerID: 'a', ifname: 'eth0' }]);
    expect(r.plan[2]!.stdin['cni.dev/attachments']).toEqual([{ containerID: 'a', ifname: 'eth0' }]);
  });

  it('reads text output with the stale attachment named; a bad list is bad usage', async () => {
    const text = await cli('plan', file, '--op', 'GC');
    expect(text.code).toBe(0);
    expect(text.out).toContain('GC of network "gcnet" (cniVersion 1.1.0)');
    expect(text.out).toContain('1. portmap DEL of stale attachment cni-studio-example/eth0 (prevResult predicted)');
    expect(text.out).not.toContain('/cni.dev~1valid-attachments ←'); // cnitool-like: no GC arguments, no key
    expect((await cli('plan', file, '--op', 'gc', '--valid-attachments', '{"a":1}')).code).toBe(2);
    expect((await cli('plan', file, '--op', 'gc', '--cached-attachments', '[{"containerID":"x"}]')).err).toContain('--cached-attachments: cached attachment 1: needs "containerID" and "ifname" strings');
    expect((await cli('plan', file, '--op', 'nope')).err).toContain('--op must be add, check, del, gc or status');
  });
});

describe('cni-studio plan --op status', () => {
  it('asks every plugin in order from spec 1.1.0; runs nothing below', async () => {
    const r = await planJson(write('10-st.conflist', LIST), '--op', 'status');
    expect(r.code).toBe(0);
    expect(r.plan.map((i) => `${i.command} ${i.type}`)).toEqual(['STATUS bridge', 'STATUS portmap']);
    const old = await planJson(write('10-old.conflist', LIST.replace('1.1.0', '1.0.0')), '--op', 'status');
    expect(old.code).toBe(0);
    expect(old.plan).toEqual([]);
    expect(old.err).toContain('info: configuration version "1.0.0" is below 1.1.0');
  });

  it('documents both in --help', async () => {
    const help = (await cli('plan', '--help')).out;
    expect(help).toContain('--op add|check|del|gc|status');
    expect(help).toContain('--valid-attachments JSON');
    expect(help).toContain('--cached-attachments JSON');
  });
});
