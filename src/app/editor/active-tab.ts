// Which tab of the bottom panel is shown. Kept outside the panel so actions (palette, shortcuts) can open
// a tab from anywhere.
import { create } from 'zustand';
import { initialConnection } from '../lab/connection';

export type EditorTab = 'plugin' | 'document' | 'nad' | 'preview' | 'lab' | 'review';

// Opened from a lab helper's link: start on the Lab tab.
const first = (): EditorTab => (initialConnection() && typeof location !== 'undefined' && location.hash.includes('lab=') ? 'lab' : 'plugin');

export const useActiveTab = create<{ tab: EditorTab; setTab: (tab: EditorTab) => void }>((set) => ({ tab: first(), setTab: (tab) => set({ tab }) }));

/** Shows a tab of the bottom panel. */
export const openTab = (tab: EditorTab): void => useActiveTab.getState().setTab(tab);
