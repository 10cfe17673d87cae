// A chunk's load tried again after a failure: a network change (Wi-Fi, a VPN, or a bridge the lab helper
// creates on this machine) fails the requests in flight (ERR_NETWORK_CHANGED). Browsers before
// whatwg/html#10327 (Chromium before 156, among others) keep a failed module fetch for the page's life, so
// importing the same address again fails at once without asking the network: a try after the first asks
// for the module its failure named at an address the page has not used (a query added). Where the failure
// names no module (Safari), or a module the chunk imports failed, only a reload brings it; ChunkFailed offers it.

/**
 * Stylesheets whose load failed (a chunk's own, which Vite links before importing it). Vite never links a
 * stylesheet twice, so a part that came on a later try would stay unstyled: each try asks for these again.
 */
const failedSheets = new Set<HTMLLinkElement>();
if (typeof document !== 'undefined') {
  // A link's error does not bubble: caught on its way down.
  document.addEventListener('error', (e) => {
    if (e.target instanceof HTMLLinkElement && e.target.rel === 'stylesheet') failedSheets.add(e.target);
  }, true);
}

/** Links each failed stylesheet anew (the old link goes once the new one has loaded); resolves when each has loaded or failed. */
export function refetchFailedStylesheets(): Promise<void> {
  const failed = [...failedSheets].filter((link) => link.isConnected);
  failedSheets.clear();
  return Promise.all(
    failed.map(
      (old) =>
        new Promise<void>((settle) => {
          const fresh = old.cloneNode() as HTMLLinkElement;
          fresh.addEventListener('load', () => (old.remove(), settle()));
          // A failure is recorded by the listener above, for the next try.
          fresh.addEventListener('error', () => (old.remove(), settle()));
          old.after(fresh);
        }),
    ),
  ).then(() => undefined);
}

/** Waits between tries: about four seconds in all before a load is reported as failed. */
export const RETRY_DELAYS_MS = [300, 1000, 3000] as const;

/** `load()`, tried again after each delay while it fails; the last failure is the one thrown. */
export async function withRetries<T>(load: () => Promise<T>, delays: readonly number[] = RETRY_DELAYS_MS): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await load();
    } catch (e) {
      if (attempt >= delays.length) throw e instanceof Error ? e : new Error(String(e));
      await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
    }
  }
}

/**
 * The address of the module a failed import() names, if it is one of this page's own scripts: Chromium
 * says "Failed to fetch dynamically imported module: <url>", Firefox "error loading dynamically imported
 * module: <url>".
 */
export function failedModuleUrl(error: unknown, origin: string): string | undefined {
  const named = /dynamically imported module: (\S+)$/.exec(error instanceof Error ? error.message : '')?.[1];
  if (!named) return undefined;
  let url: URL;
  try {
    url = new URL(named);
  } catch {
    return undefined;
  }
  // The build's chunks and the dev server's modules; nothing another origin serves.
  if (url.origin !== origin || !/\.(?:m?js|[jt]sx?)$/.test(url.pathname)) return undefined;
  url.searchParams.delete('retry');
  return url.href;
}

/** The module at `url`, imported by an address the page has not asked for before. */
function importAnew<M>(url: string, attempt: number): Promise<M> {
  const anew = new URL(url);
  anew.searchParams.set('retry', `${Date.now().toString(36)}-${attempt}`);
  return import(/* @vite-ignore */ anew.href) as Promise<M>;
}

/**
 * One module's import (`() => import('./x')`), tried as `withRetries` tries; after a failure that names the
 * module, the next try imports it anew (above). Only for a load that is a single import(): the module
 * named is taken as the one the load returns.
 */
export function importWithRetries<M>(
  load: () => Promise<M>,
  delays: readonly number[] = RETRY_DELAYS_MS,
  origin: string = globalThis.location?.origin ?? '',
  anew: (url: string, attempt: number) => Promise<M> = importAnew,
): Promise<M> {
  let failed: string | undefined;
  let attempt = 0;
  const once = async () => {
    // Each try first asks again for any stylesheet that did not arrive (a part's Try again included).
    if (failedSheets.size > 0) await refetchFailedStylesheets();
    return (failed ? anew(failed, ++attempt) : load()).catch((e: unknown) => {
      failed = failedModuleUrl(e, origin) ?? failed;
      throw e;
    });
  };
  return withRetries(once, delays);
}
