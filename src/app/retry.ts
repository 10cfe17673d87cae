// A chunk's load tried again after a failure: a network change (Wi-Fi, a VPN, or a bridge the lab helper
// creates on this machine) fails the requests in flight (ERR_NETWORK_CHANGED), and a module that failed to
// arrive is fetched anew by the next import() in browsers that follow whatwg/html#10327 (Chromium 156 on).
// Others keep the failure until the page reloads, which ChunkFailed offers.

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
