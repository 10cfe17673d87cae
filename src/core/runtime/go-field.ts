// Go's encoding/json fills a struct field from a key of any case: one small module, so code on the first
// screen (runtime inputs) can read as Go does without loading the result conversions.
import type { JsonObject, JsonValue } from '../model/types';

/** Go decodes struct fields case-insensitively: "IPs" fills `ips`. The exact spelling wins. */
export function goField(o: JsonObject, key: string): JsonValue | undefined {
  if (Object.hasOwn(o, key)) return o[key];
  const lower = key.toLowerCase();
  const k = Object.keys(o).find((x) => x.toLowerCase() === lower);
  return k === undefined ? undefined : o[k];
}
