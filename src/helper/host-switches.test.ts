import { describe, expect, it } from 'vitest';
import { restoreSwitches, writeSwitch, type Switches } from './host-switches';

/** A machine's switches as Linux keeps them: writing a global one sets every interface's of its family, and the default. */
function machine(start: Switches) {
  const state: Switches = { ...start };
  const writes: string[] = [];
  const write = (key: string, value: string) => {
    writes.push(`${key}=${value}`);
    state[key] = value;
    const family = key === 'net.ipv4.ip_forward' ? 'ipv4' : key === 'net.ipv6.conf.all.forwarding' ? 'ipv6' : undefined;
    if (family) for (const k of Object.keys(state)) if (k.startsWith(`net.${family}.conf.`) && k !== key) state[k] = value;
  };
  return { state, writes, write, read: () => ({ ...state }) };
}

describe("the machine's forwarding switches after a run", () => {
  it('gives back the global switch, then each interface\'s and the default that the global write reset (security re-test)', () => {
    const before: Switches = { 'net.ipv4.ip_forward': '0', 'net.ipv4.conf.all.forwarding': '0', 'net.ipv4.conf.default.forwarding': '1', 'net.ipv4.conf.up0.forwarding': '1', 'net.ipv4.conf.lo.forwarding': '0', 'net.ipv6.conf.all.forwarding': '0', 'net.ipv6.conf.up0.forwarding': '1' };
    const m = machine(before);
    // bridge's ADD: ip_forward and IPv6's all to 1 (every interface with them), and a bridge of its own.
    m.write('net.ipv4.ip_forward', '1');
    m.write('net.ipv6.conf.all.forwarding', '1');
    m.state['net.ipv4.conf.cni0.forwarding'] = '1';
    m.writes.length = 0;
    const r = restoreSwitches(before, m.read, m.write);
    expect(m.state).toMatchObject(before);
    expect(m.state['net.ipv4.conf.cni0.forwarding']).toBe('0'); // the run's own: as the global write left it
    expect(m.writes.slice(0, 2)).toEqual(['net.ipv4.ip_forward=0', 'net.ipv6.conf.all.forwarding=0']);
    expect(r.restored).toEqual(['net.ipv4.ip_forward 1 → 0', 'net.ipv6.conf.all.forwarding 1 → 0', 'net.ipv4.conf.default.forwarding 0 → 1', 'net.ipv4.conf.up0.forwarding 0 → 1', 'net.ipv6.conf.up0.forwarding 0 → 1']);
    expect(r.left).toEqual([]);
  });

  it('writes nothing when the run changed nothing, and says what it could not write', () => {
    const before: Switches = { 'net.ipv4.ip_forward': '1', 'net.ipv4.conf.eth0.forwarding': '1' };
    const m = machine(before);
    expect(restoreSwitches(before, m.read, m.write)).toEqual({ restored: [], left: [] });
    expect(m.writes).toEqual([]);
    m.state['net.ipv4.ip_forward'] = '0';
    expect(restoreSwitches(before, m.read, () => { throw new Error('read-only file system'); }).left).toEqual(['net.ipv4.ip_forward 0 (was 1; read-only file system)']);
  });
});

describe("the switches' files", () => {
  it('are written only for the kinds plugins turn on, in the family each has (a key names no other file)', () => {
    for (const key of ['net.ipv6.conf.eth0.route_localnet', 'net.ipv4.conf.eth0.rp_filter', 'net.ipv4.conf.../route_localnet', 'net.ipv4.conf...route_localnet', 'kernel.core_pattern']) expect(() => writeSwitch(key, '0')).toThrow(/not a switch/);
  });
});
