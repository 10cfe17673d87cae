// The host's `ip -d -j -batch` session (ip-session.ts), kept for the helper's life instead of started
// for each run (starting a process forks the whole helper): a run's reads of the host go to it, the run's
// namespaces are made through it (`netns add`, then the namespace's own session brings its loopback up),
// and the namespaces and proven host links are removed through it. It holds the helper's event loop only
// while a run's reader is open. A session that ended (a command failed) is replaced at the next use.
import { IpSession } from './ip-session';
import { createNetns, deleteHostLink, deleteNetns, isOurs, newNetnsName } from './netns';

/** The host's session, kept between runs; `openReaders` counts the readers whose runs need it to hold the event loop. */
let hostSession: IpSession | undefined;
let openReaders = 0;

/** A run's reader opened (true) or closed (false): the host's session holds the event loop while any is open. */
export function readerOpen(open: boolean): void {
  openReaders += open ? 1 : -1;
  if (openReaders === 0) hostSession?.hold(false);
}

/** Whether a run is reading now (nothing is made ahead meanwhile). */
export const runReading = (): boolean => openReaders > 0;

export function hostSide(): IpSession {
  if (!hostSession?.alive) hostSession = new IpSession(['-d']);
  hostSession.hold(openReaders > 0);
  return hostSession;
}

/** Names ip's batch reads back as one word (a line of the host's session is built from them); others go to a process as argv. */
const BATCH_SAFE = /^[A-Za-z0-9_.@-]{1,64}$/;

/**
 * Removes one of our namespaces through the host's session (no process of its own); a name gone already
 * is not an error. A session that fails for another reason (it may have been another command's) is
 * given up and the removal made by a process of its own, as before sessions.
 */
export async function removeNetns(name: string): Promise<void> {
  if (!isOurs(name)) throw new Error(`refusing to delete namespace "${name}": not created by the helper`);
  if (!BATCH_SAFE.test(name)) return deleteNetns(name);
  await hostSide()
    .do(`netns delete ${name}`)
    .catch(() => deleteNetns(name));
}

/** Removes a host link the run proved its own, as `removeNetns` does; a link gone already is not an error. */
export async function removeHostLink(ifname: string): Promise<void> {
  if (!BATCH_SAFE.test(ifname)) return deleteHostLink(ifname);
  await hostSide()
    .do(`link delete ${ifname}`)
    .catch(() => deleteHostLink(ifname));
}

/**
 * A new namespace of ours, its loopback up, and the session that reads it. `netns add` goes to the host's
 * session, never to one made with -n: that lives in a mount namespace of its own, where the bind mount
 * would not be seen. ip (6.1 here) then goes back to the host's namespace; one that stayed in the new one
 * would answer from there (its loopback still down), so the answer after it is checked before anything
 * else the session answers, and a session that fails it is ended. The loopback comes up so the namespace
 * behaves like a container's. Whatever fails, the name is removed (a session that ended after `netns
 * add` ran may have made it) and the namespace is made with two processes instead.
 */
export async function makeNetns(): Promise<{ name: string; session?: IpSession }> {
  // The name is the helper's own (pid and random hex), checked again before it is written to a batch.
  const name = newNetnsName();
  if (!isOurs(name)) throw new Error(`refusing to create namespace "${name}"`);
  let session: IpSession | undefined;
  try {
    await hostSide().do(`netns add ${name}`, (lo) => (lo[0]?.flags?.includes('UP') ? undefined : 'ip did not go back to the host’s namespace after netns add'));
    session = new IpSession(['-n', name, '-d']);
    await session.do('link set lo up');
    return { name, session };
  } catch {
    session?.close();
    await deleteNetns(name).catch(() => {});
    return createNetns();
  }
}
