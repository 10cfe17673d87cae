// The lab helper the page was opened for, if any: read at start (the bottom panel opens on the Lab tab),
// so kept apart from the client (client.ts), which the first screen does not load.
//
// The token never comes from the dev server or the build: whatever they serve, any local process can
// fetch (a token in Vite's env was handed to every local user). It arrives in the link's fragment,
// `#lab=<token>`, which never reaches a server: `npm start` and `lab serve` print that link. Read once, it
// is kept in this origin's localStorage under the helper's URL (a reload, a second tab, a share link that
// replaces the fragment still connect) and taken out of the address bar, so a copied URL does not carry it.

export interface LabConnection {
  url: string;
  token: string;
}

/** The token's key in localStorage, per helper URL. */
const TOKEN_KEY = 'cni-studio.lab-token:';
export const tokenKey = (helperUrl: string): string => TOKEN_KEY + helperUrl.replace(/\/+$/, '');

const LINK = /(?:^#|&)lab=([^&]*)/;

/** The token a `#lab=<token>` fragment carries (undefined without one, or with an empty one). */
export function linkToken(hash: string): string | undefined {
  const m = LINK.exec(hash);
  if (!m?.[1]) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

/** The fragment without its `lab=` part (`#lab=t&share=x` → `#share=x`; `#lab=t` → ''). */
export function withoutLinkToken(hash: string): string {
  const rest = hash
    .replace(/^#/, '')
    .split('&')
    .filter((part) => part !== '' && !part.startsWith('lab='));
  return rest.length ? `#${rest.join('&')}` : '';
}

type TokenStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** What a page's connection is read from: the browser's, or a test's own. */
export interface PageSources {
  /** The helper npm start runs next to its dev server (VITE_LAB_URL; an address, not a secret); without it, the helper is the page's origin (`lab serve` serving the app). */
  helperUrl: string | undefined;
  location: { origin: string; hash: string };
  storage: TokenStorage | undefined;
  /** Takes `lab=` out of the address bar (the browser's is deferred: the first screen reads the fragment to open the Lab tab). */
  dropFromAddress: () => void;
}

export interface PageConnection extends LabConnection {
  /** From the link the page was opened with, or kept from an earlier one. */
  from: 'link' | 'stored';
}

/** Storage that throws (a locked-down browser) is storage that keeps nothing. */
function storedToken(storage: TokenStorage | undefined, helperUrl: string): string | undefined {
  try {
    return storage?.getItem(tokenKey(helperUrl)) || undefined;
  } catch {
    return undefined;
  }
}

function storeToken(storage: TokenStorage | undefined, helperUrl: string, token: string): void {
  try {
    storage?.setItem(tokenKey(helperUrl), token);
  } catch {
    // Not kept: this page still connects, a reload needs the link again.
  }
}

/**
 * The page's connection: a `#lab=<token>` in the fragment (kept for its helper, and dropped from the
 * address), else the token kept for the helper from an earlier link. The helper is npm start's (its
 * VITE_LAB_URL), else the page's origin.
 */
export function readConnection(sources: PageSources): PageConnection | undefined {
  const url = (sources.helperUrl || sources.location.origin).replace(/\/+$/, '');
  const fromLink = linkToken(sources.location.hash);
  if (fromLink !== undefined) {
    storeToken(sources.storage, url, fromLink);
    sources.dropFromAddress();
    return { url, token: fromLink, from: 'link' };
  }
  const stored = storedToken(sources.storage, url);
  return stored ? { url, token: stored, from: 'stored' } : undefined;
}

/** Forgets a token the helper refused (only that one: another tab may have kept a newer link's since). */
export function forgetToken(storage: TokenStorage | undefined, { url, token }: LabConnection): void {
  try {
    if (storage?.getItem(tokenKey(url)) === token) storage.removeItem(tokenKey(url));
  } catch {
    // Nothing kept.
  }
}

/** Keeps a token that worked for the page's helper (pasted by hand after a restart: a reload keeps it). */
export function keepToken(storage: TokenStorage | undefined, { url, token }: LabConnection): void {
  if (token) storeToken(storage, url.replace(/\/+$/, ''), token);
}

/** What the Lab panel says when the helper refuses the token this page was opened with (or kept). */
export function refusedTokenMessage(url: string): string {
  return `The helper at ${url} refused this page's token: it is not valid any more (the helper has restarted with a new one, or the link is from an earlier start). Open the link npm start or lab serve printed last (it carries the token), or paste the token it printed and Connect.`;
}

// The browser's side: read once (the address loses `lab=` after), again when a new link is opened in this tab.

/** npm start's helper, if this page came from its dev server. */
export function devServerHelper(): string | undefined {
  const env = import.meta.env as Record<string, string | undefined>;
  return env.VITE_LAB_URL || undefined;
}

export function browserStorage(): TokenStorage | undefined {
  try {
    return typeof localStorage !== 'undefined' ? localStorage : undefined;
  } catch {
    return undefined;
  }
}

/** Takes `lab=` out of the address bar as it is then (a share link's handler may have changed it meanwhile). */
function dropLinkFromAddress(): void {
  const hash = withoutLinkToken(location.hash);
  if (hash !== location.hash) history.replaceState(history.state, '', location.pathname + location.search + hash);
}

function browserSources(): PageSources | undefined {
  if (typeof location === 'undefined') return undefined;
  return { helperUrl: devServerHelper(), location, storage: browserStorage(), dropFromAddress: () => setTimeout(dropLinkFromAddress, 0) };
}

let page: { conn: PageConnection | undefined } | undefined;
const listeners = new Set<(conn: PageConnection) => void>();

/**
 * The connection the page was opened with (npm start's printed link, a `lab serve` link, or a token kept
 * from one), or the newer link opened in this tab since.
 */
export function initialConnection(): PageConnection | undefined {
  if (!page) {
    const sources = browserSources();
    page = { conn: sources ? readConnection(sources) : undefined };
  }
  return page.conn;
}

/** The helper this page belongs to: npm start's, else the one its link or kept token is for. */
export function pageHelper(): string | undefined {
  return devServerHelper()?.replace(/\/+$/, '') ?? initialConnection()?.url;
}

/** Called with the connection of a `#lab=` link opened in this tab after it loaded (the address bar, a click). */
export function onLinkConnection(listener: (conn: PageConnection) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

if (typeof window !== 'undefined' && typeof location !== 'undefined') {
  window.addEventListener('hashchange', () => {
    if (linkToken(location.hash) === undefined) return;
    const sources = browserSources();
    const conn = sources && readConnection(sources);
    if (!conn) return;
    page = { conn };
    for (const listener of listeners) listener(conn);
  });
}
