// Share links: the whole document (and runtime inputs) compressed into the URL fragment, which never
// reaches a server. Decoding trusts nothing: the payload size is checked first and inflation stops at a
// cap, so a short link cannot expand into something huge.
import { deflateSync, Inflate, strFromU8, strToU8 } from 'fflate';
import { isJsonObject, type JsonObject } from '../model/types';
import { MAX_NESTING_DEPTH, shortPointer, valueNestingExcess } from '../model/depth';
import { jsonText } from '../model/serialize';

/** Links longer than this are refused: many chat tools and proxies cut longer URLs. */
export const MAX_SHARE_CHARS = 32 * 1024;
const MAX_INFLATED = 5 * 1024 * 1024;
const PREFIX = 'v1.';

export interface SharedState {
  doc: JsonObject;
  runtime?: JsonObject;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + (i + 1 < bytes.length ? B64[(n >> 6) & 63]! : '') + (i + 2 < bytes.length ? B64[n & 63]! : '');
  }
  return out;
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4));
  let j = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n = (B64.indexOf(text[i]!) << 18) | (B64.indexOf(text[i + 1] ?? 'A') << 12) | (B64.indexOf(text[i + 2] ?? 'A') << 6) | B64.indexOf(text[i + 3] ?? 'A');
    bytes[j++] = (n >> 16) & 255;
    if (i + 2 < text.length) bytes[j++] = (n >> 8) & 255;
    if (i + 3 < text.length) bytes[j++] = n & 255;
  }
  return bytes.subarray(0, j);
}

export type Encoded = { ok: true; payload: string } | { ok: false; message: string };

export function encodeShare(state: SharedState): Encoded {
  // decodeShare refuses deeper documents (and JSON.stringify would overflow on far deeper ones).
  for (const part of [state.doc, state.runtime]) {
    const deep = valueNestingExcess(part);
    if (deep !== undefined) return { ok: false, message: `This network nests deeper than ${MAX_NESTING_DEPTH} levels of arrays and objects (at ${shortPointer(deep)}): it cannot be shared as a link.` };
  }
  const payload = PREFIX + toBase64Url(deflateSync(strToU8(jsonText(state)), { level: 9 }));
  if (payload.length > MAX_SHARE_CHARS) {
    return { ok: false, message: `This network is too large for a link (${Math.ceil(payload.length / 1024)} KB compressed; links are limited to ${MAX_SHARE_CHARS / 1024} KB). Export the file or the NAD YAML instead.` };
  }
  return { ok: true, payload };
}

export type Decoded = { ok: true; state: SharedState } | { ok: false; message: string };

export function decodeShare(payload: string): Decoded {
  const fail = (why: string): Decoded => ({ ok: false, message: `This share link cannot be opened: ${why}.` });
  if (payload.length > MAX_SHARE_CHARS + PREFIX.length) return fail('it is longer than any link CNI Studio makes');
  if (!payload.startsWith(PREFIX)) return fail('it was not made by this version of CNI Studio');
  const bytes = fromBase64Url(payload.slice(PREFIX.length));
  if (!bytes) return fail('it is damaged (not base64url)');
  const chunks: Uint8Array[] = [];
  let size = 0;
  let tooBig = false;
  try {
    const inflate = new Inflate((chunk) => {
      size += chunk.length;
      if (size > MAX_INFLATED) tooBig = true;
      else chunks.push(chunk);
    });
    inflate.push(bytes, true);
  } catch {
    return fail('it is damaged (not compressed data)');
  }
  if (tooBig) return fail('it expands to more than 5 MB');
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  let value: unknown;
  try {
    value = JSON.parse(strFromU8(all));
  } catch {
    return fail('it does not hold JSON');
  }
  if (!isJsonObject(value) || !isJsonObject(value.doc)) return fail('it holds no CNI document');
  // Everything that reads the document later recurses once per level: refuse nesting beyond the limit here.
  for (const part of [value.doc, value.runtime]) {
    const deep = valueNestingExcess(part);
    if (deep !== undefined) return fail(`its document nests deeper than ${MAX_NESTING_DEPTH} levels of arrays and objects (at ${shortPointer(deep)})`);
  }
  // The chain is made from "plugins": a value that is not a list would open as an empty chain, silently.
  if (value.doc.plugins !== undefined && !Array.isArray(value.doc.plugins)) return fail('its network\'s "plugins" is not a list of plugins');
  return { ok: true, state: { doc: value.doc, ...(isJsonObject(value.runtime) ? { runtime: value.runtime } : {}) } };
}
