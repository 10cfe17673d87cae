// tuning (chained): changes the container interface in place (sysctls, MAC, MTU, flags) and hands the result on.
import { isJsonObject, type JsonObject } from '../model/types';
import { jsonText } from '../model/serialize';
import { currentPrevious, passPrevious, requestedMac } from './shared';
import type { PluginBehaviour } from './types';

/** The sysctl keys tuning sets: the config's, plus args.cni.sysctl merged into them (only when the config has some). */
function sysctlKeys(plugin: JsonObject): string[] {
  if (!isJsonObject(plugin.sysctl)) return [];
  const args = isJsonObject(plugin.args) && isJsonObject(plugin.args.cni) && isJsonObject(plugin.args.cni.sysctl) ? plugin.args.cni.sysctl : {};
  return [...new Set([...Object.keys(plugin.sysctl), ...Object.keys(args)])];
}

export const tuning: PluginBehaviour = {
  type: 'tuning',
  // Where it keeps a backup of the link it changes, to restore at DEL.
  stateDir: (c) => (c.dataDir === undefined || c.dataDir === '' ? { key: 'dataDir', dir: '/run/cni/tuning' } : typeof c.dataDir === 'string' ? { key: 'dataDir', dir: c.dataDir } : undefined),
  withoutPrevResult: 'Required prevResult missing',
  predictAdd(plugin, ctx) {
    const prediction = passPrevious(plugin, ctx);
    // It sets the container interface's MAC when asked to, and says so in the result: it converts the result to
    // a current one and sets the MAC of every interface with CNI_IFNAME's name (updateResultsMacAddr).
    const mac = requestedMac(plugin, ctx.inputs);
    if (!mac || !ctx.prevResult) return prediction;
    const result = currentPrevious(ctx)!;
    const interfaces = result.interfaces;
    if (Array.isArray(interfaces)) for (const i of interfaces) if (isJsonObject(i) && i.name === ctx.inputs.ifname) i.mac = mac;
    return { result, notes: prediction.notes };
  },
  explain: {
    add: (p) =>
      `Changes the container interface in place${isJsonObject(p.sysctl) ? `: sets ${Object.keys(p.sysctl).join(', ')}` : ''}${p.mtu ? `, MTU ${typeof p.mtu === 'number' ? jsonText(p.mtu) : String(p.mtu)}` : ''}${p.mac ? `, MAC ${String(p.mac)}` : ''}${p.promisc ? ', promiscuous mode' : ''}; it passes the previous result on.`,
    del: (p) =>
      `Puts back the MTU, MAC, promiscuous and all-multicast modes and queue length it saved at ADD (its backup in ${typeof p.dataDir === 'string' && p.dataDir ? p.dataDir : '/run/cni/tuning'}); sysctls are not put back, they go with the namespace. Its DEL never fails.`,
  },
  /**
   * The sysctls to read back in the namespace. tuning puts the interface name in for the first IFNAME of a
   * key; an interface name with a dot cannot be told apart from the key's separators, so such keys are skipped.
   */
  observe(plugin, { ifname }) {
    return { sysctls: sysctlKeys(plugin).flatMap((k) => (!k.includes('IFNAME') ? [k] : ifname.includes('.') ? [] : [k.replace('IFNAME', ifname)])) };
  },
  risks: { removed: { severity: 'medium', effect: 'the sysctls, MAC, MTU or link flags it set are no longer applied to new pods', leftovers: 'its backup files in /run/cni/tuning' } },
};
