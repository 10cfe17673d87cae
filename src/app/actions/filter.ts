// How the palette matches what is typed: every typed word must start a word of the title (best), appear
// in it, or start one of the action's keywords; a word can also be a few letters in order inside one word
// ("dupl", "tdy"). Letters scattered across unrelated words do not count: "dark" finds the theme, not
// "Export … NetworkAttachmentDefinition".

const words = (text: string) => text.toLowerCase().split(/[^a-z0-9?/]+/).filter(Boolean);

/** True when `needle`'s letters appear in order in `word`, starting at its first letter. */
function abbreviates(needle: string, word: string): boolean {
  if (needle[0] !== word[0]) return false;
  let i = 0;
  for (const ch of word) if (ch === needle[i]) i++;
  return i === needle.length;
}

/** A score in (0, 1] for a match (higher is better), 0 for none: cmdk's `filter` contract. */
export function commandScore(title: string, search: string, keywords: readonly string[] = []): number {
  const typed = words(search);
  if (typed.length === 0) return 1;
  const lower = title.toLowerCase();
  const titleWords = words(title);
  const keywordWords = keywords.flatMap(words);
  let score = 0;
  for (const [i, t] of typed.entries()) {
    if (i === 0 && lower.startsWith(t)) score += 4;
    else if (titleWords.some((w) => w.startsWith(t))) score += 3;
    else if (lower.includes(t)) score += 2;
    else if (keywordWords.some((w) => w.startsWith(t))) score += 1.5;
    else if (t.length >= 3 && [...titleWords, ...keywordWords].some((w) => abbreviates(t, w))) score += 1;
    else return 0;
  }
  return score / (4 * typed.length);
}
