import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cnitoolCommand, invocationShellLine, shellQuote } from './shell';
import { DEFAULT_INPUTS } from '../runtime/inputs';
import { buildInvocation } from '../runtime/plan';
import { explainStep } from '../runtime/explain';

describe('shell lines', () => {
  it('quote anything so a POSIX shell gets it back unchanged', () => {
    for (const s of ['plain', '', "it's", 'a b', '$HOME', '{"a":"<b>"}', "x'y'z"]) {
      expect(execFileSync('sh', ['-c', `printf '%s' ${shellQuote(s)}`], { encoding: 'utf8' })).toBe(s);
    }
  });
  it('pipe the exact stdin bytes into the plugin with its environment', () => {
    const doc = { cniVersion: '1.0.0', name: "it's", plugins: [{ type: 'bridge', bridge: 'br0' }] };
    const inv = buildInvocation(doc, 0, 'ADD', { ...DEFAULT_INPUTS, cniArgs: [['IgnoreUnknown', '1']] }, undefined, false);
    const line = invocationShellLine(inv);
    expect(line).toContain("CNI_COMMAND=ADD CNI_CONTAINERID=cni-studio-example CNI_NETNS=/run/netns/cni-studio-example CNI_IFNAME=eth0 CNI_ARGS=IgnoreUnknown=1 CNI_PATH=/opt/cni/bin /opt/cni/bin/bridge");
    // The shell reproduces the stdin exactly.
    const echoed = execFileSync('sh', ['-c', line.split(' | ')[0]!], { encoding: 'utf8' });
    expect(echoed).toBe(inv.stdinText);
  });
  it('build the cnitool call with NETCONFPATH, CNI_PATH, CAP_ARGS, CNI_ARGS and CNI_IFNAME', () => {
    const cmd = cnitoolCommand({ name: 'lab' }, { ...DEFAULT_INPUTS, capabilityArgs: { portMappings: [{ hostPort: 8080, containerPort: 80 }] }, cniArgs: [['K', 'v']] }, 'ADD', { netconfPath: '/tmp/net.d' });
    expect(cmd).toBe(`NETCONFPATH=/tmp/net.d CNI_PATH=/opt/cni/bin CAP_ARGS='{"portMappings":[{"hostPort":8080,"containerPort":80}]}' CNI_ARGS=K=v CNI_IFNAME=eth0 cnitool add lab /run/netns/cni-studio-example`);
  });
});

describe('explainStep', () => {
  it('says what a plugin does in plain words', () => {
    expect(explainStep({ type: 'bridge', bridge: 'cni0', isGateway: true, ipMasq: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.88.0.0/16' }]] } }, 'ADD')).toBe(
      'Creates the Linux bridge cni0 on the host if it is missing and gives it the gateway address, creates a veth pair, moves one end into the container as eth0 and plugs the other into the bridge; it masquerades traffic leaving the subnet, and asks host-local for one address from 10.88.0.0/16',
    );
    expect(explainStep({ type: 'portmap' }, 'ADD')).toContain('forward the host ports');
    expect(explainStep({ type: 'portmap' }, 'DEL')).toContain('Undoes');
  });
});
