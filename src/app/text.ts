import { revealInvisible } from '../core';
// Words for counts: "1 error", "2 errors", "no warnings" is the caller's choice.
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Text from a file shown as a label: what reorders or hides text shown as ⟨U+202E⟩ (core's revealInvisible). */
export const visibleLabel = (text: string): string => revealInvisible(text, (code) => `⟨U+${code}⟩`);
