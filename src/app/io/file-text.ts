// A file's text as the runtime that reads it takes it: decoded strictly (a U+FFFD written in it is a
// character), bytes that are not UTF-8 as core's decodeNotUtf8 says (a JSON file's as Go reads them). A
// BOM is kept: libcni refuses a JSON file that has one, and the checks say so.
import { decodeNotUtf8, type ConfigText } from '../../core';

export async function fileText(file: Blob, name: string): Promise<ConfigText> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return decodeNotUtf8(bytes, name);
  }
}
