// Share links: the whole network and the runtime inputs in a URL's fragment. Copying one (the toolbar's
// Share), and opening one, at load or pasted into the address bar of an open tab: it is offered, and the
// autosaved work is replaced only if the user chooses to. The codec (fflate) is a chunk of its own.
import { useCallback, useEffect } from 'react';
import { conflistOf, deepEqual, runtimeInputsFrom, type Finding, type JsonObject, type NadMeta } from '../core';
import { store, useActions } from './state';
import { shareCodec } from './later';
import { unparsedNow } from './store/use-unparsed';
import { lastValidNote } from './store/unparsed';

type Actions = ReturnType<typeof useActions>;

interface ShareLinks {
  actions: Actions;
  copyText: (text: string, done: string) => void;
  /** Replaces the open network, asking first when there is work to lose (App's). */
  replaceWith: (doc: JsonObject, fileName: string | undefined, what: string, notes?: Finding[], after?: () => void, nad?: NadMeta) => void;
}

/** Offers the network of a share link the page is opened with (or one pasted later); returns the Share action's run. */
export function useShareLinks({ actions, copyText, replaceWith }: ShareLinks): () => void {
  const share = useCallback(() => {
    const run = ({ encodeShare }: typeof import('../core/formats/share')) => {
      const s = store.getState();
      const encoded = encodeShare({ doc: conflistOf(s.chain), runtime: s.runtime as unknown as JsonObject });
      if (!encoded.ok) return actions.notify({ kind: 'error', text: encoded.message });
      const lastValid = lastValidNote(unparsedNow());
      copyText(`${location.origin}${location.pathname}#share=${encoded.payload}`, `Copied a link holding the whole network and runtime inputs (${Math.ceil(encoded.payload.length / 1024)} KB).${lastValid ? ` ${lastValid}` : ''}`);
    };
    // The codec is fetched when the browser is idle; once there, the link is copied in the click's own task.
    const codec = shareCodec.now();
    if (codec) return run(codec);
    shareCodec.load().then(run, (e: unknown) => actions.notify({ kind: 'error', text: `The share link could not be made: its code did not load (${(e as Error).message}). Nothing was changed.` }));
  }, [actions, copyText]);


  // Opened from a share link, at load or pasted into the address bar of an open tab: offer it, without
  // touching the autosaved work unless the user chooses to.
  const openShareLink = useCallback(() => {
    const m = /(?:^#|&)share=([^&]+)/.exec(location.hash);
    if (!m) return;
    history.replaceState(null, '', location.pathname + location.search);
    // Decoding is a chunk of its own (fflate), loaded now; the offer comes after this render either way.
    void shareCodec.load().then(
      ({ decodeShare }) => {
        let decoded: ReturnType<typeof decodeShare>;
        try {
          decoded = decodeShare(m[1]!);
        } catch (e) {
          decoded = { ok: false, message: `This share link could not be opened: the app failed reading it (${(e as Error).message}). Nothing was changed.` };
        }
        if (!decoded.ok) return actions.notify({ kind: 'error', text: decoded.message });
        const { doc: shared, runtime } = decoded.state;
        // Runtime inputs of the wrong shape are left as they are here, and named (the preview reads them as typed).
        const { ignored } = runtimeInputsFrom(runtime, store.getState().runtime);
        const name = typeof shared.name === 'string' ? `"${shared.name}"` : 'without a name';
        const said = ignored.length ? ` Its runtime inputs ${ignored.join(', ')} are not usable and were left as they were.` : '';
        // The same network already open (this tab, or its autosave in a new one): nothing to replace, nothing to ask.
        if (deepEqual(shared, conflistOf(store.getState().chain)) && Object.keys(store.getState().drafts).length === 0) {
          if (runtime) actions.setRuntime(runtimeInputsFrom(runtime, store.getState().runtime).inputs);
          return actions.notify({ kind: 'info', text: `The shared network ${name} is the one open here.${said}` });
        }
        replaceWith(shared, undefined, `Opened the shared network ${name}.${said}`, [], () => {
          if (runtime) actions.setRuntime(runtimeInputsFrom(runtime, store.getState().runtime).inputs);
        });
      },
      (e: unknown) => actions.notify({ kind: 'error', text: `This share link could not be opened: its code did not load (${(e as Error).message}). Nothing was changed.` }),
    );
  }, [actions, replaceWith]);
  useEffect(() => {
    openShareLink();
    window.addEventListener('hashchange', openShareLink);
    return () => window.removeEventListener('hashchange', openShareLink);
  }, [openShareLink]);
  return share;
}
