// Serialization keeps the user's key order (runtimes do not care, reviewers and diffs do):
// strict JSON, 2-space indent, trailing newline.
import type { JsonValue } from './types';

export function serializeConflist(value: JsonValue): string {
  return JSON.stringify(value, null, 2) + '\n';
}
