// Characters that change how the text around them reads (bidi overrides, embeddings and isolates, direction
// marks, zero-width ones, the BOM): in a name quoted back to the user they would let "…\u202eLTR…" pass for
// "…RTL…". Messages and labels show them by code point instead. Control characters, which the kernel and
// CNI_ARGS cannot carry, are found here too.
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

const hex = (c: string) => c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');

/** A character as "U+0001". */
export const codePointName = (c: string) => `U+${hex(c)}`;

/** The first C0 control character or DEL in `text` (what names, CNI_ARGS and the kernel's strings may not hold), or undefined. */
export const firstControlCharacter = (text: string): string | undefined => [...text].find((c) => c < ' ' || c === '\u007f');

/** `text` with each such character written as `\u202E` (JSON's escape: a message that quotes a name stays copyable). */
export function revealInvisible(text: string, show: (codePoint: string) => string = (code) => `\\u${code}`): string {
  return text.replace(INVISIBLE, (c) => show(hex(c)));
}
