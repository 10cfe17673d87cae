// bench/lab's breakdown: where a cycle's time goes. The helper's phases are read from its events as it
// writes them (the server publishes each on a diagnostics channel: bench and helper share a process, so a
// client's arrival times would charge a blocked event loop to the step before), and the stream's delay
// from when the client received them; the floor's from its own steps.
import type { LabEvent } from '../../src/core';

/** One event and when the client received it (performance.now()). */
export interface Stamped {
  at: number;
  event: LabEvent;
}

/** A round's phases, in order, in ms. */
export type Phases = Map<string, number>;

const add = (p: Phases, label: string, ms: number) => p.set(label, (p.get(label) ?? 0) + ms);

/** What the helper was doing in the stretch an event ends. */
function labelOf(e: LabEvent): string {
  switch (e.type) {
    case 'run-start':
      return 'prepare: validate, lock, read the host, create the namespace';
    case 'operation-start':
    case 'invocation-start':
      return 'between steps (events, plugin lookup)';
    case 'invocation-end':
      return `${e.command} ${e.pluginType}${e.phase === 'run' ? '' : ` (${e.phase})`}`;
    case 'observed':
      return `observe after ${e.after}`;
    default:
      return `${e.type}`;
  }
}

/**
 * The helper's phases from request sent to stream closed: each written event ends the stretch since the one
 * before; each plugin's own time as the executor measured it; the last event's way to the client.
 */
export function helperPhases(sentAt: number, written: readonly Stamped[], received: readonly Stamped[], closedAt: number): Phases {
  const p: Phases = new Map();
  let last = sentAt;
  for (const [i, { at, event }] of written.entries()) {
    // The run's last observation and teardown are one stretch: teardown removes the namespace and links
    // while that observation's firewall read runs, and writes its event.
    const ending = (event.type === 'observed' && written[i + 1]?.event.type === 'teardown') || event.type === 'teardown';
    add(p, ending ? 'last observation and teardown (overlapped: remove the namespace and links, read the firewall)' : labelOf(event), at - last);
    if (event.type === 'invocation-end') add(p, `  ${event.command} ${event.pluginType}: the process itself`, event.durationMs);
    last = at;
  }
  const arrived = received.at(-1)?.at ?? last;
  add(p, 'event streaming: the last event written → received', arrived - last);
  add(p, 'end of the stream', closedAt - arrived);
  return p;
}

export const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Median of each phase over rounds, in first-seen order. */
export function medianPhases(rounds: readonly Phases[]): [string, number][] {
  const labels = [...new Set(rounds.flatMap((r) => [...r.keys()]))];
  return labels.map((l) => [l, median(rounds.map((r) => r.get(l) ?? 0))]);
}

/** The breakdown as printed: one line per phase, ms with one decimal. */
export function phaseLines(title: string, rounds: readonly Phases[]): string[] {
  const rows = medianPhases(rounds);
  const width = Math.max(...rows.map(([l]) => l.length));
  return [title, ...rows.map(([l, ms]) => `    ${l.padEnd(width)}  ${ms.toFixed(1).padStart(6)} ms`)];
}
