// What the lab server's test files share: the plugins they run, the token, and reading a run's event stream.
import type { LabEvent } from '../core';
import { fixturePlugins } from './fixture-plugins';
import { findPlugin } from './probe';

export const SYSTEM = ['/usr/lib/cni', '/opt/cni/bin'];
export const FIXTURES = fixturePlugins();
export const root = typeof process.getuid === 'function' && process.getuid() === 0;
/** Root, with the real plugins installed: the live runs can happen. */
export const ready = root && findPlugin('loopback', SYSTEM) !== undefined;
export const TOKEN = 'test-token-0123456789abcdef';
/** A run of the loopback plugin alone, ADD then DEL. */
export const loopback = { conflist: { cniVersion: '1.0.0', name: 'cnistudio-serve', plugins: [{ type: 'loopback' }] }, operations: ['ADD', 'DEL'] };

/** A run's answer as the events it streamed (server-sent events, one JSON each). */
export async function events(response: Response): Promise<LabEvent[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((chunk) => chunk.startsWith('data: '))
    .map((chunk) => JSON.parse(chunk.slice(6)) as LabEvent);
}
