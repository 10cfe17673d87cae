// A lab run asked for from outside the Live lab tab (the palette's "Run ADD in the live lab"): the tab takes
// it when it shows, runs it once connected to a helper, or says what is missing.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { Operation } from '../../core';

interface Request {
  operations: Operation[];
}

const useRequest = create<{ request: Request | null; why: string | null }>(() => ({ request: null, why: null }));

export function requestLabRun(operations: Operation[]): void {
  useRequest.setState({ request: { operations }, why: null });
}

/**
 * In the Live lab panel: runs a requested run when `ready` (connected, nothing running); while `waiting`
 * (a connection is being made) it waits; otherwise it drops the request and returns why it could not run.
 */
export function useLabRunRequest({ ready, waiting, run }: { ready: boolean; waiting: boolean; run: (operations: Operation[]) => void }): string | null {
  const request = useRequest((s) => s.request);
  const why = useRequest((s) => s.why);
  useEffect(() => {
    if (!request || (!ready && waiting)) return;
    useRequest.setState({ request: null, why: ready ? null : `To run ${request.operations.join(', ')} here, connect to a lab helper first: its URL and token, then Connect (npm start runs one).` });
    if (ready) run(request.operations);
  }, [request, ready, waiting, run]);
  return why;
}
