// A conflist file named on its own, as libcni 1.3+ loads it from disk (NetworkConfFromFile): its plugins,
// then every *.conf plugin file of the network's folder beside it (<dir>/<network name>/) appended. lint,
// plan and diff check and compare that assembled list, as lab run runs it; the conf directory's own
// analysis (core/confdir.ts) does the assembling and the checking, over the list and that one folder.
import { basename, dirname, join } from 'node:path';
import { analyzeConfDir, confDirKind, isYamlSource, libcniLoadText, releaseAtLeast, type ConfDirFile, type Finding, type JsonObject, type Validator } from '../core';
import { readConfigFile, readFileText, type ConfigFile } from './config-file';
import { fileKindOf, pluginFileNames } from './libcni-file';

export interface NetworkFolder {
  /** The list as libcni assembles it: the file's plugins, then the folder's. */
  conflist: JsonObject;
  /** The list file's findings, as part of the assembled list. */
  findings: Finding[];
  /** The plugin files appended (or refused), in libcni's order, each with its findings. */
  pluginFiles: { path: string; findings: Finding[] }[];
  /** The names of the plugin files appended. */
  appended: string[];
}

/** The name the list goes by in the analysis when its own is not a .conflist's (analyzeConfDir reads a list only under one). */
const LIST_NAME = 'list.conflist';

/**
 * The list `path` holds with its network folder's plugin files, or undefined when libcni (the validator's
 * profile) loads the file alone: before 1.3, a .conf or NAD, a list that does not load or has no folder
 * with *.conf files beside it.
 */
export function withNetworkFolder(path: string, text: string, validator: Validator): NetworkFolder | undefined {
  const profile = validator.profile;
  if (!releaseAtLeast(profile.libcni, '1.3.0') || isYamlSource(text, { fileName: basename(path) }) || fileKindOf(path, text) !== 'conflist') return undefined;
  const listed = libcniLoadText(text, 'conflist', profile.libcni);
  if (!listed.ok) return undefined;
  const network = typeof listed.conflist.name === 'string' ? listed.conflist.name : '';
  // A name that leaves the directory, or names it, is no folder libcni lists for plugins of this network.
  if (network === '' || network === '.' || network === '..' || network.includes('/')) return undefined;
  const folder = join(dirname(path), network);
  const names = pluginFileNames(folder) ?? []; // no folder: nothing appended
  if (names.length === 0) return undefined;
  const files: ConfDirFile[] = names.map((name) => {
    const read = readFileText(join(folder, name), false, true);
    return read.ok ? { name: `${network}/${name}`, text: read.text } : { name: `${network}/${name}`, text: '', unreadable: read.reason, ...(read.tooLarge ? { unchecked: true as const } : {}) };
  });
  const listName = confDirKind(basename(path)) === 'conflist' ? basename(path) : LIST_NAME;
  const report = analyzeConfDir([{ name: listName, text }, ...files], validator, profile);
  const effective = report.effective.get(listName);
  const findingsOf = (name: string): Finding[] => {
    const unreadable = files.find((f) => f.name === name && f.unreadable && !f.unchecked)?.unreadable;
    return [
      ...(unreadable ? [{ code: 'CNI010', severity: 'error' as const, message: `Not checked: ${unreadable}.`, pointer: '', line: 1, column: 1 }] : []),
      ...(report.perFile.get(name) ?? []),
      // Which file a lookup takes for a network, and the default network, are the directory's business.
      ...report.findings.filter((f) => f.file === name && f.code !== 'CNI700').map(({ file: _file, ...f }) => f),
    ];
  };
  return {
    conflist: effective?.conflist ?? listed.conflist,
    findings: findingsOf(listName),
    pluginFiles: report.pluginFiles.filter((p) => p.list === listName).map((p) => ({ path: join(dirname(path), p.file), findings: findingsOf(p.file) })),
    appended: (effective?.appended ?? []).map((name) => name.slice(name.lastIndexOf('/') + 1)),
  };
}

/**
 * The one configuration plan and diff work on (readConfigFile), assembled with its network folder as the
 * validator's libcni loads the file from disk; `err` says which plugin files were appended.
 */
export function readAssembledFile(path: string, validator: Validator, err: (s: string) => void, whyNotDirectory: string, verb: string): ConfigFile {
  const file = readConfigFile(path, validator, err, whyNotDirectory, verb);
  const folder = withNetworkFolder(path, file.text, validator);
  if (!folder) return file;
  if (folder.appended.length > 0) err(`info: libcni ${validator.profile.libcni} appends ${folder.appended.length} plugin(s) from the network's folder next to the file: ${folder.appended.join(', ')}`);
  return { ...file, conflist: folder.conflist, findings: () => folder.findings, alsoFrom: folder.pluginFiles };
}
