// Loads schemas/ from disk for Node consumers (CLI, helper, tests); the app gets the same files via Vite.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonSchema, SchemaSet } from '../core/schema/types';

export const SCHEMA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../schemas');

const readJson = (file: string): JsonSchema => JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;

/** The schema files' names under `dir`, in a fixed order: conflist, defs, then the plugins sorted. */
export function schemaFiles(dir: string): string[] {
  const plugins = readdirSync(join(dir, 'plugins'))
    .filter((f) => f.endsWith('.schema.json'))
    .sort();
  return ['conflist.schema.json', 'defs.schema.json', ...plugins.map((f) => `plugins/${f}`)];
}

let cached: SchemaSet | undefined;

export function loadSchemas(dir = SCHEMA_DIR): SchemaSet {
  if (dir === SCHEMA_DIR && cached) return cached;
  const [conflist, defs, ...plugins] = schemaFiles(dir).map((f) => readJson(join(dir, f)));
  const set: SchemaSet = { conflist: conflist!, defs: defs!, plugins };
  if (dir === SCHEMA_DIR) cached = set;
  return set;
}

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
