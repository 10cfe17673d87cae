// Loads schemas/ from disk for Node consumers (CLI, helper, tests); the app gets the same files via Vite.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonSchema, SchemaSet } from '../core/schema/types';

export const SCHEMA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../schemas');

const readJson = (file: string): JsonSchema => JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;

let cached: SchemaSet | undefined;

export function loadSchemas(dir = SCHEMA_DIR): SchemaSet {
  if (dir === SCHEMA_DIR && cached) return cached;
  const pluginDir = join(dir, 'plugins');
  const set: SchemaSet = {
    conflist: readJson(join(dir, 'conflist.schema.json')),
    defs: readJson(join(dir, 'defs.schema.json')),
    plugins: readdirSync(pluginDir)
      .filter((f) => f.endsWith('.schema.json'))
      .sort()
      .map((f) => readJson(join(pluginDir, f))),
  };
  if (dir === SCHEMA_DIR) cached = set;
  return set;
}
