// How much text a config may be, and why a text cannot be a config at all.

/** Larger inputs are refused: no real config comes near this, and parsing must stay bounded. */
export const MAX_SOURCE_CHARS = 5 * 1024 * 1024;

/** Kubernetes objects (NAD YAML, kubectl -o yaml / -o json dumps): a whole cluster's NADs may need more. */
export const MAX_DUMP_CHARS = 64 * 1024 * 1024;

/**
 * Why a text cannot be a config at all (too large, binary), or undefined. Text is text: a U+FFFD in it is a
 * character like any other; whether bytes were UTF-8 is for the decoder to say (the CLI decodes strictly).
 */
export function textProblem(text: string, limit = MAX_SOURCE_CHARS): string | undefined {
  if (text.length > limit) return `it is ${(text.length / 1024 / 1024).toFixed(1)} MB, more than CNI Studio reads as ${limit === MAX_SOURCE_CHARS ? 'a config' : 'Kubernetes objects'} (${limit / 1024 / 1024} MB)`;
  if (text.includes('\u0000')) return 'it contains binary data (NUL bytes), not text';
  return undefined;
}
