// What Multus hands libcni for a NetworkAttachmentDefinition whose config has no name: it decodes the
// config into a map, sets "name" (that key exactly) to metadata.name when it is missing or "", and
// marshals the map again (keys sorted, so a "Name" before "name" loses to it in libcni's decoder).
import { isJsonObject } from '../model/types';
import { goMarshal } from './go-json';

/** The config text as Multus passes it on: unchanged unless it fills the name. */
export function multusConfigText(text: string, nadName: string | undefined): string {
  if (!nadName) return text;
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    return text; // libcni says why it cannot load it
  }
  if (!isJsonObject(config) || (Object.hasOwn(config, 'name') && config.name !== '')) return text;
  return goMarshal({ ...config, name: nadName });
}
