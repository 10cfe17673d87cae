// Whether a parsed value holds a number beyond a float64 (JSON.parse reads 1e400 as Infinity): libcni refuses
// the whole list for one (CNI013). Answered once per object (documents are values), and not at all for
// text whose scan saw no number that could be one.
const nonFinite = new WeakMap<object, boolean>();

/** Notes that no number in `value` is beyond a float64 (its text had no exponent and no 309-digit run). */
export function markFinite(value: unknown): void {
  if (typeof value === 'object' && value !== null) nonFinite.set(value, false);
}

/** Whether `value` is known to hold no number beyond a float64, without walking it. */
export const knownFinite = (value: object): boolean => nonFinite.get(value) === false;

/** Whether a value holds a number that is not finite anywhere in it (remembered per object). */
export function holdsNonFinite(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (typeof value !== 'object' || value === null) return false;
  const kept = nonFinite.get(value);
  if (kept !== undefined) return kept;
  let found = false;
  const stack: unknown[] = [value];
  while (stack.length > 0 && !found) {
    const v = stack.pop();
    if (typeof v === 'number') found = !Number.isFinite(v);
    else if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (typeof v === 'object' && v !== null) for (const k in v) if (Object.hasOwn(v, k)) stack.push((v as Record<string, unknown>)[k]);
  }
  nonFinite.set(value, found);
  return found;
}
