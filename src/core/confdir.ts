// What a runtime does with a conf directory (/etc/cni/net.d) under a profile's libcni release: which file
// wins for each network name (libcni's LoadNetworkConf order), which is the default network (containerd and
// CRI-O take the first file), duplicates, files that do not load and so abort every lookup after them, and
// each network's list as libcni assembles it: from libcni 1.3 (NetworkConfFromFile) a .conflist gets the
// `*.conf` plugin files of the folder named after its network appended, unless `loadOnlyInlinedPlugins`.
import type { Finding } from './validate/finding';
import type { Validator } from './validate/validate';
import type { ParsedConfig } from './model/document';
import { parseSource, type ParsedSource } from './model/source';
import { parseJsonSource, type JsonSource } from './model/json-source';
import { confDirKind, isYamlFileName, kindFromFileName } from './model/file-names';
import { LineIndex, type TextRange } from './model/text';
import { notUtf8Finding } from './model/go-utf8';
import { parsePointer, toPointer } from './model/pointer';
import { pluginList } from './model/chain';
import { isJsonObject, type JsonObject, type JsonValue } from './model/types';
import { DEFAULT_PROFILE, describeProfile, releaseAtLeast, type RuntimeProfile } from './profiles/profile';
import { libcniLoadFile, libcniLoadText } from './runtime/libcni-load';

export interface ConfDirFile {
  /**
   * The file's path inside the directory, folders separated by "/": `10-net.conflist` at the top, or
   * `net/20-tuning.conf` in the folder of network "net" (deeper files are never read).
   */
  name: string;
  text: string;
  /** Why the file could not be read (then `text` is empty): libcni fails on it too (a top-level one stops lookups as a file that does not parse). */
  unreadable?: string;
  /** The file was left unread by a limit of CNI Studio's (its size), not because libcni cannot read it: what libcni does with it is unknown. */
  unchecked?: true;
  /** Offsets in `text` of U+FFFDs that stand for bytes that were not UTF-8 (core's decodeConfigBytes): warned on the file. */
  replaced?: readonly number[];
}

export interface NetworkChoice {
  network: string;
  file: string;
  shadowed: string[];
}

/** A network's list as libcni assembles it from the directory. */
export interface EffectiveList {
  network: string;
  /** The top-level file it comes from. */
  file: string;
  /** The list's keys and its own plugins (a .conf wrapped into a list), then the plugin files appended. */
  conflist: JsonObject;
  /** For each plugin of `conflist.plugins`, the file it comes from. */
  sources: string[];
  /** The plugin files appended from the network's folder, in libcni's order (empty before libcni 1.3). */
  appended: string[];
  /** A single-plugin file (.conf, .json), wrapped into a list. */
  wrapped: boolean;
}

