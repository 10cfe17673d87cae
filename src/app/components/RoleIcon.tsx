// One glyph per plugin role, from the app's one icon set: the palette and the canvas nodes draw the same.
// Each glyph is a reference to its role's symbol, drawn once (RoleSymbols, in the App): the palette's
// glyphs were as many copies of the icon's paths and components (140 elements of the first screen's 930).
import { memo } from 'react';
import { Cable, Hash, Layers, Link2, Puzzle } from 'lucide-react';
import type { PluginRole } from '../../core';

type Role = PluginRole | 'unknown';
const ICONS: Record<Role, typeof Cable> = { interface: Cable, ipam: Hash, chained: Link2, meta: Layers, unknown: Puzzle };
// As Lucide names its own <svg> (CSS and tests may select by it).
const NAMES: Record<Role, string> = { interface: 'cable', ipam: 'hash', chained: 'link-2', meta: 'layers', unknown: 'puzzle' };
const symbolId = (role: Role) => `role-glyph-${role}`;

/** The symbols every RoleIcon refers to; rendered once, before any of them (and not again with the App). */
export const RoleSymbols = memo(function RoleSymbols() {
  return (
    <svg className="symbols" aria-hidden focusable={false}>
      {(Object.keys(ICONS) as Role[]).map((role) => {
        const Icon = ICONS[role];
        return (
          <symbol key={role} id={symbolId(role)} viewBox="0 0 24 24">
            <Icon size={24} strokeWidth={2} />
          </symbol>
        );
      })}
    </svg>
  );
});

export function RoleIcon({ role, size = 14, className }: { role: Role; size?: number; className?: string }) {
  const known: Role = Object.hasOwn(ICONS, role) ? role : 'unknown';
  return (
    <svg className={`lucide lucide-${NAMES[known]}${className ? ` ${className}` : ''}`} width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable={false}>
      <use href={`#${symbolId(known)}`} />
    </svg>
  );
}
