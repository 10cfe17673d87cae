// The API's only body parser: strict JSON, with a message that says what is wrong. A key that could
// reach an object's prototype if anything ever merged the value ("__proto__", "constructor" holding
// "prototype") is refused outright: the helper runs as root and has no use for such keys.
export class BodyError extends Error {
  readonly statusCode = 400;
}

/** The pointer of the first prototype-reaching key, found without recursion (any depth is safe). */
export function prototypeKey(value: unknown): string | undefined {
  const stack: { value: unknown; pointer: string }[] = [{ value, pointer: '' }];
  while (stack.length) {
    const { value: v, pointer } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    for (const [key, child] of Object.entries(v)) {
      const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key === '__proto__' || (key === 'constructor' && child !== null && typeof child === 'object' && Object.hasOwn(child, 'prototype'))) return at;
      stack.push({ value: child, pointer: at });
    }
  }
  return undefined;
}

export function parseJsonBody(body: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    throw new BodyError(`the body is not valid JSON (${(e as Error).message})`);
  }
  const key = prototypeKey(value);
  if (key !== undefined) throw new BodyError(`the body holds the key ${key.slice(0, 120)}, which is refused (it names an object's prototype)`);
  return value;
}
