// A one-line account of a diff, for lists of versions: "added portmap · bridge: mtu, isGateway · name".
import type { ConflistDiff } from './diff';

/** The last meaningful segment of a pointer ("/plugins/0/ipam/ranges/0/0/subnet" → "ipam…subnet"). */
function field(pointer: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const rest = parts[0] === 'plugins' ? parts.slice(2) : parts;
  const named = rest.filter((p) => !/^\d+$/.test(p));
  if (named.length <= 1) return named[0] ?? rest.join('/');
  return named.length === 2 ? named.join('.') : `${named[0]}…${named.at(-1)}`;
}

/** Phrases for what changed from one version to the next, most telling first; empty when nothing did. */
export function summarizeDiff(diff: ConflistDiff, maxFields = 3): string[] {
  const out: string[] = [];
  const added = diff.plugins.filter((p) => p.status === 'added').map((p) => p.type);
  const removed = diff.plugins.filter((p) => p.status === 'removed').map((p) => p.type);
  if (added.length) out.push(`added ${added.join(', ')}`);
  if (removed.length) out.push(`removed ${removed.join(', ')}`);
  for (const p of diff.plugins) {
    if (p.status === 'moved') out.push(`moved ${p.type} ${(p.beforeIndex ?? 0) + 1} → ${(p.afterIndex ?? 0) + 1}`);
  }
  for (const p of diff.plugins) {
    if (p.changes.length === 0) continue;
    const fields = [...new Set(p.changes.map((c) => field(c.pointer)))];
    out.push(`${p.type}: ${fields.slice(0, maxFields).join(', ')}${fields.length > maxFields ? ` +${fields.length - maxFields}` : ''}`);
  }
  const list = [...new Set(diff.listChanges.map((c) => field(c.pointer)))];
  if (list.length) out.push(list.join(', '));
  return out;
}
