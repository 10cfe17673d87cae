import { describe, expect, it } from 'vitest';
import { jsonText, serializeConflist } from './serialize';

describe('jsonText', () => {
  it('writes what JSON.stringify writes when every number is finite', () => {
    const value = { a: [1, 2.5, null, 'null', { b: true }], 'x"y': '\u0000inf-' };
    expect(jsonText(value)).toBe(JSON.stringify(value));
    expect(jsonText(value, 2)).toBe(JSON.stringify(value, null, 2));
  });

  it('writes a number beyond a float64 back as one, so the text reads as it did', () => {
    const text = '{"plugins":[{"type":"bridge","mtu":1e400,"list":[-1e999,null,"1e400"]}]}';
    const value = JSON.parse(text) as unknown;
    const written = jsonText(value);
    expect(written).toBe('{"plugins":[{"type":"bridge","mtu":1e400,"list":[-1e400,null,"1e400"]}]}');
    expect(JSON.parse(written)).toEqual(value);
    expect(serializeConflist(value as never)).toContain('"mtu": 1e400,');
  });

  it('leaves a string that looks like its marker alone', () => {
    const value = { s: '\u0000inf-abc+', n: -Infinity };
    expect(JSON.parse(jsonText(value)) as unknown).toEqual(value);
  });

  it('writes -0 as -0, as Go does and JSON.stringify does not; 0 and a subnet stay as they are', () => {
    const value = JSON.parse('{"a":-0,"b":[0,-0.0],"c":"10.0.0.0/8","d":{"e":-0}}') as unknown;
    expect(jsonText(value)).toBe('{"a":-0,"b":[0,-0],"c":"10.0.0.0/8","d":{"e":-0}}');
    expect(serializeConflist(value as never)).toContain('"a": -0,');
    expect(jsonText({ c: '10.0.0.0/8', n: 0 })).toBe('{"c":"10.0.0.0/8","n":0}');
  });
});
