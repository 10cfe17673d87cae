// The lab helper the page was opened for, if any: read at start (the bottom panel opens on the Lab tab),
// so kept apart from the client (client.ts), which the first screen does not load.

export interface LabConnection {
  url: string;
  token: string;
}

/**
 * The connection the page was opened with: what npm start passed to its dev server (its own helper),
 * else the helper's #lab=<token> link, which the helper serving this page printed. (A #lab= link that
 * reaches npm start's dev server, by the helper's redirect, is for that same helper.)
 */
export function initialConnection(): LabConnection | undefined {
  const env = import.meta.env as Record<string, string | undefined>;
  if (env.VITE_LAB_URL && env.VITE_LAB_TOKEN) return { url: env.VITE_LAB_URL, token: env.VITE_LAB_TOKEN };
  const fromHash = typeof location !== 'undefined' ? /(?:^#|&)lab=([^&]+)/.exec(location.hash) : null;
  if (fromHash) return { url: location.origin, token: decodeURIComponent(fromHash[1]!) };
  return undefined;
}
