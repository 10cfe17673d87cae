// The built app `lab serve` serves at /. Its files reach the helper's own origin, where the app is given the
// token (the `#lab=` link): whoever can change them can take the token, and a file reached through a link
// can be any file the helper may read. So, as root, the folder is served only if no one but root can change
// it, anything in it or any folder above it (`replaceableTree`, the judgement `replaceable` makes of a
// plugin); and every file is judged again as it is sent, since the folder may change after the start.
import { lstatSync, realpathSync } from 'node:fs';
import { replaceable, replaceableTree } from './system-path';

/**
 * As root, why the app folder `dir` must not be served, and what to do instead; undefined when it may be
 * (and always for a helper that is not root, whose files are no one else's business).
 */
export function appDirUnsafe(dir: string): string | undefined {
  const why = replaceableTree(dir);
  if (!why) return undefined;
  return (
    `the app in ${dir} is not served: ${why}. As root the helper serves only a folder no one else can change, holding no links: ` +
    `otherwise another user could have it send any file root may read, or plant a page at its origin that takes its token. ` +
    `Build the app as root in a checkout only root can change (or sudo chown -R root: the checkout and sudo chmod -R go-w it), ` +
    `pass --app-dir a copy of it in a folder only root can change, or --no-app to serve none`
  );
}

/**
 * Why the file `file`, which fastify-static is about to send from the app folder `root` (a real path), must not
 * be sent: it is not below `root`, it is reached through a link (it is not its own real path: a link in the
 * folder, or one made after the start, leads anywhere), it is not a regular file, or, as root, someone other
 * than root could change it or a folder above it (`replaceable`). undefined when it may be sent.
 */
export function unservable(root: string, file: string): string | undefined {
  if (!file.startsWith(`${root}/`)) return `${file} is not in the app's folder`;
  let real: string;
  try {
    real = realpathSync(file);
  } catch (e) {
    return `${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
  }
  if (real !== file) return `${file} is reached through a link`;
  if (!lstatSync(file).isFile()) return `${file} is not a regular file`;
  return replaceable(file);
}
