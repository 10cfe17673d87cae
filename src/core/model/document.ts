// One entry point for every way a config arrives (file, paste, template, NAD YAML): text in, the conflist a
// runtime would see out, with syntax findings and a way back from JSON pointers to source ranges.
import type { Finding } from '../validate/finding';
import { parseJsonSource, type DuplicateKey, type JsonSource } from './json-source';
import type { TextRange } from './text';
import { isJsonObject, type JsonObject } from './types';
import { goField } from './go-keys';
import { parsePointer, toPointer } from './pointer';
import type { FileKind } from './file-names';

export interface ParsedConfig {
  /** The conflist as a runtime sees it (a `.conf` up-converted); undefined when the text is unusable. */
  conflist: JsonObject | undefined;
  /** True when a single-plugin config was wrapped into a list, as libcni does. */
  upConverted: boolean;
  findings: Finding[];
  duplicateKeys: DuplicateKey[];
  /** Every number of the text is one a float64 holds (JsonSource's finiteNumbers). */
  finiteNumbers?: boolean;
  /** Source range of a pointer into `conflist`. */
  locate(pointer: string, target?: 'key' | 'value'): TextRange | undefined;
  /** Where findings point when their pointer has no text (e.g. a key that is missing). */
  fallbackRange: TextRange;
  /** For multi-document sources: a label such as the NAD's metadata.name. */
  label?: string;
  /** For Kubernetes sources: the object the config came from (a NAD, or a pod that references NADs). */
  object?: KubeObject;
}

export interface KubeObject {
  kind?: string;
  name?: string;
  namespace?: string;
  /** A NAD's k8s.v1.cni.cncf.io/resourceName annotation. */
  resourceName?: string;
  /** The object's whole text. */
  range: TextRange;
  /** metadata.name's value. */
  nameRange?: TextRange;
  /** A pod's (or pod template's) k8s.v1.cni.cncf.io/networks annotation, as written. */
  podNetworks?: { text: string; range: TextRange };
}

/**
 * libcni's ConfListFromConf: the whole object becomes the only plugin; name and cniVersion are lifted, as
 * libcni decoded them from the file ("Name" too: Go's decoding ignores case; of two spellings, the later).
 */
export function upConvert(conf: JsonObject): JsonObject {
  const list: JsonObject = {};
  const cniVersion = goField(conf, 'cniVersion', true);
  const name = goField(conf, 'name', true);
  if (cniVersion !== undefined) list.cniVersion = cniVersion;
  if (name !== undefined) list.name = name;
  list.plugins = [conf];
  return list;
}

/**
 * A wrapped single-plugin config as CNI Studio keeps it: without the plugin's copies of the list's name and
 * cniVersion. libcni gives every plugin the list's (the plugin receives the same bytes); the copies only
 * drew "set by the runtime" notes about the wrapping itself.
 */
export function withoutListCopies(list: JsonObject): JsonObject {
  const plugins = Array.isArray(list.plugins) ? list.plugins : [];
  const [plugin] = plugins;
  if (plugins.length !== 1 || !isJsonObject(plugin)) return list;
  const kept = Object.fromEntries(Object.entries(plugin).filter(([k, v]) => !((k === 'name' || k === 'cniVersion') && v === list[k])));
  return { ...list, plugins: [kept] };
}

/** Maps a pointer in the up-converted list back to the single-plugin source. */
function upConvertedToSource(pointer: string): string {
  const segments = parsePointer(pointer);
  if (segments[0] === 'plugins') {
    if (segments.length === 1) return '';
    if (segments[1] === '0') return toPointer(segments.slice(2));
  }
  return pointer;
}

function sourceToUpConverted(pointer: string): string {
  return pointer === '' ? '/plugins/0' : '/plugins/0' + pointer;
}

export interface ShapeOptions {
  kind: FileKind;
  /** Offsets of the JSON inside a larger source (NAD YAML) are mapped by this function. */
  mapRange?: (range: TextRange) => TextRange;
}

