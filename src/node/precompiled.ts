// The validators precompiled beside the built command line (build/cli/validators.mjs, made by
// scripts/precompile-validators.ts): none when running from the sources, where ajv compiles instead.
import type { PrecompiledValidators } from '../core';

export async function loadPrecompiled(): Promise<PrecompiledValidators | undefined> {
  try {
    const module = (await import(new URL('./validators.mjs', import.meta.url).href)) as { precompiled?: PrecompiledValidators };
    return module.precompiled;
  } catch {
    return undefined;
  }
}
