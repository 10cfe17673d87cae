// The one normalize step every import path goes through: file, paste, template, NAD YAML.
import { parseConfig, type ParsedConfig } from './document';
import type { Finding } from '../validate/finding';
import type { JsonObject } from './types';
import { isYamlFileName, kindFromFileName, type FileKind } from './file-names';
import { looksLikeKubernetesJson, looksLikeYaml, NAD_KIND, objectName, parseNadYaml } from './nad';

export interface SourceOptions {
  fileName?: string;
  kind?: FileKind | 'yaml';
}

export interface ParsedSource {
  text: string;
  format: 'json' | 'yaml';
  /** One entry per configuration found (several for multi-document NAD YAML). */
  configs: ParsedConfig[];
}

// The limits and textProblem live apart, so code that only checks a text does not bring the YAML reader.
export { MAX_DUMP_CHARS, MAX_SOURCE_CHARS, sizeProblem, textProblem } from './text-limits';
import { MAX_DUMP_CHARS, MAX_SOURCE_CHARS, textProblem } from './text-limits';

export function isYamlSource(text: string, options: SourceOptions = {}): boolean {
  if (options.kind === 'yaml') return true;
  if (options.kind) return false;
  if (options.fileName && isYamlFileName(options.fileName)) return true;
  const kind = kindFromFileName(options.fileName);
  // kubectl's `-o json` is a .json file too: JSON is YAML, and its objects are read as Kubernetes objects.
  if (kind === 'conflist') return false;
  if (kind === 'auto' && looksLikeYaml(text)) return true;
  return looksLikeKubernetesJson(text);
}

/** textProblem with the limit of what the text is: Kubernetes objects may be a whole cluster's dump. */
export function sourceTextProblem(text: string, options: SourceOptions = {}): string | undefined {
  if (text.length <= MAX_SOURCE_CHARS) return textProblem(text);
  return textProblem(text, text.length <= MAX_DUMP_CHARS && isYamlSource(text, options) ? MAX_DUMP_CHARS : MAX_SOURCE_CHARS);
}

export function parseSource(text: string, options: SourceOptions = {}): ParsedSource {
  const unreadable = sourceTextProblem(text, options);
  if (unreadable) {
    const finding = { code: 'CNI010', severity: 'error' as const, message: `This input cannot be a CNI config: ${unreadable}.`, pointer: '', range: { start: 0, end: 0 } };
    return { text: '', format: 'json', configs: [{ conflist: undefined, upConverted: false, findings: [finding], duplicateKeys: [], locate: () => undefined, fallbackRange: { start: 0, end: 0 } }] };
  }
  if (!isYamlSource(text, options)) {
    const kind = options.kind && options.kind !== 'yaml' ? options.kind : kindFromFileName(options.fileName);
    if (text.startsWith('\uFEFF')) return { text, format: 'json', configs: [withBom(text, kind)] };
    return { text, format: 'json', configs: [parseConfig(text, { kind })] };
  }
  const configs = parseNadYaml(text).map((nad): ParsedConfig => {
    const label = nad.name ?? `document ${nad.index + 1}`;
    const object = { kind: nad.kind, name: nad.name, namespace: nad.namespace, ...(nad.resourceName !== undefined ? { resourceName: nad.resourceName } : {}), range: nad.range, ...(nad.nameRange ? { nameRange: nad.nameRange } : {}), ...(nad.podNetworks ? { podNetworks: nad.podNetworks } : {}) };
    const named = objectName(nad);
    const withObject = (f: Finding): Finding => ({ ...f, document: nad.index, ...(named ? { object: named } : {}) });
    if (!nad.config) {
      return { conflist: undefined, upConverted: false, findings: nad.findings.map(withObject), duplicateKeys: [], locate: () => undefined, fallbackRange: nad.range, label, object };
    }
    const { toSource } = nad.config;
    const parsed = parseConfig(nad.config.text, { kind: 'auto', mapRange: (r) => ({ start: toSource(r.start), end: toSource(r.end) }) });
    // Multus takes single-plugin configs natively: the up-conversion note would only be noise here.
    const findings = [...nad.findings, ...parsed.findings.filter((f) => f.code !== 'CNI009')];
    const conflist = parsed.conflist;
    // Multus fills the name when the config's key "name" (exactly) is missing or holds "" (`!ok || n == ""`
    // on the decoded map), then re-marshals the map: a "Name" sorts before it and Go's decoder keeps the last.
    const raw = conflist && parsed.upConverted ? (conflist.plugins as JsonObject[])[0] : conflist;
    const empty = raw?.name === '';
    if (conflist && raw && (!Object.hasOwn(raw, 'name') || empty) && nad.name) {
      conflist.name = nad.name;
      findings.push({
        code: 'CNI023',
        severity: 'info',
        message: `The config ${empty ? 'has an empty name' : 'has no name'}: Multus uses the ${NAD_KIND}'s metadata.name ("${nad.name}").`,
        pointer: '',
        range: nad.config.range,
      });
    }
    return { ...parsed, findings: findings.map(withObject), label, object };
  });
  return { text, format: 'yaml', configs };
}

/**
 * A JSON file that begins with a byte order mark: Go's decoder refuses it at the first byte, so libcni
 * loads no such file (cnitool 1.3.0: "error parsing configuration list: invalid character 'ï' looking for
 * beginning of value"). Said once, at the mark; the rest is checked as the file it would be without one.
 */
function withBom(text: string, kind: ReturnType<typeof kindFromFileName>): ParsedConfig {
  const parsed = parseConfig(text.slice(1), { kind, mapRange: (r) => ({ start: r.start + 1, end: r.end + 1 }) });
  const bom: Finding = {
    code: 'CNI001',
    severity: 'error',
    message: `The file begins with a byte order mark (BOM), which Go's JSON decoder refuses: libcni does not load it ("invalid character 'ï' looking for beginning of value"). Save it as UTF-8 without a BOM.`,
    pointer: '',
    range: { start: 0, end: 1 },
  };
  return { ...parsed, findings: [bom, ...parsed.findings] };
}
