import type { Script } from 'node:vm';

/** The built bundle compiled in Node's CommonJS wrapper, with `cachedData` as V8's code cache. */
export function builtScript(file: string, cachedData?: Buffer): Script;
/** Loads the built bundle with its code cache; `warm` runs it, then the cache is written. */
export function loadBuilt(file: string, options?: { warm?: (exports: { main: (argv: string[], out?: (s: string) => void, err?: (s: string) => void) => Promise<number>; warmValidators?: () => void }) => Promise<void> }): Promise<{ main: (argv: string[]) => Promise<number> }>;
/** Whether `root`'s build exists and none of its sources and schemas is newer. */
export function builtIsCurrent(root: string, built?: string): boolean;
/** V8's data from a cache file's bytes, or undefined when its checksum says it is damaged. */
export function intact(file: Buffer): Buffer | undefined;
/** V8's data as a cache file holds it: followed by its checksum. */
export function withChecksum(data: Buffer): Buffer;
/** `file` compiled with its code cache (when intact) as the body of a function of `params`. */
export function compileCached(file: string, params: string[]): Script;
/** Writes what V8 compiled of `script` so far as `file`'s code cache. */
export function writeCache(script: Script, file: string): void;
