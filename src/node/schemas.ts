// Loads schemas/ from disk for Node consumers (CLI, helper, tests); the app gets the same files via Vite.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonSchema, SchemaSet } from '../core/schema/types';

export const SCHEMA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../schemas');

interface Loaded {
  set: SchemaSet;
  /** SHA-256 over every file's name and text: what validators precompiled from them are keyed by. */
  hash: string;
}

let cached: Loaded | undefined;

function load(dir: string): Loaded {
  if (dir === SCHEMA_DIR && cached) return cached;
  const hash = createHash('sha256');
  const readJson = (file: string, name: string): JsonSchema => {
    const text = readFileSync(file, 'utf8');
    hash.update(`${name}\0${text}\0`);
    return JSON.parse(text) as JsonSchema;
  };
  const pluginDir = join(dir, 'plugins');
  const set: SchemaSet = {
    conflist: readJson(join(dir, 'conflist.schema.json'), 'conflist.schema.json'),
    defs: readJson(join(dir, 'defs.schema.json'), 'defs.schema.json'),
    plugins: readdirSync(pluginDir)
      .filter((f) => f.endsWith('.schema.json'))
      .sort()
      .map((f) => readJson(join(pluginDir, f), `plugins/${f}`)),
  };
  const loaded = { set, hash: hash.digest('hex') };
  if (dir === SCHEMA_DIR) cached = loaded;
  return loaded;
}

export const loadSchemas = (dir = SCHEMA_DIR): SchemaSet => load(dir).set;

/** The schema files' content hash (cheap: the texts are read once, hashed natively). */
export const schemaFilesHash = (dir = SCHEMA_DIR): string => load(dir).hash;

const INTERNAL_BASE = 'https://cni-studio.dev/schemas/';

export interface PublishedSchema {
  /** Path under /schemas/ where it is served. */
  path: string;
  text: string;
}

/**
 * The schemas as the built app serves them at /schemas/…: without our internal $ids and with every
 * reference relative, so editors resolve them against the URL they fetched them from.
 */
export function publishedSchemas(extra: JsonSchema[] = [], dir = SCHEMA_DIR): PublishedSchema[] {
  const set = loadSchemas(dir);
  const all = [set.conflist, set.defs, ...set.plugins, ...extra];
  return all.map((schema) => {
    const path = schema.$id!.slice(INTERNAL_BASE.length);
    const depth = path.split('/').length - 1;
    const { $id: _id, ...rest } = schema;
    const text = JSON.stringify(rest, null, 2).replace(/"\$ref": "https:\/\/cni-studio\.dev\/schemas\/([^"]*)"/g, (_m, target: string) => `"$ref": "${'../'.repeat(depth)}${target}"`);
    return { path, text: text + '\n' };
  });
}
