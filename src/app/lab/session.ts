// The Live lab tab's connection, kept for the page's life: the bottom panel unmounts a tab it hides, and
// switching to the preview to add a port mapping must not forget the helper the user connected to.
import { create } from 'zustand';
import { initialConnection, type LabConnection, type ProbeAnswer } from './client';

/** The helper's address when nothing says otherwise (`cni-studio lab serve`'s default port). */
export const DEFAULT_URL = 'http://127.0.0.1:7478';

interface LabSession {
  conn: LabConnection;
  urlEdited: boolean;
  probe: ProbeAnswer | null;
  problem: string | null;
  keep: number;
  /** How many containers a run attaches (1–8). */
  containers: number;
  /** With several containers, only the first gets the preview's port mappings (a host port serves one). */
  firstPublishes: boolean;
  /** Probe with real traffic after ADD. */
  checks: boolean;
  /** The page's own connection (a helper's link, npm start) has been tried once. */
  autoConnected: boolean;
  /** A probe is under way (the first reads every plugin's VERSION: a second or more on a lab machine). */
  connecting: boolean;
}

type Update<T> = T | ((previous: T) => T);

// Started with what the page was opened with (a helper's link, npm start), else the default address.
export const labSession = create<LabSession>(() => ({ conn: initialConnection() ?? { url: DEFAULT_URL, token: '' }, urlEdited: false, probe: null, problem: null, keep: 0, containers: 1, firstPublishes: true, checks: false, autoConnected: false, connecting: false }));

/** A setter shaped like useState's, for one field of the session. */
export function setLabSession<K extends keyof LabSession>(key: K): (value: Update<LabSession[K]>) => void {
  return (value) => labSession.setState((s) => ({ [key]: typeof value === 'function' ? (value as (p: LabSession[K]) => LabSession[K])(s[key]) : value }) as Pick<LabSession, K>);
}
