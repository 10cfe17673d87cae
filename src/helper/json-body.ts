// The API's only body parser: strict JSON, with a message that says what is wrong. A key that could
// reach an object's prototype if anything ever merged the value ("__proto__", "constructor" holding
// "prototype") is refused outright: the helper runs as root and has no use for such keys.
export class BodyError extends Error {
  readonly statusCode: number = 400;
}

/** A body declared in another character set than UTF-8: refused (415), never read as if it were UTF-8. */
export class CharsetError extends BodyError {
  override readonly statusCode = 415;
}

/** A content type's parameters (name lowercased, a quoted value unquoted), a quoted ";" kept inside its value. */
function parameters(contentType: string): [string, string][] {
  const param = /;\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]*)/g;
  return [...contentType.matchAll(param)].map((m) => [m[1]!.toLowerCase(), m[2]!.startsWith('"') ? m[2]!.slice(1, -1).replace(/\\(.)/g, '$1') : m[2]!]);
}

/**
 * Why a JSON body's declared character set is refused, if it is: JSON is UTF-8 (RFC 8259 §8.1) and the
 * helper reads every body as UTF-8, so a body said to be in another (charset=utf-16) would be read as
 * something its sender did not mean. No charset, or utf-8 in any case, quoted or not, is accepted.
 */
export function charsetProblem(contentType: string | undefined): string | undefined {
  const charsets = parameters(contentType ?? '').filter(([name]) => name === 'charset');
  if (charsets.length > 1) return `the content type names ${charsets.length} charsets; send one, utf-8, or none`;
  const charset = charsets[0]?.[1];
  if (charset === undefined || charset.toLowerCase() === 'utf-8') return undefined;
  return `the body's charset ${JSON.stringify(charset.slice(0, 40))} is not accepted: send JSON in UTF-8 ("content-type: application/json" or "application/json; charset=utf-8")`;
}

/** The pointer of the first prototype-reaching key, found without recursion (any depth is safe). */
export function prototypeKey(value: unknown): string | undefined {
  const stack: { value: unknown; pointer: string }[] = [{ value, pointer: '' }];
  while (stack.length) {
    const { value: v, pointer } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    for (const [key, child] of Object.entries(v)) {
      const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key === '__proto__' || (key === 'constructor' && child !== null && typeof child === 'object' && Object.hasOwn(child, 'prototype'))) return at;
      stack.push({ value: child, pointer: at });
    }
  }
  return undefined;
}

/** The body as JSON; `contentType` is the request's, whose charset must be UTF-8's if it names one. */
export function parseJsonBody(body: string, contentType?: string): unknown {
  const charset = charsetProblem(contentType);
  if (charset) throw new CharsetError(charset);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    throw new BodyError(`the body is not valid JSON (${(e as Error).message})`);
  }
  const key = prototypeKey(value);
  if (key !== undefined) throw new BodyError(`the body holds the key ${key.slice(0, 120)}, which is refused (it names an object's prototype)`);
  return value;
}
