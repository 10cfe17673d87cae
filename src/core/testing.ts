// Small builders shared by the core's tests (kept out of the public index).
import type { JsonObject, JsonValue } from './model/types';

export function list(plugins: JsonValue[], extra: JsonObject = {}): JsonObject {
  return { cniVersion: '1.0.0', name: 'testnet', ...extra, plugins };
}

export const hostLocal = (subnet = '10.22.0.0/16'): JsonObject => ({ type: 'host-local', ranges: [[{ subnet }]] });
export const bridge = (extra: JsonObject = {}): JsonObject => ({ type: 'bridge', bridge: 'cni0', ipam: hostLocal(), ...extra });
export const portmap = (): JsonObject => ({ type: 'portmap', capabilities: { portMappings: true } });
/** A bridge whose host-local has these range sets. */
export const hostLocalSets = (...sets: JsonObject[][]): JsonObject => list([bridge({ ipam: { type: 'host-local', ranges: sets } })]);
