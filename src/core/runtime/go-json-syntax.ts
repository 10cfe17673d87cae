// What Go's encoding/json says about bytes that are not JSON: libcni reads every config with it, so a
// runtime refuses a file with exactly these words ("invalid character '/' looking for beginning of object
// key string"). A byte-level state machine with Go's states and messages; JSON.parse agrees on what is
// valid but words its errors differently.

/** Go's quoteChar: the offending byte as Go prints it in a syntax error. */
function quoteChar(byte: number): string {
  if (byte === 0x27) return "'\\''";
  if (byte === 0x22) return `'"'`;
  const named: Record<number, string> = { 0x07: '\\a', 0x08: '\\b', 0x0c: '\\f', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x0b: '\\v', 0x5c: '\\\\' };
  if (Object.hasOwn(named, byte)) return `'${named[byte]}'`;
  // Go quotes the byte as the rune U+00XX: printable ones as themselves, others escaped.
  if (byte < 0x20 || byte === 0x7f) return `'\\x${byte.toString(16).padStart(2, '0')}'`;
  if ((byte >= 0x80 && byte <= 0xa0) || byte === 0xad) return `'\\u00${byte.toString(16).padStart(2, '0')}'`;
  return `'${String.fromCharCode(byte)}'`;
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

type Container = 'key' | 'value' | 'array';

/** UTF-8 bytes of a text (the core has no TextEncoder: it runs on ES libs only). */
export function utf8Bytes(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return Uint8Array.from(out);
}

/** Go's maximum nesting depth for encoding/json. */
const MAX_DEPTH = 10000;

/** Go's syntax error for these bytes, or undefined when Go's decoder accepts them as one JSON value. */
export function goJsonSyntaxError(bytes: Uint8Array): string | undefined {
  const stack: Container[] = [];
  // What the next byte may be, named after Go's scanner states.
  let state = 'beginValue';
  let literal = '';
  let endTop = false;
  const fail = (c: number, context: string) => `invalid character ${quoteChar(c)} ${context}`;

  /** After a complete value: a separator, a closing bracket, or the end. */
  const endValue = (c: number): string | undefined => {
    if (stack.length === 0) {
      endTop = true;
      state = 'endTop';
      return isSpace(c) ? undefined : fail(c, 'after top-level value');
    }
    if (isSpace(c)) {
      state = 'endValue';
      return undefined;
    }
    const top = stack[stack.length - 1]!;
    if (top === 'key') {
      if (c === 0x3a) {
        stack[stack.length - 1] = 'value';
        state = 'beginValue';
        return undefined;
      }
      return fail(c, 'after object key');
    }
    if (top === 'value') {
      if (c === 0x2c) {
        stack[stack.length - 1] = 'key';
        state = 'beginString';
        return undefined;
      }
      if (c === 0x7d) return pop();
      return fail(c, 'after object key:value pair');
    }
    if (c === 0x2c) {
      state = 'beginValue';
      return undefined;
    }
    if (c === 0x5d) return pop();
    return fail(c, 'after array element');
  };
  const pop = (): undefined => {
    stack.pop();
    if (stack.length === 0) {
      endTop = true;
      state = 'endTop';
    } else state = 'endValue';
    return undefined;
  };
  const push = (c: number, container: Container, next: string): string | undefined => {
    stack.push(container);
    state = next;
    return stack.length > MAX_DEPTH ? fail(c, 'exceeded max depth') : undefined;
  };
  const beginValue = (c: number): string | undefined => {
    if (isSpace(c)) return undefined;
    switch (c) {
      case 0x7b:
        return push(c, 'key', 'beginStringOrEmpty');
      case 0x5b:
        return push(c, 'array', 'beginValueOrEmpty');
      case 0x22:
        state = 'inString';
        return undefined;
      case 0x2d:
        state = 'neg';
        return undefined;
      case 0x30:
        state = 'zero';
        return undefined;
      case 0x74:
        state = 'literal';
        literal = 'true';
        return undefined;
      case 0x66:
        state = 'literal';
        literal = 'false';
        return undefined;
      case 0x6e:
        state = 'literal';
        literal = 'null';
        return undefined;
    }
    if (c >= 0x31 && c <= 0x39) {
      state = 'int';
      return undefined;
    }
    return fail(c, 'looking for beginning of value');
  };
  let seen = 1; // bytes of the literal read so far
  let hex = 0;

  const step = (c: number): string | undefined => {
    switch (state) {
      case 'beginValue':
        return beginValue(c);
      case 'beginValueOrEmpty':
        if (isSpace(c)) return undefined;
        return c === 0x5d ? endValue(c) : beginValue(c);
      case 'beginStringOrEmpty':
        if (isSpace(c)) return undefined;
        if (c === 0x7d) {
          stack[stack.length - 1] = 'value';
          return endValue(c);
        }
        return beginString(c);
      case 'beginString':
        return beginString(c);
      case 'endValue':
        return endValue(c);
      case 'endTop':
        return isSpace(c) ? undefined : fail(c, 'after top-level value');
      case 'inString':
        if (c === 0x22) {
          state = 'endValue';
          return undefined;
        }
        if (c === 0x5c) {
          state = 'inStringEsc';
          return undefined;
        }
        return c < 0x20 ? fail(c, 'in string literal') : undefined;
      case 'inStringEsc':
        if ([0x62, 0x66, 0x6e, 0x72, 0x74, 0x5c, 0x2f, 0x22].includes(c)) {
          state = 'inString';
          return undefined;
        }
        if (c === 0x75) {
          state = 'inStringEscU';
          hex = 0;
          return undefined;
        }
        return fail(c, 'in string escape code');
      case 'inStringEscU':
        if (!isHex(c)) return fail(c, 'in \\u hexadecimal character escape');
        if (++hex === 4) state = 'inString';
        return undefined;
      case 'neg':
        if (c === 0x30) {
          state = 'zero';
          return undefined;
        }
        if (c >= 0x31 && c <= 0x39) {
          state = 'int';
          return undefined;
        }
        return fail(c, 'in numeric literal');
      case 'int':
        if (isDigit(c)) return undefined;
        return zero(c);
      case 'zero':
        return zero(c);
      case 'dot':
        if (isDigit(c)) {
          state = 'fraction';
          return undefined;
        }
        return fail(c, 'after decimal point in numeric literal');
      case 'fraction':
        if (isDigit(c)) return undefined;
        if (c === 0x65 || c === 0x45) {
          state = 'exponent';
          return undefined;
        }
        return endValue(c);
      case 'exponent':
        if (c === 0x2b || c === 0x2d) {
          state = 'exponentSign';
          return undefined;
        }
        return exponentSign(c);
      case 'exponentSign':
        return exponentSign(c);
      case 'exponentDigits':
        return isDigit(c) ? undefined : endValue(c);
      case 'literal': {
        const want = literal.charCodeAt(seen);
        if (c !== want) return fail(c, `in literal ${literal} (expecting '${literal[seen]}')`);
        if (++seen === literal.length) {
          seen = 1;
          state = 'endValue';
        }
        return undefined;
      }
    }
    return undefined;
  };
  const beginString = (c: number): string | undefined => {
    if (isSpace(c)) return undefined;
    if (c === 0x22) {
      state = 'inString';
      return undefined;
    }
    return fail(c, 'looking for beginning of object key string');
  };
  const zero = (c: number): string | undefined => {
    if (c === 0x2e) {
      state = 'dot';
      return undefined;
    }
    if (c === 0x65 || c === 0x45) {
      state = 'exponent';
      return undefined;
    }
    return endValue(c);
  };
  const exponentSign = (c: number): string | undefined => {
    if (isDigit(c)) {
      state = 'exponentDigits';
      return undefined;
    }
    return fail(c, 'in exponent of numeric literal');
  };

  for (const c of bytes) {
    const error = step(c);
    if (error) return error;
  }
  // The end of input: a value in progress ends as if a space followed (a number can end there).
  if (endTop) return undefined;
  const error = step(0x20);
  if (error) return error;
  return endTop ? undefined : 'unexpected end of JSON input';
}

/**
 * The first number in syntactically valid JSON text that Go cannot decode into a float64 (its magnitude
 * rounds beyond the largest double, as `1e400` does), as written; undefined when there is none. libcni
 * decodes a whole list into map[string]interface{}, where every number is a float64: such a number
 * fails the list ("json: cannot unmarshal number 1e400 into Go value of type float64"). Go's ParseFloat
 * and JavaScript's Number round alike, so a literal Number makes infinite is one Go refuses (a tiny one
 * such as 1e-400 becomes 0 in both, without an error).
 */
export function goFloatOverflow(text: string): string | undefined {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: skip to its closing quote (escapes are two characters, or six for \u, all non-quote after the first).
      for (i++; i < n && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
      continue;
    }
    if (c !== 0x2d && !isDigit(c)) continue;
    let end = i + 1;
    while (end < n) {
      const d = text.charCodeAt(end);
      if (isDigit(d) || d === 0x2e || d === 0x65 || d === 0x45 || d === 0x2b || d === 0x2d) end++;
      else break;
    }
    const literal = text.slice(i, end);
    if (!Number.isFinite(Number(literal))) return literal;
    i = end - 1;
  }
  return undefined;
}
