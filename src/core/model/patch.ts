// Applies the small patches fixes are made of, immutably, keeping key order (a rename stays in place).
import type { PatchOp } from '../validate/finding';
import { parsePointer } from './pointer';
import { isJsonObject, ownValue, type JsonValue } from './types';

function setChild(container: JsonValue, key: string, value: JsonValue | undefined, mode: 'set' | 'add'): JsonValue {
  if (Array.isArray(container)) {
    const copy = container.slice();
    const index = key === '-' ? copy.length : Number(key);
    if (!Number.isInteger(index) || index < 0 || index > copy.length) throw new Error(`array index out of range: ${key}`);
    if (value === undefined) copy.splice(index, 1);
    else if (mode === 'add') copy.splice(index, 0, value);
    else copy[index] = value;
    return copy;
  }
  if (!isJsonObject(container)) throw new Error(`cannot address "${key}" inside a ${typeof container}`);
  const copy: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(container)) if (k !== key) Object.defineProperty(copy, k, { value: v, enumerable: true, writable: true, configurable: true });
  if (value !== undefined) {
    if (Object.hasOwn(container, key)) {
      // keep the key where it was
      const ordered: Record<string, JsonValue> = {};
      for (const [k, v] of Object.entries(container)) Object.defineProperty(ordered, k, { value: k === key ? value : v, enumerable: true, writable: true, configurable: true });
      return ordered;
    }
    Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

function update(root: JsonValue, segments: string[], fn: (parent: JsonValue, key: string) => JsonValue): JsonValue {
  const [head, ...rest] = segments;
  if (head === undefined) throw new Error('empty path');
  if (rest.length === 0) return fn(root, head);
  return setChild(root, head, update(childOf(root, head), rest, fn), 'set');
}

function childOf(parent: JsonValue, key: string): JsonValue {
  const child = Array.isArray(parent) ? parent[Number(key)] : isJsonObject(parent) ? ownValue(parent, key) : undefined;
  if (child === undefined) throw new Error(`path not found at "${key}"`);
  return child;
}

function renameKey(obj: JsonValue, from: string, to: string): JsonValue {
  if (!isJsonObject(obj) || !Object.hasOwn(obj, from)) throw new Error(`no key "${from}" to rename`);
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === to && k !== from) continue;
    Object.defineProperty(out, k === from ? to : k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export function applyPatch(root: JsonValue, ops: readonly PatchOp[]): JsonValue {
  let doc = root;
  for (const op of ops) {
    const segments = parsePointer(op.path);
    if (segments.length === 0) {
      if (op.op === 'replace' || op.op === 'add') doc = op.value;
      else throw new Error(`cannot ${op.op} the document root`);
      continue;
    }
    switch (op.op) {
      case 'add':
      case 'replace':
        doc = update(doc, segments, (parent, key) => setChild(parent, key, op.value, op.op === 'add' ? 'add' : 'set'));
        break;
      case 'remove':
        doc = update(doc, segments, (parent, key) => setChild(parent, key, undefined, 'set'));
        break;
      case 'rename': {
        const from = segments[segments.length - 1]!;
        const parentPath = segments.slice(0, -1);
        doc = parentPath.length === 0 ? renameKey(doc, from, op.key) : update(doc, parentPath, (parent, key) => setChild(parent, key, renameKey(childOf(parent, key), from, op.key), 'set'));
        break;
      }
    }
  }
  return doc;
}
