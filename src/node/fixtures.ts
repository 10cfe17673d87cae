// Test support on Node: the real-world fixtures of src/fixtures/real as conflists.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSource, type JsonObject } from '../core';

export const REAL_FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/real');

export function realFixture(name: string): JsonObject {
  const conflist = parseSource(readFileSync(resolve(REAL_FIXTURES, name), 'utf8'), { fileName: name }).configs[0]!.conflist;
  if (!conflist) throw new Error(`${name} has no conflist`);
  return conflist;
}
