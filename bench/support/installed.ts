// The command line as the package installs it: a copy of what `npm pack` ships (package.json `files`:
// bin/, build/cli/, schemas/) in a folder with no sources, so bin/ runs the build as a user's would.
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Copies the current build into `dir` and returns the path of its bin. `withCache: false` leaves out V8's code caches (the bundle's and the validators'). */
export function installedCli(dir: string, withCache = true): string {
  mkdirSync(join(dir, 'build'), { recursive: true });
  for (const part of ['bin', 'schemas', 'package.json']) cpSync(resolve(part), join(dir, part), { recursive: true });
  cpSync(resolve('build/cli'), join(dir, 'build/cli'), { recursive: true });
  if (!withCache) {
    rmSync(join(dir, 'build/cli/cni-studio.cjs.cache'));
    const validators = join(dir, 'build/cli/validators');
    for (const f of readdirSync(validators)) if (f.endsWith('.cache')) rmSync(join(validators, f));
  }
  return join(dir, 'bin/cni-studio.cjs');
}
