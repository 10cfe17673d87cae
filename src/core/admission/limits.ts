// What the API server does with a webhook's texts, so ours arrive whole. Warnings become HTTP `Warning`
// headers: the apiserver's recorder (k8s.io/apiserver pkg/endpoints/filters/warning.go) writes up to 4096
// runes in all, and past that truncates every warning to 256 runes; AdmissionResponse documents "limit
// warnings to 120 characters if possible". Control characters cannot travel in a header.

/** The apiserver's total for all warnings of a response, in runes: past it, it cuts each to 256 and drops the rest. */
export const WARNINGS_TOTAL_RUNES = 4096;
/** Warnings listed; the rest are counted on the last line. */
export const MAX_WARNINGS = 20;
/** One warning, in runes: 20 of them stay under the apiserver's total, so none is cut or dropped. */
export const WARNING_MAX_RUNES = Math.floor(WARNINGS_TOTAL_RUNES / MAX_WARNINGS / 10) * 10;
/** Errors listed in a denial's message; the rest are counted. */
export const MAX_DENIAL_LINES = 20;
/** One line of a denial's message, in runes: a finding's message is a sentence or two. */
export const DENIAL_LINE_MAX_RUNES = 400;

/**
 * The largest spec.config judged, in characters: the per-review budget. Reading is synchronous, so size is
 * what bounds its time: on a 2-core machine 256 KiB of plugins took up to 0.35 s and 2.4 MB took 3.7 s,
 * close to a webhook's timeout. Real configs are a few KiB; a larger one is denied unread.
 */
export const MAX_CONFIG_CHARS = 256 * 1024;

/** Text a header and a terminal can carry: control characters and lone surrogates become spaces. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, ' ');
}

/** At most `max` runes (code points, as Go counts them), ending in "…" when cut. */
export function truncateRunes(text: string, max: number): string {
  const runes = Array.from(text);
  return runes.length <= max ? text : `${runes.slice(0, max - 1).join('')}…`;
}

/** Lines bounded in count and length: past `max`, one line says how many more there are. */
export function boundedLines(lines: readonly string[], max: number, lineRunes: number, more: (n: number) => string): string[] {
  const shown = lines.length > max ? lines.slice(0, max - 1) : lines;
  const out = shown.map((l) => truncateRunes(printable(l), lineRunes));
  if (lines.length > max) out.push(more(lines.length - shown.length));
  return out;
}
