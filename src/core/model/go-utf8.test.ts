import { describe, expect, it } from 'vitest';
import { goDecodeUtf8 } from './go-utf8';

const bytes = (...parts: (string | number[])[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'utf8')] : p)));

describe("bytes as Go's JSON decoder reads them", () => {
  it('reads valid UTF-8 as it is, any width', () => {
    expect(goDecodeUtf8(bytes('a é € 𝄞'))).toEqual({ text: 'a é € 𝄞', replaced: [] });
  });

  it('reads each byte that does not start valid UTF-8 as one U+FFFD (a stray byte, a cut sequence, an overlong form, a surrogate, past U+10FFFF)', () => {
    expect(goDecodeUtf8(bytes('v', [0xff], 'x'))).toEqual({ text: 'v\uFFFDx', replaced: [1] });
    // A 3-byte sequence cut after 2 bytes: two bytes, two replacements (Go decodes byte by byte).
    expect(goDecodeUtf8(bytes([0xe2, 0x82], 'x')).text).toBe('\uFFFD\uFFFDx');
    expect(goDecodeUtf8(bytes([0xc0, 0xaf])).text).toBe('\uFFFD\uFFFD'); // overlong "/"
    expect(goDecodeUtf8(bytes([0xed, 0xa0, 0x80])).text).toBe('\uFFFD\uFFFD\uFFFD'); // U+D800
    expect(goDecodeUtf8(bytes([0xf4, 0x90, 0x80, 0x80])).text).toBe('\uFFFD\uFFFD\uFFFD\uFFFD'); // past U+10FFFF
    expect(goDecodeUtf8(bytes('𝄞', [0x80], 'é')).replaced).toEqual([2]); // offsets in UTF-16 units of the text
  });
});
