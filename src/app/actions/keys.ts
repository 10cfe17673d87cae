// Key combinations as actions declare them ("Mod+Shift+P", "Alt+ArrowLeft", "?"): parsed once, shown the
// same way everywhere (Ctrl, or ⌘ on macOS), and matched against keyboard events. No DOM here.

/** Modifier names an action may write; Mod is Ctrl, or ⌘ on macOS. */
const MODIFIERS = ['Mod', 'Shift', 'Alt'] as const;
type Modifier = (typeof MODIFIERS)[number];

/** Keys that are not a single character, by their KeyboardEvent.key name. */
const NAMED_KEYS = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Delete', 'Backspace', 'Enter', 'Escape', 'Home', 'End', 'Tab', 'F1', 'F2'] as const;

export interface KeyCombo {
  mod: boolean;
  shift: boolean;
  alt: boolean;
  /** KeyboardEvent.key: a lower-case letter or digit, a punctuation character, or one of NAMED_KEYS. */
  key: string;
}

/** Parses "Mod+Shift+P"; throws with the reason when the text is not a key combination. */
export function parseKeys(text: string): KeyCombo {
  // A trailing "+" is the plus key itself ("Mod++").
  const parts = text.endsWith('++') ? [...text.slice(0, -2).split('+'), '+'] : text.split('+');
  const key = parts.pop();
  if (!key) throw new Error(`"${text}" names no key`);
  const mods = new Set<Modifier>();
  for (const m of parts) {
    if (!(MODIFIERS as readonly string[]).includes(m)) throw new Error(`"${text}": "${m}" is not a modifier (use ${MODIFIERS.join(', ')})`);
    if (mods.has(m as Modifier)) throw new Error(`"${text}" names ${m} twice`);
    mods.add(m as Modifier);
  }
  const named = (NAMED_KEYS as readonly string[]).includes(key);
  if (!named && [...key].length !== 1) throw new Error(`"${text}": "${key}" is neither one character nor a key name (${NAMED_KEYS.join(', ')})`);
  const letter = /^[a-z]$/i.test(key);
  // A shifted character ("?") is written as itself: Shift+/ depends on the keyboard layout.
  if (mods.has('Shift') && !named && !letter) throw new Error(`"${text}": write the shifted character itself instead of Shift+${key}`);
  return { mod: mods.has('Mod'), shift: mods.has('Shift'), alt: mods.has('Alt'), key: letter ? key.toLowerCase() : key };
}

/** One spelling per combination, so two actions cannot claim the same keys under different spellings. */
export function canonicalKeys(combo: KeyCombo): string {
  return [combo.mod && 'Mod', combo.shift && 'Shift', combo.alt && 'Alt', combo.key].filter(Boolean).join('+');
}

export interface KeyEventLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Whether a keyboard event is this combination. Ctrl and ⌘ both count as Mod. */
export function matchesKeys(combo: KeyCombo, e: KeyEventLike): boolean {
  const mod = e.ctrlKey || e.metaKey;
  if (mod !== combo.mod || e.altKey !== combo.alt) return false;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (key !== combo.key) return false;
  // Characters typed with Shift ("?", "/" on some layouts) carry it in the key itself.
  const shiftMatters = combo.key.length > 1 || /^[a-z]$/.test(combo.key) || combo.mod;
  return !shiftMatters || e.shiftKey === combo.shift;
}

const KEY_NAMES: Record<string, string> = { ArrowLeft: '←', ArrowRight: '→', ArrowUp: '↑', ArrowDown: '↓', Escape: 'Esc', ' ': 'Space' };
const MAC_KEY_NAMES: Record<string, string> = { ...KEY_NAMES, Backspace: '⌫', Delete: '⌦', Enter: '↩' };

/** The parts of a combination as shown, one per key cap: ["Ctrl", "Shift", "P"], or ["⌘", "⇧", "P"] on macOS. */
export function keyCaps(combo: KeyCombo, mac: boolean): string[] {
  const names = mac ? MAC_KEY_NAMES : KEY_NAMES;
  const key = names[combo.key] ?? (combo.key.length === 1 ? combo.key.toUpperCase() : combo.key);
  // macOS writes modifiers in the order ⌃⌥⇧⌘; elsewhere Ctrl+Shift+Alt reads as people say it.
  if (mac) return [combo.alt && '⌥', combo.shift && '⇧', combo.mod && '⌘', key].filter((x): x is string => Boolean(x));
  return [combo.mod && 'Ctrl', combo.shift && 'Shift', combo.alt && 'Alt', key].filter((x): x is string => Boolean(x));
}

/** A combination as one string: "Ctrl+Shift+P", or "⇧⌘P" on macOS (tooltips, aria-keyshortcuts-like text). */
export function formatKeys(text: string, mac: boolean): string {
  return keyCaps(parseKeys(text), mac).join(mac ? '' : '+');
}

/** aria-keyshortcuts spelling ("Control+Shift+P"). */
export function ariaKeys(text: string, mac: boolean): string {
  const c = parseKeys(text);
  return [c.mod && (mac ? 'Meta' : 'Control'), c.shift && 'Shift', c.alt && 'Alt', c.key.length === 1 ? c.key.toUpperCase() : c.key].filter(Boolean).join('+');
}

/** Whether this browser runs on macOS (or iOS): ⌘ is shown instead of Ctrl. */
export function isMac(): boolean {
  if (typeof navigator === 'undefined') return false;
  const platform = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform ?? navigator.platform ?? '';
  return /mac|iphone|ipad/i.test(platform);
}