export interface ConfDirReport {
  /** The libcni release the analysis follows. */
  libcni: string;
  /** Top-level files a runtime reads, in its order. */
  configFiles: string[];
  /** Files in network folders that a list appends, refuses or leaves unread (`list`: its top-level file), each list's in libcni's order, lists in `configFiles` order. */
  pluginFiles: { file: string; list: string }[];
  networks: NetworkChoice[];
  defaultNetwork?: { network: string; file: string };
  /** Findings about the directory as a whole, each naming the file it is about in `file`. */
  findings: (Finding & { file: string })[];
  /** Per-file findings: a top-level file's as linting it alone, or as part of its assembled list; a plugin file's in its list. */
  perFile: Map<string, Finding[]>;
  /** Each top-level file that loads, as libcni assembles it. */
  effective: Map<string, EffectiveList>;
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const folderOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Go's filepath.Join(dir, name) relative to dir ('' is dir itself), or undefined when it leaves dir. */
function networkFolder(name: string): string | undefined {
  const out: string[] = [];
  for (const segment of name.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(segment);
  }
  return out.join('/');
}

const onlyInlined = (list: JsonObject) => list.loadOnlyInlinedPlugins === true || (typeof list.loadOnlyInlinedPlugins === 'string' && list.loadOnlyInlinedPlugins.toLowerCase() === 'true');

/** A plugin file read for its list: its JSON with positions, and where its text starts in the combined text. */
interface PluginFile {
  file: ConfDirFile;
  json: JsonSource;
  base: number;
  /** Its index in the assembled `plugins`, when it is a plugin there (not when it is not JSON at all). */
  index?: number;
}

/**
 * Validates a list with its plugin files appended, as one list (chain rules see the whole chain), and gives
 * each finding back to the file it is about: the list's own text, or a plugin file (its pointer then
 * relative to that file, its position in that file's text).
 */
function validateAssembled(listFile: ConfDirFile, list: ParsedConfig, plugins: readonly ConfDirFile[], validator: Validator, profile: RuntimeProfile): Map<string, Finding[]> {
  const own = list.conflist!;
  const inlined = pluginList(own);
  let text = listFile.text;
  const read: PluginFile[] = [];
  const values: JsonValue[] = [...inlined];
  for (const file of plugins) {
    text += '\n';
    const json = parseJsonSource(file.text);
    const entry: PluginFile = { file, json, base: text.length };
    if (!json.fatal && json.value !== undefined) {
      entry.index = values.length;
      values.push(json.value);
    }
    read.push(entry);
    text += file.text;
  }
  const shift = (r: TextRange, by: number): TextRange => ({ start: r.start + by, end: r.end + by });
  const byIndex = new Map(read.filter((p) => p.index !== undefined).map((p) => [p.index!, p]));
  const assembled: ParsedConfig = {
    conflist: { ...own, plugins: values },
    upConverted: false,
    findings: [...list.findings, ...read.flatMap((p) => p.json.findings.map((f) => ({ ...f, range: shift(f.range ?? { start: 0, end: 0 }, p.base) })))],
    duplicateKeys: [...list.duplicateKeys, ...read.flatMap((p) => (p.index === undefined ? [] : p.json.duplicateKeys.map((d) => ({ ...d, objectPointer: `/plugins/${p.index}${d.objectPointer}`, range: shift(d.range, p.base) }))))],
    locate(pointer, target) {
      const [first, second, ...rest] = parsePointer(pointer);
      const p = first === 'plugins' && second !== undefined ? byIndex.get(Number(second)) : undefined;
      if (p && String(p.index) === second) {
        const r = p.json.locate(toPointer(rest), target);
        return r && shift(r, p.base);
      }
      return list.locate(pointer, target);
    },
    fallbackRange: list.fallbackRange,
  };
  const source: ParsedSource = { text, format: 'json', configs: [assembled] };
  const out = new Map<string, Finding[]>([[listFile.name, []]]);
  for (const p of read) out.set(p.file.name, []);
  for (const f of validator.validateSource(source, { profile })) {
    const start = f.range?.start ?? 0;
    const p = [...read].reverse().find((x) => start >= x.base);
    if (!p) {
      out.get(listFile.name)!.push(f);
      continue;
    }
    // A finding in a plugin file: its position in that file, its pointer from that file's top.
    const range = shift(f.range!, -p.base);
    const lines = new LineIndex(p.file.text);
    const from = lines.position(range.start);
    const to = lines.position(range.end);
    const segments = parsePointer(f.pointer);
    const pointer = segments[0] === 'plugins' && segments[1] === String(p.index) ? toPointer(segments.slice(2)) : '';
    const { fix: _fix, pluginIndex: _index, ...rest } = f;
    out.get(p.file.name)!.push({ ...rest, pointer, range, line: from.line, column: from.column, endLine: to.line, endColumn: to.column });
  }
  return out;
}

export function analyzeConfDir(files: readonly ConfDirFile[], validator: Validator, profile: RuntimeProfile = DEFAULT_PROFILE): ConfDirReport {
  const libcni = profile.libcni;
  /** Named in every finding that depends on the release. */
  const named = describeProfile(profile);
  const appends = releaseAtLeast(libcni, '1.3.0');
  const perFile = new Map<string, Finding[]>();
  const findings: ConfDirReport['findings'] = [];
  const effective = new Map<string, EffectiveList>();
  const pluginFiles: ConfDirReport['pluginFiles'] = [];
  const top = files.filter((f) => !f.name.includes('/'));
  const lists = top.filter((f) => confDirKind(f.name) === 'conflist').sort((a, b) => byteOrder(a.name, b.name));
  const confs = top.filter((f) => confDirKind(f.name) === 'conf').sort((a, b) => byteOrder(a.name, b.name));
  for (const f of top.filter((x) => confDirKind(x.name) === undefined && !isYamlFileName(x.name))) {
    // libcni matches the extension as written: "60-net.CONFLIST" is as ignored as a README.
    const cased = confDirKind(f.name.toLowerCase()) !== undefined ? ' (libcni matches the extension in lower case only)' : '';
    findings.push({ file: f.name, code: 'CNI704', severity: 'info', message: `${f.name} is not a .conflist, .conf or .json file${cased}: runtimes ignore it in a conf directory.`, pointer: '' });
  }
  // Nothing a runtime reads (a folder of NAD manifests is not a conf directory: its YAML is linted as such).
  if (lists.length + confs.length === 0 && !top.some((f) => isYamlFileName(f.name))) {
    findings.push({
      file: '',
      code: 'CNI703',
      severity: 'error',
      message: 'No .conflist, .conf or .json file here: libcni finds no network in this directory ("no net configurations found"), and a runtime that takes its pods\' network from it (containerd, CRI-O) has none.',
      pointer: '',
    });
  }
  /** The `*.conf` files of each folder, in the order libcni reads them (os.ReadDir: by name); grouped once, as a directory of thousands asks per file. */
  const pluginsByFolder = new Map<string, ConfDirFile[]>();
  for (const f of files) {
    if (!f.name.endsWith('.conf')) continue;
    const folder = folderOf(f.name);
    const group = pluginsByFolder.get(folder);
    if (group) group.push(f);
    else pluginsByFolder.set(folder, [f]);
  }
  for (const group of pluginsByFolder.values()) group.sort((a, b) => byteOrder(a.name, b.name));
  const folderPlugins = (folder: string) => pluginsByFolder.get(folder) ?? [];
  const info = new Map<string, { name?: string; error?: string }>();
  /** Per top-level file: the plugin files in its network's folder, and why libcni does not read them for it (undefined: it does). */
  const folderUse = new Map<string, { files: string[]; unread?: string }>();
  for (const f of [...lists, ...confs]) {
    if (f.unreadable !== undefined && f.unchecked) {
      // libcni reads it: whether it loads, and which network it defines, is unknown here.
      info.set(f.name, {});
      perFile.set(f.name, [{ code: 'CNI707', severity: 'warning', message: `${f.name} was not checked: ${f.unreadable}. libcni reads it: if it does not load, every lookup of a network not found before it fails, and a network it defines wins over the same name in later files.`, pointer: '' }]);
      continue;
    }
    if (f.unreadable !== undefined) {
      // libcni lists it and fails reading it: a lookup stops there, as at a file that does not parse.
      info.set(f.name, { error: f.unreadable });
      perFile.set(f.name, []);
      continue;
    }
    const kind = confDirKind(f.name)!;
    const source = parseSource(f.text, { kind: kindFromFileName(f.name) });
    const alone = libcniLoadText(f.text, kind, libcni);
    const name = alone.ok && typeof alone.conflist.name === 'string' ? alone.conflist.name : undefined;
    const folder = name === undefined ? undefined : networkFolder(name);
    // The folder's plugin files (a network named "" or "." would make it the directory itself: not followed).
    const inFolder = folder ? folderPlugins(folder) : [];
    info.set(f.name, { name, error: alone.ok ? undefined : `libcni ${libcni}: "${alone.error}"` });
    if (!alone.ok || kind === 'conf' || !appends || onlyInlined(alone.conflist)) {
      // The file as it is: libcni reads nothing else for it.
      perFile.set(f.name, validator.validateSource(source, { profile }));
      if (alone.ok) effective.set(f.name, { network: name!, file: f.name, conflist: alone.conflist, sources: pluginList(alone.conflist).map(() => f.name), appended: [], wrapped: kind === 'conf' });
      if (!alone.ok || inFolder.length === 0) continue;
      const why =
        kind === 'conf'
          ? `libcni reads a network's folder only for a .conflist, and "${name}" comes from the single-plugin file ${f.name}`
          : !appends
            ? `libcni ${libcni} does not read a network's folder (from 1.3.0 it appends its *.conf files to the list in ${f.name})`
            : `${f.name} sets loadOnlyInlinedPlugins, so libcni ${libcni} runs only the plugins written in it`;
      folderUse.set(f.name, { files: inFolder.map((p) => p.name), unread: why });
      continue;
    }
    // libcni 1.3+: the list, then each plugin file of its folder in order; the first it cannot read or parse stops the load.
    folderUse.set(f.name, { files: inFolder.map((p) => p.name) });
    const failing = inFolder.find((p) => !p.unchecked && (p.unreadable !== undefined || !libcniLoadText(p.text, 'conf', libcni).ok));
    if (failing) {
      const why = failing.unreadable !== undefined ? `error reading ${failing.name}: ${failing.unreadable}` : (libcniLoadText(failing.text, 'conf', libcni) as { error: string }).error;
      info.set(f.name, { name, error: `its plugin file ${failing.name} does not load: libcni ${libcni}: "${why}"` });
    }
    const loaded = failing ? undefined : libcniLoadFile(f.text, kind, libcni, inFolder.map((p) => ({ name: baseName(p.name), text: p.text })));
    if (loaded && !loaded.ok) info.set(f.name, { name, error: `libcni ${libcni}: "${loaded.error}"` });
    if (inFolder.length > 0) {
      // The list as libcni holds it (a single plugin written without "plugins" is not wrapped: libcni 1.3 reads it as a list without plugins of its own).
      // locate is called on json (a strict source's method reads its own text): a bare reference placed every finding at 1:1.
      const json = parseJsonSource(f.text);
      const list: ParsedConfig = { conflist: isJsonObject(json.value) ? json.value : undefined, upConverted: false, findings: json.findings, duplicateKeys: json.duplicateKeys, locate: (pointer, target) => json.locate(pointer, target), fallbackRange: { start: json.rootOffset, end: json.rootOffset + 1 } };
      for (const [file, found] of validateAssembled(f, list, inFolder.filter((p) => p.unreadable === undefined), validator, profile)) {
        if (file === f.name || !perFile.has(file)) perFile.set(file, found);
      }
    } else perFile.set(f.name, validator.validateSource(source, { profile }));
    if (!loaded?.ok) continue;
    const plugins = pluginList(loaded.conflist);
    const appended = (loaded.appended ?? []).map((n) => `${folder}/${n}`);
    const inlined = plugins.length - appended.length;
    const sources = plugins.map((_, i) => (i < inlined ? f.name : appended[i - inlined]!));
    effective.set(f.name, { network: name!, file: f.name, conflist: loaded.conflist, sources, appended, wrapped: false });
    if (appended.length === 0) continue;
    const steps = plugins.map((p, i) => `${isJsonObject(p) && typeof p.type === 'string' ? p.type : '?'} (${sources[i]})`);
    findings.push({
      file: f.name,
      code: 'CNI705',
      severity: 'info',
      message: `libcni ${libcni} appends ${appended.length === 1 ? 'the plugin file' : `the ${appended.length} plugin files`} in ${folder}/ to network "${name}": it runs ${steps.join(', ')}.`,
      pointer: Object.hasOwn(alone.conflist, 'plugins') ? '/plugins' : '',
      profile: named,
    });
  }
  const networks = new Map<string, NetworkChoice>();
  // libcni tries every .conflist first (in byte order), then .conf/.json; a file that does not load aborts the lookup.
  const ordered = [...lists, ...confs];
  let blockedBy: string | undefined;
  /** Files whose network no lookup reaches, with the file it aborts at; and the plugin files that never run for that. */
  const neverFound = new Map<string, string>();
  const neverRun = new Set<string>();
  for (const f of ordered) {
    const { name, error } = info.get(f.name)!;
    if (error !== undefined) {
      if (!blockedBy) {
        blockedBy = f.name;
        const later = ordered.slice(ordered.indexOf(f) + 1).map((x) => x.name);
        findings.push({
          file: f.name,
          code: 'CNI702',
          severity: 'error',
          message: `${f.name} does not load (${error}), and libcni stops at the first file it cannot load: every lookup of a network not found before it fails${later.length ? ` (including ${later.join(', ')})` : ''}.`,
          pointer: '',
          profile: named,
        });
      }
      continue;
    }
    if (name === undefined) continue;
    const existing = networks.get(name);
    if (existing) {
      existing.shadowed.push(f.name);
      findings.push({ file: f.name, code: 'CNI701', severity: 'warning', message: `Network "${name}" is also defined by ${existing.file}, which wins (libcni order): ${f.name} is never used for it.`, pointer: '/name' });
    } else if (blockedBy) {
      findings.push({ file: f.name, code: 'CNI702', severity: 'error', message: `Network "${name}" is never found: the lookup aborts at ${blockedBy} first.`, pointer: '/name', profile: named });
      // Nothing of it runs: not its own plugins, nor its folder's (said once per plugin file).
      neverFound.set(f.name, blockedBy);
      for (const file of folderUse.get(f.name)?.files ?? []) {
        if (!neverRun.has(file)) findings.push({ file, code: 'CNI706', severity: 'warning', message: `${file} is never run: network "${name}" is never found (the lookup aborts at ${blockedBy} first).`, pointer: '', profile: named });
        neverRun.add(file);
      }
    } else {
      networks.set(name, { network: name, file: f.name, shadowed: [] });
    }
  }
  for (const [file] of neverFound) effective.delete(file);
  const said = findings.filter((f) => !(f.code === 'CNI705' && neverFound.has(f.file)));
  findings.splice(0, findings.length, ...said);
  // containerd and CRI-O take the first config file (all extensions sorted together) as the default network.
  const first = [...lists, ...confs].sort((a, b) => byteOrder(a.name, b.name))[0];
  const firstInfo = first && info.get(first.name);
  const defaultNetwork = first && firstInfo?.name !== undefined && firstInfo.error === undefined ? { network: firstInfo.name, file: first.name } : undefined;
  // Each plugin file under the file that decides its fate: the network's winning file, else the first that names its folder.
  // It never runs when that winner does not read the folder (a network never found runs nothing anyway).
  const owner = new Map<string, string>();
  for (const f of ordered) {
    const use = folderUse.get(f.name);
    if (!use) continue;
    const winner = networks.get(info.get(f.name)!.name!)?.file === f.name;
    for (const file of use.files) {
      if (winner || !owner.has(file)) owner.set(file, f.name);
      if (winner && use.unread && !neverRun.has(file)) findings.push({ file, code: 'CNI706', severity: 'warning', message: `${file} is never run: ${use.unread}.`, pointer: '', profile: named });
    }
  }
  for (const f of ordered) for (const file of folderUse.get(f.name)?.files ?? []) if (owner.get(file) === f.name && !pluginFiles.some((p) => p.file === file)) pluginFiles.push({ file, list: f.name });
  // A file in a folder no list of this directory reads (named after no network of it, or not a .conf):
  // libcni never opens it. Said, so that a directory's count of files and its table add up.
  const mentioned = new Set(findings.map((x) => x.file));
  for (const f of files) {
    if (!f.name.includes('/') || owner.has(f.name) || mentioned.has(f.name)) continue;
    const folder = folderOf(f.name);
    findings.push({ file: f.name, code: 'CNI704', severity: 'info', message: `${f.name} is in a folder libcni never reads${f.name.endsWith('.conf') ? `: it reads a folder's .conf plugin files only for a list whose network is named after the folder, and no list here is named "${folder.split('/').pop()}"` : ': it reads only .conf plugin files, from a list\'s network folder'}. Runtimes ignore it.`, pointer: '' });
  }
  const unchecked = new Set(files.filter((f) => f.unchecked).map((f) => f.name));
  for (const n of networks.values()) {
    // A file CNI Studio did not read comes first in libcni's order: it may define the network itself.
    const before = ordered.slice(0, ordered.findIndex((f) => f.name === n.file)).filter((f) => unchecked.has(f.name)).map((f) => f.name);
    findings.push({
      file: n.file,
      code: 'CNI700',
      severity: 'info',
      message: `Network "${n.network}" comes from ${n.file}${defaultNetwork?.file === n.file ? ' (the default network for containerd and CRI-O: the first file in order)' : ''}${before.length ? `, unless ${before.join(' or ')}, before it in libcni's order and not checked, defines it` : ''}.`,
      pointer: '/name',
    });
  }
  // The default network of containerd and CRI-O when a lookup by name never reaches it (a broken file before
  // it in libcni's order, or a file that wins its name): they load the first file alone and never read the rest.
  if (defaultNetwork && networks.get(defaultNetwork.network)?.file !== defaultNetwork.file) {
    findings.push({
      file: defaultNetwork.file,
      code: 'CNI700',
      severity: 'info',
      message: `${defaultNetwork.file} is the default network for containerd and CRI-O (the first file in order, all extensions together): they load "${defaultNetwork.network}" from it and read no other file, whatever a lookup by name (cnitool, a runtime asking for "${defaultNetwork.network}") finds or stops at.`,
      pointer: '/name',
    });
  }
  // Bytes that were not UTF-8, read as Go reads them: said on the file, whatever else it has.
  for (const f of files) if (f.replaced?.length && perFile.has(f.name)) perFile.set(f.name, [notUtf8Finding(f.text, f.replaced), ...perFile.get(f.name)!]);
  return { libcni, configFiles: ordered.map((f) => f.name), pluginFiles, networks: [...networks.values()], defaultNetwork, findings, perFile, effective };
}
