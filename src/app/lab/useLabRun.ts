// Running the chain on a helper, and what happens when the helper is busy with another run: the user may
// wait, and the run starts when the helper is free (its probe says `busy`), polled with a growing delay.
// The run is the network as it was when the user clicked; if it changed meanwhile, the user is asked.
import { useCallback, useEffect, useRef, useState } from 'react';
import { conflistFingerprint, conflistOf, type LabRunRequest } from '../../core';
import { store, useActions } from '../state';
import { BusyError, fetchProbe, streamRun, UnauthorizedError, type LabConnection } from './client';

/** A run as asked for: the request (the network at click time) and the ids its plugins had then. */
export interface AskedRun {
  request: LabRunRequest;
  pluginIds: readonly string[];
  fingerprint: string;
  /** What the run is, in words ("Live ADD"). */
  label: string;
}

export type RunPhase =
  | { kind: 'idle' }
  | { kind: 'running'; run: AskedRun }
  /** The helper said it is busy: offer to wait. */
  | { kind: 'busy'; run: AskedRun; message: string }
  | { kind: 'waiting'; run: AskedRun; checks: number }
  /** The helper is free, but the network is not the one asked for any more: which one to run? */
  | { kind: 'changed'; run: AskedRun };

/** How long to wait before asking the helper again: 0.5 s, 1 s, 2 s, then every 4 s. */
export const pollDelay = (checks: number): number => Math.min(4000, 500 * 2 ** checks);

export function askRun(request: LabRunRequest, label: string): AskedRun {
  return { request, pluginIds: store.getState().chain.plugins.map((p) => p.id), fingerprint: conflistFingerprint(request.conflist), label };
}

/** `onUnauthorized`: the helper refused the token (it restarted with a new one): the panel is no longer connected. */
export function useLabRun(conn: LabConnection, onUnauthorized?: () => void) {
  const actions = useActions();
  const [phase, setPhase] = useState<RunPhase>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);
  // The wait in progress: cancelling (or unmounting) stops it.
  const waiting = useRef<{ cancelled: boolean; timer?: ReturnType<typeof setTimeout> } | null>(null);

  const stopWaiting = () => {
    if (waiting.current) {
      waiting.current.cancelled = true;
      clearTimeout(waiting.current.timer);
      waiting.current = null;
    }
  };
  useEffect(() => () => stopWaiting(), []);

  const start = useCallback(
    async (run: AskedRun): Promise<'done' | 'busy'> => {
      abort.current = new AbortController();
      setPhase({ kind: 'running', run });
      let started = false;
      try {
        await streamRun(
          conn,
          run.request,
          (e) => {
            // The old run stays on screen until the helper has accepted this one.
            if (!started) actions.labStart({ conflist: run.request.conflist, fingerprint: run.fingerprint, pluginIds: run.pluginIds, operations: run.request.operations });
            started = true;
            actions.labEvent(e);
          },
          abort.current.signal,
        );
        actions.labEnd();
      } catch (e) {
        if (e instanceof BusyError && !started) return 'busy';
        if (e instanceof UnauthorizedError) onUnauthorized?.();
        if (!started) actions.labStart({ conflist: run.request.conflist, fingerprint: run.fingerprint, pluginIds: run.pluginIds, operations: run.request.operations });
        actions.labEnd((e as Error).message);
      } finally {
        abort.current = null;
      }
      setPhase({ kind: 'idle' });
      return 'done';
    },
    [conn, actions, onUnauthorized],
  );

  const run = useCallback(
    async (asked: AskedRun) => {
      stopWaiting();
      const outcome = await start(asked);
      if (outcome === 'busy') setPhase({ kind: 'busy', run: asked, message: 'The helper is busy with another run (runs go one at a time: they share the host).' });
    },
    [start],
  );

  /** Waits until the helper is free, then runs what was asked for (or asks, if the network changed). */
  const wait = useCallback(
    (asked: AskedRun) => {
      stopWaiting();
      const token = { cancelled: false as boolean, timer: undefined as ReturnType<typeof setTimeout> | undefined };
      waiting.current = token;
      const check = async (checks: number) => {
        if (token.cancelled) return;
        setPhase({ kind: 'waiting', run: asked, checks });
        let busy: boolean;
        try {
          busy = (await fetchProbe(conn)).busy === true;
        } catch (e) {
          if (token.cancelled) return;
          stopWaiting();
          setPhase({ kind: 'idle' });
          actions.notify({ kind: 'error', text: `Stopped waiting for the helper: ${(e as Error).message}` });
          return;
        }
        if (token.cancelled) return;
        if (!busy) {
          if (conflistFingerprint(conflistOf(store.getState().chain)) !== asked.fingerprint) {
            waiting.current = null;
            setPhase({ kind: 'changed', run: asked });
            return;
          }
          // Another client may have taken the helper between the probe and this request: keep waiting.
          if ((await start(asked)) === 'done' || token.cancelled) {
            if (waiting.current === token) waiting.current = null;
            return;
          }
        }
        token.timer = setTimeout(() => void check(checks + 1), pollDelay(checks));
      };
      void check(0);
    },
    [conn, start, actions],
  );

  // The busy offer says what is true: once the helper is free again (the other run ended), it goes, and
  // the buttons run at once. Asked with the same growing delay as a wait; stops with the offer.
  const offered = phase.kind === 'busy';
  useEffect(() => {
    if (!offered) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async (checks: number) => {
      const busy = await fetchProbe(conn).then(
        (p) => p.busy === true,
        () => true,
      );
      if (stopped) return;
      if (!busy) {
        setPhase((now) => (now.kind === 'busy' ? { kind: 'idle' } : now));
        actions.notify({ kind: 'info', text: 'The helper is free now: the run can start.' });
        return;
      }
      timer = setTimeout(() => void check(checks + 1), pollDelay(checks));
    };
    timer = setTimeout(() => void check(0), pollDelay(0));
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [offered, conn, actions]);

  const cancel = useCallback(() => {
    stopWaiting();
    setPhase({ kind: 'idle' });
  }, []);

  const stop = useCallback(() => abort.current?.abort(), []);

  return { phase, run, wait, cancel, stop };
}
