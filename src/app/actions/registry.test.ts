// The action list stays coherent: one action per id and per key combination, every combination readable,
// and every action the workbench offers is in it.
import { describe, expect, it } from 'vitest';
import { ActionRegistry, GROUPS, grouped, runAction, type Action } from './registry';
import { canonicalKeys, formatKeys, matchesKeys, parseKeys } from './keys';
import { workbenchActions } from './workbench';
import { LAYOUT_ACTIONS } from '../layout/actions';
import { editActions } from './edit';

const noop = () => {};
const act = (id: string, keys?: string[], extra: Partial<Action> = {}): Action => ({ id, title: `Title of ${id}`, group: 'Edit', keys, run: noop, ...extra });
const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

/** Every action the app registers (App's dialogs stand in as recorders). */
function appActions(): Action[] {
  return [...workbenchActions({ open: noop, share: noop, theme: 'light', toggleTheme: noop }), ...editActions(), ...LAYOUT_ACTIONS];
}

describe('key combinations', () => {
  it('parses, spells one way, and shows Ctrl or ⌘', () => {
    expect(parseKeys('Mod+Shift+P')).toEqual({ mod: true, shift: true, alt: false, key: 'p' });
    expect(canonicalKeys(parseKeys('Shift+Mod+p'))).toBe('Mod+Shift+p');
    expect(formatKeys('Mod+Shift+P', false)).toBe('Ctrl+Shift+P');
    expect(formatKeys('Mod+Shift+P', true)).toBe('⇧⌘P');
    expect(formatKeys('Alt+ArrowLeft', false)).toBe('Alt+←');
    expect(formatKeys('?', false)).toBe('?');
  });

  it('refuses what is not a key combination, saying why', () => {
    expect(() => parseKeys('Ctrl+K')).toThrow('"Ctrl" is not a modifier');
    expect(() => parseKeys('Mod+Mod+K')).toThrow('names Mod twice');
    expect(() => parseKeys('Mod+Space bar')).toThrow('neither one character nor a key name');
    expect(() => parseKeys('Shift+/')).toThrow('write the shifted character itself');
    expect(() => parseKeys('Mod+')).toThrow('names no key');
  });

  it('matches events: Ctrl or ⌘ for Mod, Shift exactly for letters, shifted characters as typed', () => {
    const undo = parseKeys('Mod+Z');
    expect(matchesKeys(undo, press('z', { ctrlKey: true }))).toBe(true);
    expect(matchesKeys(undo, press('z', { metaKey: true }))).toBe(true);
    expect(matchesKeys(undo, press('Z', { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(matchesKeys(parseKeys('Mod+Shift+Z'), press('Z', { ctrlKey: true, shiftKey: true }))).toBe(true);
    expect(matchesKeys(parseKeys('?'), press('?', { shiftKey: true }))).toBe(true);
    expect(matchesKeys(parseKeys('/'), press('/'))).toBe(true);
    expect(matchesKeys(parseKeys('/'), press('/', { ctrlKey: true }))).toBe(false);
    expect(matchesKeys(parseKeys('Alt+ArrowLeft'), press('ArrowLeft', { altKey: true }))).toBe(true);
    expect(matchesKeys(parseKeys('Alt+ArrowLeft'), press('ArrowLeft'))).toBe(false);
  });
});

describe('ActionRegistry', () => {
  it('refuses a second action with the same id, title or keys (however spelled), and an unreadable shortcut', () => {
    const r = new ActionRegistry();
    r.register([act('a', ['Mod+K'])]);
    expect(() => r.register([act('a')])).toThrow('The action id "a" is registered twice.');
    expect(() => r.register([act('b', ['Mod+k'])])).toThrow(`The shortcut Mod+k of "b" is already "a"'s.`);
    expect(() => r.register([{ ...act('c'), title: 'Title of a' }])).toThrow('share the title');
    expect(() => r.register([act('d', ['Mod+Nope'])])).toThrow('The action "d" has a shortcut that does not parse');
    expect(() => r.register([act('e', ['/'], { keyScope: 'anywhere' })])).toThrow("an 'anywhere' shortcut needs Mod");
    // All or none: nothing of a refused batch stays.
    expect(() => r.register([act('f'), act('g', ['Mod+K'])])).toThrow();
    expect(r.list().map((a) => a.id)).toEqual(['a']);
  });

  it('removes what it registered, tells listeners, and says why an action cannot run', () => {
    const r = new ActionRegistry();
    let told = 0;
    r.subscribe(() => told++);
    let ran = 0;
    const off = r.register([act('a', ['Mod+K'], { run: () => ran++, enabled: () => 'Select a plugin first.' })]);
    expect(runAction(r.get('a')!)).toBe('Select a plugin first.');
    expect(ran).toBe(0);
    off();
    expect(r.list()).toEqual([]);
    expect(told).toBe(2);
    r.register([act('b', ['Mod+K'])]); // the keys are free again
  });

  it('groups in the palette order', () => {
    const list = [act('x', [], { group: 'Help' }), act('y', [], { group: 'Network' }), act('z', [], { group: 'Help' })];
    expect(grouped(list).map(([g, l]) => [g, l.map((a) => a.id)])).toEqual([
      ['Network', ['y']],
      ['Help', ['x', 'z']],
    ]);
  });
});

describe("the app's actions", () => {
  it('register together: unique ids, titles and shortcuts, every shortcut readable, every group known', () => {
    const r = new ActionRegistry();
    expect(() => r.register(appActions())).not.toThrow();
    for (const a of r.list()) {
      expect(GROUPS).toContain(a.group);
      expect(a.icon, `${a.id} has an icon`).toBeDefined();
      for (const k of a.keys ?? []) expect(() => parseKeys(k)).not.toThrow();
    }
  });

  it('offer every action of the workbench, with the shortcuts people know', () => {
    const r = new ActionRegistry();
    r.register(appActions());
    const keys = (id: string) => r.get(id)?.keys?.map((k) => formatKeys(k, false));
    for (const id of [
      'canvas.add-plugin', 'network.import', 'network.export', 'network.share', 'network.templates', 'network.save', 'network.history',
      'edit.undo', 'edit.redo', 'edit.duplicate', 'edit.move-left', 'edit.move-right', 'edit.delete', 'edit.copy', 'edit.paste', 'edit.select-all',
      'canvas.tidy', 'canvas.fit', 'view.theme', 'runtime.profile', 'runtime.step', 'lab.run-add', 'lab.run-cycle', 'review.compare',
      'view.tab-plugin', 'view.tab-document', 'view.tab-nad', 'view.tab-preview', 'view.tab-lab', 'view.tab-review', 'help.commands', 'help.shortcuts',
    ])
      expect(r.get(id), id).toBeDefined();
    expect(keys('canvas.add-plugin')).toEqual(['Ctrl+K', '/']);
    expect(keys('help.commands')).toEqual(['Ctrl+Shift+P']);
    expect(keys('help.shortcuts')).toEqual(['?']);
    expect(keys('network.save')).toEqual(['Ctrl+S']);
    expect(keys('edit.duplicate')).toEqual(['Ctrl+D']);
    expect(keys('edit.move-left')).toEqual(['Alt+←']);
    expect(keys('edit.undo')).toEqual(['Ctrl+Z']);
    expect(keys('edit.redo')).toEqual(['Ctrl+Shift+Z', 'Ctrl+Y']);
    // Saving and the palette work while typing; copy and paste ride the browser's clipboard events.
    expect(r.get('network.save')!.keyScope).toBe('anywhere');
    expect(r.get('edit.copy')!.keyScope).toBe('clipboard');
  });

  it('say why an edit cannot run on an empty chain', () => {
    const r = new ActionRegistry();
    r.register(appActions());
    expect(runAction(r.get('edit.duplicate')!)).toBe('Select a plugin on the canvas to duplicate it.');
    expect(runAction(r.get('edit.undo')!)).toBe('Nothing to undo.');
    expect(runAction(r.get('lab.run-add')!)).toBe('The chain is empty: add a plugin first, then run it.');
  });
});
