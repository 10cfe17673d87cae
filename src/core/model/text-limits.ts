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
  if (text.length > limit) return sizeProblem(text.length, limit);
  if (text.includes('\u0000')) return 'it contains binary data (NUL bytes), not text';
  return undefined;
}

/**
 * Why an input of `size` bytes (or characters) is not read, the limit named as CNI Studio's own (libcni
 * reads a file of any size); `as` says what it was to be read as.
 */
export function sizeProblem(size: number, limit = MAX_SOURCE_CHARS, as = limit === MAX_SOURCE_CHARS ? 'a config' : 'Kubernetes objects', also = ''): string {
  return `it is ${(size / 1024 / 1024).toFixed(1)} MB, more than CNI Studio reads as ${as} (${limit / 1024 / 1024} MB${also})`;
}
