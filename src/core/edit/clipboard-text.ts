// What Copy puts on the clipboard: the selected plugins as a valid conflist (clipboard.ts reads pastes).
import { serializeConflist } from '../model/serialize';
import { isJsonObject, type JsonObject } from '../model/types';
import { pluginList } from '../model/chain';

export function clipboardText(doc: JsonObject, indexes: readonly number[]): string {
  const plugins = pluginList(doc);
  const picked = [...indexes].sort((a, b) => a - b).map((i) => plugins[i]).filter(isJsonObject);
  const list: JsonObject = {};
  if (doc.cniVersion !== undefined) list.cniVersion = doc.cniVersion;
  if (doc.name !== undefined) list.name = doc.name;
  list.plugins = picked;
  return serializeConflist(list);
}
