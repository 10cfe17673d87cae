// Paths as Go's path/filepath writes them on Linux, since that is how plugins read the paths a config gives.

/** An absolute path as filepath.Clean writes it ("/a/b/../c" → "/a/c", "/.." → "/"); undefined for a relative one. */
export function cleanPath(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '' && part !== '.') parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** filepath.Join of an absolute base and parts: joined by "/" and cleaned, so ".." in a part climbs. */
export const joinPath = (base: string, ...parts: string[]): string => cleanPath([base, ...parts].join('/')) ?? base;