/** Parses JSON text and shapes it into a conflist. */
export function parseConfig(text: string, options: ShapeOptions = { kind: 'auto' }): ParsedConfig {
  const source = parseJsonSource(text);
  return shapeConfig(source, options);
}

const sameRange = (r: TextRange) => r;

function shapeConfig(source: JsonSource, { kind, mapRange = sameRange }: ShapeOptions): ParsedConfig {
  const findings: Finding[] = source.findings.length === 0 ? [] : source.findings.map((f) => ({ ...f, range: f.range && mapRange(f.range) }));
  const fallbackRange = mapRange({ start: source.rootOffset, end: source.rootOffset + 1 });
  const finiteNumbers = source.finiteNumbers === true;
  const base = { findings, fallbackRange, duplicateKeys: [] as DuplicateKey[], finiteNumbers };
  // Every config of an editor session and every NAD of a dump gets one: no wrapper when nothing maps.
  const plainLocate: ParsedConfig['locate'] =
    mapRange === sameRange
      ? (pointer, target) => source.locate(pointer, target)
      : (pointer, target) => {
          const r = source.locate(pointer, target);
          return r && mapRange(r);
        };
  if (source.fatal) return { ...base, conflist: undefined, upConverted: false, locate: plainLocate };
  const value = source.value;
  if (!isJsonObject(value)) {
    findings.push({
      code: 'CNI004',
      severity: 'error',
      message: `The top level must be a JSON object (a conflist or a single plugin config), not ${Array.isArray(value) ? 'an array' : typeof value === 'string' ? 'a string' : String(value)}.`,
      pointer: '',
      range: fallbackRange,
    });
    return { ...base, conflist: undefined, upConverted: false, locate: plainLocate };
  }
  const hasPlugins = Object.hasOwn(value, 'plugins');
  const looksLikePlugin = Object.hasOwn(value, 'type');
  const wrap = !hasPlugins && (looksLikePlugin || kind === 'conf');
  if (kind === 'conflist' && wrap) {
    findings.push({
      code: 'CNI006',
      severity: 'error',
      message: 'This .conflist file holds a single plugin config, not a list: runtimes read .conflist files as lists and find no plugins. Wrap it in a list or rename the file to .conf.',
      pointer: '',
      range: fallbackRange,
      fix: { title: 'Wrap the plugin in a conflist', patch: [{ op: 'replace', path: '', value: upConvert(value) }] },
    });
  } else if (kind === 'conf' && hasPlugins) {
    findings.push({
      code: 'CNI007',
      severity: 'error',
      message: "This .conf file holds a list (it has 'plugins'): runtimes read .conf and .json files as a single plugin and fail with \"missing 'type'\". Rename the file to .conflist.",
      pointer: '/plugins',
      target: 'key',
    });
  } else if (wrap) {
    findings.push({
      code: 'CNI009',
      severity: 'info',
      message: 'A single-plugin config (.conf): runtimes wrap it into a list with one plugin, taking name and cniVersion from it.',
      pointer: '',
      range: fallbackRange,
    });
  }
  if (!wrap) {
    const duplicateKeys = source.duplicateKeys.length === 0 ? base.duplicateKeys : source.duplicateKeys.map((d) => ({ ...d, range: mapRange(d.range) }));
    return { findings, fallbackRange, duplicateKeys, finiteNumbers, conflist: value, upConverted: false, locate: plainLocate };
  }
  return {
    ...base,
    duplicateKeys: source.duplicateKeys.map((d) => ({ ...d, objectPointer: sourceToUpConverted(d.objectPointer), range: mapRange(d.range) })),
    conflist: upConvert(value),
    upConverted: true,
    locate: (pointer, target) => plainLocate(upConvertedToSource(pointer), target),
  };
}

export { shapeConfig };
