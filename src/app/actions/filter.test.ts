import { describe, expect, it } from 'vitest';
import { commandScore } from './filter';

const titles: [string, string[]][] = [
  ['Switch to the dark theme', ['theme', 'dark', 'light', 'colour', 'color']],
  ['Export the conflist or NAD…', ['download', 'copy', 'NetworkAttachmentDefinition']],
  ['Add a plugin…', ['new', 'insert', 'quick add']],
  ['Duplicate the selected plugin', []],
  ['Tidy the canvas: every node back in line', ['layout', 'align']],
  ['Run ADD in the live lab', ['execute']],
  ['Run the full cycle (ADD, CHECK, DEL) in the live lab', ['execute']],
];
const found = (search: string) =>
  titles
    .map(([t, k]) => [t, commandScore(t, search, k)] as const)
    .filter(([, s]) => s > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([t]) => t);

describe('commandScore', () => {
  it('finds by the starts of words, best when the title starts with it', () => {
    expect(found('dark')).toEqual(['Switch to the dark theme']);
    expect(found('add a plug')).toEqual(['Add a plugin…']);
    expect(found('expo')).toEqual(['Export the conflist or NAD…']);
    expect(found('run add')[0]).toBe('Run ADD in the live lab');
    expect(found('plugin')).toEqual(['Add a plugin…', 'Duplicate the selected plugin']);
  });

  it('finds by keywords and by letters in order inside a word, not scattered across words', () => {
    expect(found('download')).toEqual(['Export the conflist or NAD…']);
    expect(found('dupl')).toEqual(['Duplicate the selected plugin']);
    expect(found('tdy')).toEqual(['Tidy the canvas: every node back in line']);
    expect(found('dark export')).toEqual([]);
    expect(found('xyz')).toEqual([]);
  });

  it('shows everything for an empty search', () => {
    expect(found('  ')).toHaveLength(titles.length);
  });
});
