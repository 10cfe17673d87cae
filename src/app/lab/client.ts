// Talking to a lab helper: the probe, and a run whose events arrive as a stream.
import { HELPER_HEADER, type LabEvent, type LabRunRequest, type ProbeAnswer } from '../../core';
import type { LabConnection } from './connection';

export type { ProbeAnswer };
// The connection the page was opened with is read at start, apart from this module (the first screen has no client).
export { initialConnection, type LabConnection } from './connection';

async function explain(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: string };
    return body.message ?? `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

export async function fetchProbe({ url, token }: LabConnection): Promise<ProbeAnswer> {
  let response: Response;
  try {
    response = await fetch(`${url.replace(/\/$/, '')}/api/probe`, { headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new Error(`No lab helper answers at ${url}. Start one with "sudo npx cni-studio lab serve" (or npm start), or check the URL.`);
  }
  if (response.status === 401) throw new UnauthorizedError(await explain(response));
  if (!response.ok) throw new Error(await explain(response));
  // Something else on that address (the app's own server, say) answers with a page, not a probe.
  if (!(response.headers.get('content-type') ?? '').includes('application/json')) throw new Error(`${url} answered, but not as a CNI Studio lab helper (it sent ${response.headers.get('content-type')?.split(';')[0] ?? 'no content type'}): check the helper URL.`);
  return (await response.json()) as ProbeAnswer;
}

/** The helper answered 409: another run holds the machine (runs go one at a time). */
export class BusyError extends Error {}

/** The helper answered 401: the token is not (or no longer) its own, as after it restarted with a new one. */
export class UnauthorizedError extends Error {}

/** Runs on the helper; every event is handed to `onEvent` as it arrives. */
export async function streamRun({ url, token }: LabConnection, request: LabRunRequest, onEvent: (e: LabEvent) => void, signal?: AbortSignal): Promise<void> {
  const response = await fetch(`${url.replace(/\/$/, '')}/api/runs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(request),
    signal,
  });
  if (response.status === 409) throw new BusyError(await explain(response));
  if (response.status === 401) throw new UnauthorizedError(await explain(response));
  if (!response.ok || !response.body) throw new Error(await explain(response));
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const chunk = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      if (chunk.startsWith('data: ')) onEvent(JSON.parse(chunk.slice(6)) as LabEvent);
    }
  }
}

/** Whether a lab helper served this page (it marks the app's files with a header): its URL is then this origin. */
export async function servedByHelper(): Promise<boolean> {
  if (typeof location === 'undefined' || !/^https?:$/.test(location.protocol)) return false;
  try {
    const response = await fetch(location.origin + location.pathname, { method: 'HEAD', cache: 'no-store' });
    return response.headers.get(HELPER_HEADER) !== null;
  } catch {
    return false;
  }
}
