// firewall's cross-field rules: an admin chain iptables cannot make, and an ingress policy that needs bridge first.
import type { Finding } from '../finding';
import type { PluginView } from '../context';
import { inRange } from '../../profiles/facts';
import { keyFacts } from './releases';

export const firewallRules = (p: PluginView, all: PluginView[]): Finding[] => [...adminChainRefused(p), ...ingressPolicyNeedsBridge(p, all)];

/** Chain names iptables refuses to make, by its own words (iptables 1.8, legacy and nf_tables alike). */
function chainNameRefusal(name: string): string | undefined {
  if (name.length > 28) return `chain name \`${name}' too long (must be under 29 chars)`;
  if (name.startsWith('-') || name.startsWith('!')) return `chain name not allowed to start with \`${name[0]}'`;
  if (/\s/.test(name)) return `Invalid chain name \`${name}'`;
  // The standard verdicts are targets whatever extensions the host has loaded.
  if (['ACCEPT', 'DROP', 'RETURN', 'QUEUE'].includes(name)) return 'chain name may not clash with target name';
  return undefined;
}

/**
 * CNI644: an iptablesAdminChainName iptables cannot make. The iptables backend makes the chain at every ADD
 * (`iptables -t filter -N <name>`, firewall iptables.go, 1.0 to 1.9), after its CNI-FORWARD chain and jump;
 * DEL ignores its errors. The backend is iptables when written so, or when unset on a host without firewalld.
 */
function adminChainRefused(p: PluginView): Finding[] {
  const name = p.conf.iptablesAdminChainName;
  if (typeof name !== 'string' || name === '' || p.conf.backend === 'firewalld') return [];
  const explicit = p.conf.backend === 'iptables';
  const when = explicit ? 'ADD fails' : 'with the iptables backend (used when "backend" is unset and firewalld is not running) ADD fails';
  // It jumps from CNI-FORWARD to the admin chain: to itself a loop, to a built-in chain a jump iptables does
  // not take (seen with Debian's 1.1.1, iptables-nft 1.8.9; the words differ between iptables versions).
  const jump = name === 'CNI-FORWARD' ? 'CNI-FORWARD itself: the jump makes a loop' : ['INPUT', 'FORWARD', 'OUTPUT'].includes(name) ? `the built-in chain ${name}, and iptables takes no jump to a built-in chain` : undefined;
  if (jump) {
    return [{ code: 'CNI644', severity: explicit ? 'error' : 'warning', message: `firewall jumps from its CNI-FORWARD chain to the admin chain, here ${jump}: ${when} ("running [.../iptables -t filter -I CNI-FORWARD 1 … -j ${name} --wait]: exit status 4: … RULE_INSERT failed …"). Name a chain of its own, such as CNI-ADMIN.`, pointer: `${p.pointer}/iptablesAdminChainName` }];
  }
  const refusal = chainNameRefusal(name);
  if (!refusal) return [];
  return [{
    code: 'CNI644',
    severity: explicit ? 'error' : 'warning',
    message: `iptables cannot make a chain named ${JSON.stringify(name)}: ${when} ("running [.../iptables -t filter -N ${name} --wait]: exit status 2: … ${refusal}"), after adding its CNI-FORWARD chain and jump. Name the chain with at most 28 characters, no spaces, not starting with "-" or "!".`,
    pointer: `${p.pointer}/iptablesAdminChainName`,
  }];
}

function ingressPolicyNeedsBridge(p: PluginView, all: PluginView[]): Finding[] {
  const policy = p.conf.ingressPolicy;
  if (policy !== 'same-bridge' && policy !== 'isolated') return [];
  // A policy the release does not know fails on its own (CNI205).
  const known = keyFacts(p, 'ingressPolicy').values?.find((v) => v.value === policy);
  if (p.release !== undefined && known && !inRange(p.release, known)) return [];
  const first = all[0];
  if (first?.type === 'bridge') return [];
  // It takes the result's first interface for the bridge, and its DEL removes no per-bridge rule (ingresspolicy.go:
  // another container may use the bridge): after another plugin, the rules name a link of this container.
  const leftBehind = first ? ` It takes the previous result's first interface for the bridge (${first.type}'s), so its isolation rules name a link of this one container, and DEL never removes them: each container leaves its two rules in the CNI-ISOLATION-STAGE-1 and -2 chains behind.` : '';
  return [{ code: 'CNI612', severity: 'warning', message: `firewall's "${policy}" ingress policy needs bridge as the first plugin (it reads the bridge from the result); here it is ${first?.type ?? 'missing'}.${leftBehind}`, pointer: `${p.pointer}/ingressPolicy` }];
}
