// Every semantic rule, in the order their findings read best.
import type { Rule } from '../context';
import { booleanFlags, checkAvailability, cniVersion, cniVersions, libcniSpec, networkName, numbersBeyondGo, pluginsPresent } from './envelope';
import { chainOrder, pluginType, versionSupport } from './chain';
import { capabilities, duplicateKeys, reservedKeys, runtimeSetKeys } from './plugin-keys';
import { changedDefaults, interfaceNames, pluginShipped, releaseConflicts, releaseKeys, releaseValues } from './releases';
import { ipamContents, ipamPresence } from './ipam';
import { pluginSpecific } from './plugins';
import { linkLimits } from './link-limits';
import { addressPrefixCheck, bandwidthCheck, bridgeLayer2Check, bridgeMacCheck, portmapCheck, routeCheck, sbrCheck, tuningCheck, tuningValueCheck } from './check-behaviour';
import { addressRules } from './addresses';

export const RULES: readonly Rule[] = [
  numbersBeyondGo,
  networkName,
  cniVersion,
  cniVersions,
  booleanFlags,
  libcniSpec,
  pluginsPresent,
  checkAvailability,
  pluginType,
  chainOrder,
  pluginShipped,
  versionSupport,
  runtimeSetKeys,
  reservedKeys,
  capabilities,
  releaseKeys,
  releaseValues,
  releaseConflicts,
  changedDefaults,
  portmapCheck,
  bandwidthCheck,
  tuningCheck,
  tuningValueCheck,
  sbrCheck,
  routeCheck,
  addressPrefixCheck,
  bridgeLayer2Check,
  bridgeMacCheck,
  interfaceNames,
  duplicateKeys,
  ipamPresence,
  ipamContents,
  pluginSpecific,
  linkLimits,
  addressRules,
];
