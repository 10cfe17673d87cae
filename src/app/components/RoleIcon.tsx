// One glyph per plugin role, from the app's one icon set: the palette and the canvas nodes draw the same.
import { Cable, Hash, Layers, Link2, Puzzle, type LucideProps } from 'lucide-react';
import type { PluginRole } from '../../core';

const ICONS: Record<PluginRole | 'unknown', typeof Cable> = { interface: Cable, ipam: Hash, chained: Link2, meta: Layers, unknown: Puzzle };

export function RoleIcon({ role, ...props }: { role: PluginRole | 'unknown' } & LucideProps) {
  const Icon = ICONS[role] ?? Puzzle;
  return <Icon size={14} strokeWidth={2} aria-hidden focusable={false} {...props} />;
}
