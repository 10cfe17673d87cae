// A bounded memo: answers remembered by key for a pure function of it. Any text can come in (the keys
// are the user's), so it is emptied when full rather than left to grow.
export function memo<K, T>(limit = 2048): (key: K, make: () => T) => T {
  const known = new Map<K, T>();
  return (key, make) => {
    if (known.has(key)) return known.get(key)!;
    if (known.size >= limit) known.clear();
    const value = make();
    known.set(key, value);
    return value;
  };
}
