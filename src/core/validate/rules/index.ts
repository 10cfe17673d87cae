// Every semantic rule, in the order their findings read best.
import type { Rule } from '../context';
import { booleanFlags, checkAvailability, cniVersion, cniVersions, networkName, pluginsPresent } from './envelope';
import { chainOrder, pluginType, versionSupport } from './chain';
import { capabilities, duplicateKeys, olderPluginFields, reservedKeys, runtimeSetKeys } from './plugin-keys';
import { ipamContents, ipamPresence } from './ipam';
import { pluginSpecific } from './plugins';

export const RULES: readonly Rule[] = [
  networkName,
  cniVersion,
  cniVersions,
  booleanFlags,
  pluginsPresent,
  checkAvailability,
  pluginType,
  chainOrder,
  versionSupport,
  runtimeSetKeys,
  reservedKeys,
  capabilities,
  olderPluginFields,
  duplicateKeys,
  ipamPresence,
  ipamContents,
  pluginSpecific,
];
