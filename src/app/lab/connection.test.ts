import { describe, expect, it, vi } from 'vitest';
import { fetchProbe, UnauthorizedError } from './client';
import { forgetToken, keepToken, linkToken, readConnection, refusedTokenMessage, tokenKey, withoutLinkToken, type PageSources } from './connection';

/** A page of an origin: its address bar (what history.replaceState leaves there) and its localStorage. */
function browser(origin: string) {
  const items = new Map<string, string>();
  const storage = {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
  const open = (hash: string, helperUrl: string | undefined) => {
    const location = { origin, hash };
    const sources: PageSources = { helperUrl, location, storage, dropFromAddress: () => (location.hash = withoutLinkToken(location.hash)) };
    return { conn: readConnection(sources), location };
  };
  return { items, storage, open };
}

const NPM_START = 'http://127.0.0.1:7478';
const TOKEN = 'Zq3-secret_token-from-start-0123456789';

describe("the page's lab connection", () => {
  it("npm start's link: the dev server's helper URL with the fragment's token, kept for that helper, and lab= gone from the address", () => {
    const b = browser('http://127.0.0.1:5173');
    const page = b.open(`#lab=${TOKEN}`, NPM_START);
    expect(page.conn).toEqual({ url: NPM_START, token: TOKEN, from: 'link' });
    expect(page.location.hash).toBe('');
    expect(b.items.get(tokenKey(NPM_START))).toBe(TOKEN);
  });

  it('a reload (no fragment any more) and a second tab of the origin connect with the kept token', () => {
    const b = browser('http://127.0.0.1:5173');
    b.open(`#lab=${TOKEN}`, NPM_START);
    expect(b.open('', NPM_START).conn).toEqual({ url: NPM_START, token: TOKEN, from: 'stored' });
    // A share link replaced the fragment: the token is still the kept one, and the share is left alone.
    const shared = b.open('#share=abc', NPM_START);
    expect(shared.conn).toEqual({ url: NPM_START, token: TOKEN, from: 'stored' });
    expect(shared.location.hash).toBe('#share=abc');
  });

  it('a newer link replaces the kept token; another share in the same fragment stays', () => {
    const b = browser('http://127.0.0.1:5173');
    b.open('#lab=old-token-0123456789abcdef', NPM_START);
    const page = b.open(`#share=xyz&lab=${encodeURIComponent(TOKEN)}`, NPM_START);
    expect(page.conn?.token).toBe(TOKEN);
    expect(page.location.hash).toBe('#share=xyz');
    expect(b.open('', NPM_START).conn?.token).toBe(TOKEN);
  });

  it('tokens are kept per helper URL: another helper (other LAB_PORT) has none', () => {
    const b = browser('http://127.0.0.1:5173');
    b.open(`#lab=${TOKEN}`, NPM_START);
    expect(b.open('', 'http://127.0.0.1:7480').conn).toBeUndefined();
    // A trailing slash names the same helper.
    expect(b.open('', `${NPM_START}/`).conn?.url).toBe(NPM_START);
  });

  it('the dev server without a link or a kept token: no connection (the panel says to open the link)', () => {
    expect(browser('http://127.0.0.1:5173').open('', NPM_START).conn).toBeUndefined();
    expect(browser('http://127.0.0.1:5173').open('#lab=', NPM_START).conn).toBeUndefined();
  });

  it("lab serve serving the app: the link's token with the page's origin, as before, kept for reloads too", () => {
    const b = browser('http://127.0.0.1:7478');
    const page = b.open(`#lab=${encodeURIComponent('a/b+c=')}`, undefined);
    expect(page.conn).toEqual({ url: 'http://127.0.0.1:7478', token: 'a/b+c=', from: 'link' });
    expect(page.location.hash).toBe('');
    expect(b.open('', undefined).conn).toEqual({ url: 'http://127.0.0.1:7478', token: 'a/b+c=', from: 'stored' });
  });

  it('a token the helper refused is forgotten, unless another tab kept a newer one meanwhile', () => {
    const b = browser('http://127.0.0.1:5173');
    b.open(`#lab=${TOKEN}`, NPM_START);
    forgetToken(b.storage, { url: NPM_START, token: 'some-other-token' });
    expect(b.items.get(tokenKey(NPM_START))).toBe(TOKEN);
    forgetToken(b.storage, { url: NPM_START, token: TOKEN });
    expect(b.open('', NPM_START).conn).toBeUndefined();
    keepToken(b.storage, { url: `${NPM_START}/`, token: 'pasted-by-hand-0123456789' });
    expect(b.open('', NPM_START).conn?.token).toBe('pasted-by-hand-0123456789');
  });

  it('storage that throws keeps nothing, and the link still connects', () => {
    const throwing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    const location = { origin: 'http://127.0.0.1:5173', hash: `#lab=${TOKEN}` };
    expect(readConnection({ helperUrl: NPM_START, location, storage: throwing, dropFromAddress: () => {} })).toEqual({ url: NPM_START, token: TOKEN, from: 'link' });
    expect(readConnection({ helperUrl: NPM_START, location: { ...location, hash: '' }, storage: throwing, dropFromAddress: () => {} })).toBeUndefined();
    expect(() => forgetToken(throwing, { url: NPM_START, token: TOKEN })).not.toThrow();
  });

  it('reads the fragment: lab= anywhere, encoded or not; drops only it', () => {
    expect(linkToken('#lab=abc')).toBe('abc');
    expect(linkToken('#x=1&lab=a%2Fb')).toBe('a/b');
    expect(linkToken('#lab=%E0%A4%A')).toBe('%E0%A4%A');
    expect(linkToken('#flab=abc')).toBeUndefined();
    expect(linkToken('')).toBeUndefined();
    expect(withoutLinkToken('#lab=abc')).toBe('');
    expect(withoutLinkToken('#a=1&lab=abc&b=2')).toBe('#a=1&b=2');
    expect(withoutLinkToken('#share=x')).toBe('#share=x');
    expect(withoutLinkToken('')).toBe('');
  });

  it("knows the helper's 401 from its other refusals by its status, and says what to do", async () => {
    const answering = (status: number, text: string) => vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(JSON.stringify({ error: text }), { status, headers: { 'content-type': 'application/json' } }));
    answering(401, 'A valid bearer token is required.');
    await expect(fetchProbe({ url: NPM_START, token: 'old' })).rejects.toBeInstanceOf(UnauthorizedError);
    answering(403, 'Origin http://x is not allowed.');
    await expect(fetchProbe({ url: NPM_START, token: 'old' })).rejects.not.toBeInstanceOf(UnauthorizedError);
    vi.restoreAllMocks();
    expect(refusedTokenMessage(NPM_START)).toMatch(/not valid any more.*Open the link npm start or lab serve printed/);
  });
});
