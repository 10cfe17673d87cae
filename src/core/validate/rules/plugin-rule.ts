// The shape of a rule of one plugin type (plugins.ts dispatches by type), and a fix the rules share.
import { isJsonObject, type JsonObject } from '../../model/types';
import type { Finding } from '../finding';
import type { PluginView } from '../context';
import type { RuntimeProfile } from '../../profiles/profile';

/** `raw`: the plugin as written (every spelling, nulls kept), for what Go's decoding does with a key whatever its value. */
export type PluginRule = (p: PluginView, all: PluginView[], profile: RuntimeProfile, raw: JsonObject | undefined) => Finding[];

/** A fix that declares a capability, keeping the ones already declared. */
export function declareCapability(p: PluginView, name: string): NonNullable<Finding['fix']> {
  const existing = isJsonObject(p.conf.capabilities) ? p.conf.capabilities : {};
  return { title: `Declare the ${name} capability`, patch: [{ op: 'add', path: `${p.pointer}/capabilities`, value: { ...existing, [name]: true } }] };
}
