// The one list of actions. Toolbar, keyboard, palette, shortcut sheet and menus all read it, so a title,
// an icon or a shortcut is written once. Registering checks the list stays coherent: one action per id,
// one action per key combination, every combination readable. No React and no store here (hooks.ts).
import type { LucideIcon } from 'lucide-react';
import { canonicalKeys, parseKeys, type KeyCombo } from './keys';

/** Groups, in the order the palette and the shortcut sheet show them. */
export const GROUPS = ['Network', 'Edit', 'Canvas', 'View', 'Runtime', 'Lab', 'Review', 'Help'] as const;
export type ActionGroup = (typeof GROUPS)[number];

export interface Action {
  /** Stable and unique: "<area>.<verb>", e.g. "network.export". */
  id: string;
  /** What it does, in the user's words ("Export the conflist…"); unique, it is what the palette searches. */
  title: string;
  /** A shorter label for buttons (the title otherwise). */
  label?: string;
  group: ActionGroup;
  /**
   * Key combinations ("Mod+Shift+P", "Alt+ArrowLeft", "Delete", "?"); Mod is Ctrl, or ⌘ on macOS. The first
   * is the one shown next to the title; all are listed in the shortcut sheet.
   */
  keys?: readonly string[];
  /**
   * Where the keys work. 'app' (default): outside text fields and editors, and not while a dialog is open.
   * 'anywhere': in text fields and editors too (needs Mod). 'clipboard': the browser's own copy or paste
   * event runs it (it carries the clipboard without asking for permission), not the keydown. 'canvas': as
   * 'app', and only with focus on the canvas or nowhere (Delete in the problems list deletes nothing).
   */
  keyScope?: 'app' | 'anywhere' | 'clipboard' | 'canvas';
  icon?: LucideIcon;
  /** For an action that switches something on and off: whether it is on now (its button is a toggle button). */
  pressed?: boolean;
  /** More words the palette finds it by. */
  keywords?: readonly string[];
  /** `true` when it can run now, or the reason it cannot (shown on disabled buttons and in the palette). */
  enabled?: () => true | string;
  run: () => void;
}

/** An action with its key combinations parsed. */
export interface RegisteredAction extends Action {
  combos: readonly KeyCombo[];
}

type Listener = () => void;

export class ActionRegistry {
  private readonly byId = new Map<string, RegisteredAction>();
  private readonly listeners = new Set<Listener>();
  private snapshot: readonly RegisteredAction[] = [];

  /**
   * Adds actions (all or none) and returns the function that removes them again. Throws, naming both
   * actions, when an id or a key combination is taken, and when a combination does not parse.
   */
  register(actions: readonly Action[]): () => void {
    const taken = new Map<string, string>();
    for (const a of this.byId.values()) for (const c of a.combos) taken.set(canonicalKeys(c), a.id);
    const ids = new Set<string>();
    const titles = new Map([...this.byId.values()].map((a) => [a.title, a.id]));
    const added: RegisteredAction[] = [];
    for (const action of actions) {
      if (this.byId.has(action.id) || ids.has(action.id)) throw new Error(`The action id "${action.id}" is registered twice.`);
      ids.add(action.id);
      const sameTitle = titles.get(action.title);
      if (sameTitle) throw new Error(`The actions "${sameTitle}" and "${action.id}" share the title "${action.title}": the palette could not tell them apart.`);
      titles.set(action.title, action.id);
      const combos = (action.keys ?? []).map((k) => {
        try {
          return parseKeys(k);
        } catch (e) {
          throw new Error(`The action "${action.id}" has a shortcut that does not parse: ${(e as Error).message}`, { cause: e });
        }
      });
      for (const c of combos) {
        const key = canonicalKeys(c);
        const owner = taken.get(key);
        if (owner) throw new Error(`The shortcut ${key} of "${action.id}" is already "${owner}"'s.`);
        if (action.keyScope === 'anywhere' && !c.mod) throw new Error(`The shortcut ${key} of "${action.id}" would fire while typing: an 'anywhere' shortcut needs Mod.`);
        taken.set(key, action.id);
      }
      added.push({ ...action, combos });
    }
    for (const a of added) this.byId.set(a.id, a);
    this.changed();
    return () => {
      let removed = false;
      for (const a of added) if (this.byId.get(a.id) === a) removed = this.byId.delete(a.id) || removed;
      if (removed) this.changed();
    };
  }

  /** Every registered action, in registration order (the same array until the list changes). */
  list(): readonly RegisteredAction[] {
    return this.snapshot;
  }

  get(id: string): RegisteredAction | undefined {
    return this.byId.get(id);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.snapshot = [...this.byId.values()];
    for (const l of this.listeners) l();
  }
}

/** `true`, or why the action cannot run now. An `enabled` that throws counts as unavailable, with its message. */
export function availability(action: Action): true | string {
  try {
    return action.enabled?.() ?? true;
  } catch (e) {
    return `Not available: ${(e as Error).message}`;
  }
}

/** Runs an action when it can run; otherwise returns the reason it cannot. */
export function runAction(action: Action): true | string {
  const ok = availability(action);
  if (ok === true) action.run();
  return ok;
}

/** Actions grouped in GROUPS order, each group in registration order. */
export function grouped<T extends Action>(actions: readonly T[]): [ActionGroup, T[]][] {
  return GROUPS.map((g) => [g, actions.filter((a) => a.group === g)] as [ActionGroup, T[]]).filter(([, list]) => list.length > 0);
}

/** The app's registry. */
export const registry = new ActionRegistry();

/** Registers actions from any module; returns the function that removes them. From a component, use `useRegisterActions`. */
export const registerActions = (actions: readonly Action[]): (() => void) => registry.register(actions);
