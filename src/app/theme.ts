// Light/dark theme: follows the system until the user picks one; the choice is remembered.
import { useEffect, useState } from 'react';

export type Theme = 'light' | 'dark';
const KEY = 'cni-studio.theme';

export function initialTheme(): Theme {
  try {
    const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // Storage refused (a locked-down browser): the system's preference, as for a first visit.
  }
  return typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/**
 * Sets the page's theme attribute, only when it changes: a write restyles the whole page. main.tsx calls it
 * before the first render, so the workbench is styled once, in its theme, instead of again after it mounts.
 */
export function showTheme(theme: Theme) {
  const root = document.documentElement;
  if (root.dataset.theme !== theme) root.dataset.theme = theme;
}

export function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(initialTheme);
  useEffect(() => showTheme(theme), [theme]);
  return [
    theme,
    () =>
      setTheme((t) => {
        const next = t === 'dark' ? 'light' : 'dark';
        try {
          localStorage.setItem(KEY, next);
        } catch {
          // Not remembered (storage full or refused); the page still switches.
        }
        return next;
      }),
  ];
}
