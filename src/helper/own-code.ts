// As root the helper runs its own code: node, the command line's entry (bin/), and the built bundle
// (build/cli/), or, without a current build, the sources and their modules through tsx. Whoever could
// change any of it would have their code run as root the next time it starts: a checkout a user owns
// (`sudo npx cni-studio` in their clone), a node of theirs (nvm's, in their home).
import { join } from 'node:path';
import { replaceable, replaceableTree } from './system-path';

/**
 * As root, why another user could change the code this command line runs (undefined when no one but root
 * could, and always when not root): `root` is the package's folder, `fromSources` whether it runs the
 * TypeScript (no current build), `node` the runtime.
 */
export function ownCodeUnsafe(root: string, fromSources: boolean, node: string = process.execPath): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  return (
    replaceable(node) ??
    replaceableTree(join(root, 'bin')) ??
    (fromSources ? (replaceableTree(join(root, 'src')) ?? replaceableTree(join(root, 'node_modules'), { linksWithin: join(root, 'node_modules') })) : replaceableTree(join(root, 'build', 'cli')))
  );
}

/** The words of a refusal to start as root (`what`: "lab serve"), with the fix. */
export const ownCodeRefusal = (what: string, root: string, why: string): string =>
  `${what} does not start as root: ${why}, and root would run code another user could change. Make the checkout root's (sudo chown -R root: ${root} && sudo chmod -R go-w ${root}), or put it where only root can write, as the README's /opt/cni-studio.`;
