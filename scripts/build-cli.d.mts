/** Builds the command line into `out` (default build/cli/). */
export function buildCli(out?: string): Promise<void>;
export const ROOT: string;
export const OUT: string;
