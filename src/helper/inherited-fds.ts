// Descriptors the helper inherited from what started it (a shell's redirections, a service manager's
// sockets, a CI runner's pipes) would pass on to every plugin it runs, as root: Node opens its own
// close-on-exec, an inherited one usually is not. The helper closes those as it starts; standard input,
// output and error stay (Node's IPC channel, when it has one, is close-on-exec).
import { closeSync, readdirSync, readFileSync } from 'node:fs';

const O_CLOEXEC = 0o2000000;

/** The descriptors above stderr a new program would inherit (not close-on-exec), from /proc/self (none without it). */
export function inheritableFds(): number[] {
  let names: string[];
  try {
    names = readdirSync('/proc/self/fd');
  } catch {
    return [];
  }
  return names
    .map(Number)
    .filter((fd) => fd > 2)
    .filter((fd) => {
      try {
        const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'latin1'))?.[1];
        return flags !== undefined && (parseInt(flags, 8) & O_CLOEXEC) === 0;
      } catch {
        return false; // the listing's own descriptor, closed again already
      }
    })
    .sort((a, b) => a - b);
}

/** Closes what `inheritableFds` finds; returns the descriptors closed. */
export function closeInheritedFds(): number[] {
  const fds = inheritableFds();
  for (const fd of fds) {
    try {
      closeSync(fd);
    } catch {
      // closed meanwhile
    }
  }
  return fds;
}
